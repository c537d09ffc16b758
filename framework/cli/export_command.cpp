#include <boost/program_options.hpp>

#include <iostream>

#include "cli/parsing/command.h"
#include "export/model_export.h"

namespace po = boost::program_options;

namespace sigvit::cli {

int run_export(const std::vector<std::string>& args) {
  po::options_description options("usage: sigvit export --checkpoint FILE -o OUTPUT [--format F] [--names N]\n\noptions");
  options.add_options()
      ("help,h", "show this help")
      ("checkpoint", po::value<std::string>(), "a best.ckpt or last.ckpt of a run")
      ("output,o", po::value<std::string>(), "the file to write (replaced whole, never half-written)")
      ("format", po::value<std::string>()->default_value("safetensors"), "safetensors or torchscript")
      ("names", po::value<std::string>()->default_value("sigvit"),
       "parameter names of a safetensors export: sigvit, timm or torchvision");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(options).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << options
              << "\nsafetensors with timm or torchvision names load with load_state_dict into timm's\n"
                 "VisionTransformer or torchvision's vit_b_16 family of the same size; TorchScript runs with\n"
                 "torch.jit.load in Python or C++ without sigvit, on inputs of the trained shape, normalised as\n"
                 "in training (docs/pretrained.md says what each carries).\n";
    return 0;
  }
  if (!vm.count("checkpoint")) throw po::error("missing --checkpoint FILE");
  if (!vm.count("output")) throw po::error("missing -o OUTPUT");
  ExportRequest request;
  request.checkpoint = vm["checkpoint"].as<std::string>();
  request.output = vm["output"].as<std::string>();
  request.format = parse_export_format(vm["format"].as<std::string>());
  request.names = parse_weight_names(vm["names"].as<std::string>(), "--names");
  std::cout << export_checkpoint(request) << "\n";
  return 0;
}

}  // namespace sigvit::cli
