#include <boost/program_options.hpp>

#include <iostream>

#include "cli/parsing/command.h"
#include "cli/parsing/config_arguments.h"
#include "run/evaluate_checkpoint.h"

namespace po = boost::program_options;

namespace sigvit::cli {

int run_eval(const std::vector<std::string>& args) {
  po::options_description options(
      "usage: sigvit eval CONFIG --checkpoint FILE [--split test] [--set KEY=VALUE]...\n\noptions");
  options.add_options()
      ("help,h", "show this help")
      ("checkpoint", po::value<std::string>(), "a best.ckpt or last.ckpt of a run")
      ("split", po::value<std::string>()->default_value("test"), "the split of the config's data set to evaluate")
      ("set", po::value<std::vector<std::string>>()->composing(), "override a config key, e.g. --set data.path=other.h5")
      ("threads", po::value<int>(), "intra-op threads (default: the config's `threads`, 0: all cores)")
      ("precision", po::value<std::string>(), "fp32, bf16 or auto (default: the config's train.precision, else fp32)");
  const po::variables_map vm = parse_config_arguments(args, options);
  if (vm.count("help")) {
    std::cout << options << "\nThe model and its normalisation come from the checkpoint; CONFIG gives the data.\n";
    return 0;
  }
  if (!vm.count("checkpoint")) throw po::error("missing --checkpoint FILE");
  EvalRequest request;
  request.config_path = vm["config"].as<std::string>();
  request.overrides = overrides_of(vm);
  request.checkpoint = vm["checkpoint"].as<std::string>();
  request.split = vm["split"].as<std::string>();
  if (vm.count("threads")) request.threads = vm["threads"].as<int>();
  if (vm.count("precision")) request.precision = vm["precision"].as<std::string>();
  evaluate_checkpoint(request, std::cout);
  return 0;
}

}  // namespace sigvit::cli
