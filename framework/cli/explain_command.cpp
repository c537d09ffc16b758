#include <boost/program_options.hpp>

#include <iostream>

#include "cli/parsing/command.h"
#include "cli/parsing/config_arguments.h"
#include "explain/explain_inputs.h"
#include "runtime/device.h"
#include "runtime/threads.h"

namespace po = boost::program_options;

namespace sigvit::cli {

int run_explain(const std::vector<std::string>& args) {
  po::options_description options("usage: sigvit explain --checkpoint FILE [options] INPUT...\n\noptions");
  options.add_options()
      ("help,h", "show this help")
      ("checkpoint", po::value<std::string>(), "a best.ckpt or last.ckpt of a ViT run")
      ("output,o", po::value<std::string>()->default_value("explain"), "folder for the PNGs and explain.json")
      ("split", po::value<std::string>(), "of an .h5 input: only this split (default: every split)")
      ("limit", po::value<int64_t>()->default_value(32), "inputs explained at most")
      ("resample", "resample audio recorded at another rate instead of refusing it")
      ("device", po::value<std::string>()->default_value("cpu"), "cpu, cuda or cuda:N")
      ("threads", po::value<int>()->default_value(0), "intra-op threads (0: all cores)");
  const po::variables_map vm = parse_checkpoint_input_arguments(args, options);
  if (vm.count("help")) {
    std::cout << options
              << "\nINPUT: as for `sigvit predict` (audio, images, .h5 data sets). For each input, attention rollout\n"
                 "(heads averaged, identity added, rows renormalised, layers multiplied; the cls token's row, or\n"
                 "the mean over tokens for mean pooling) mapped back onto the samples or pixels: a PNG per input\n"
                 "and per-token values in explain.json (docs/pretrained.md, \"Reading an attention map\").\n";
    return 0;
  }
  if (vm["limit"].as<int64_t>() < 1) throw po::error("--limit must be at least 1");
  configure_threads(vm["threads"].as<int>());
  const Predictor predictor(vm["checkpoint"].as<std::string>(), resolve_device(vm["device"].as<std::string>()));
  ExplainOptions explain;
  explain.output_dir = vm["output"].as<std::string>();
  explain.limit = vm["limit"].as<int64_t>();
  if (vm.count("split")) explain.inputs.split = vm["split"].as<std::string>();
  explain.inputs.resample = vm.count("resample") > 0;
  std::string problem;
  const std::vector<Explanation> explained =
      explain_inputs(predictor, vm["input"].as<std::vector<std::string>>(), explain, &problem);
  for (const Explanation& explanation : explained) {
    std::cout << explanation.input << ": " << explanation.predicted << " "
              << static_cast<int>(100.0 * explanation.probability + 0.5) << "%"
              << (explanation.png.empty() ? "" : "  -> " + explain.output_dir + "/" + explanation.png) << "\n";
  }
  std::cout << explained.size() << " input(s) explained; per-token relevance in " << explain.output_dir
            << "/explain.json\n";
  if (!problem.empty()) std::cerr << "warning: " << problem << "\n";
  return 0;
}

}  // namespace sigvit::cli
