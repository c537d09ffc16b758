#include <boost/program_options.hpp>
#include <unistd.h>

#include <iostream>

#include "cli/command.h"
#include "cli/config_arguments.h"
#include "run/run_experiment.h"
#include "runtime/interrupt.h"

namespace po = boost::program_options;

namespace sigvit::cli {

int run_run(const std::vector<std::string>& args) {
  po::options_description options("usage: sigvit run CONFIG [--set KEY=VALUE]... [--resume]\n\noptions");
  options.add_options()
      ("help,h", "show this help")
      ("set", po::value<std::vector<std::string>>()->composing(), "override a config key, e.g. --set train.epochs=5")
      ("threads", po::value<int>(), "intra-op threads, replacing the config's `threads` (0: all cores)")
      ("resume", "continue the newest interrupted run of this config's output directory");
  const po::variables_map vm = parse_config_arguments(args, options);
  if (vm.count("help")) {
    std::cout << options
              << "\nCONFIG is an experiment YAML (configs/README.md), e.g. configs/experiments/fsdd_vit1d.yaml.\n"
                 "Ctrl-C stops after the current step with a checkpoint that --resume continues exactly.\n";
    return 0;
  }
  RunRequest request;
  request.config_path = vm["config"].as<std::string>();
  request.overrides = overrides_of(vm);
  if (vm.count("threads")) request.threads = vm["threads"].as<int>();
  request.resume = vm.count("resume") > 0;
  request.terminal = ::isatty(STDOUT_FILENO) == 1;
  const RunOutcome outcome = run_experiment(request, std::cout);
  return outcome.outcome == FitOutcome::interrupted ? 128 + InterruptGuard::signal_number() : 0;
}

}  // namespace sigvit::cli
