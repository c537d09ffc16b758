#include <boost/program_options.hpp>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/parsing/command.h"
#include "cli/parsing/config_arguments.h"
#include "cli/local_ranks.h"
#include "distributed/rank_environment.h"
#include "run/run_experiment.h"
#include "runtime/interrupt.h"

namespace po = boost::program_options;

namespace sigvit::cli {
namespace {

// `sigvit run` and `sigvit pretrain`: the same options and run directory,
// one objective or the other.
int train_from_config(const std::string& command, const std::vector<std::string>& args, bool pretrain,
                      const std::string& about) {
  po::options_description options("usage: sigvit " + command +
                                  " CONFIG [--set KEY=VALUE]... [--resume] [--nproc N]\n\noptions");
  options.add_options()
      ("help,h", "show this help")
      ("set", po::value<std::vector<std::string>>()->composing(), "override a config key, e.g. --set train.epochs=5")
      ("threads", po::value<int>(), "intra-op threads, replacing the config's `threads` (0: all cores)")
      ("resume", "continue the newest interrupted run of this config's output directory")
      ("nproc", po::value<int>(), "train data-parallel on N local processes (docs/distributed.md)")
      ("iface", po::value<std::string>(), "network interface of the ranks' connections (default: the one towards MASTER_ADDR)");
  const po::variables_map vm = parse_config_arguments(args, options);
  if (vm.count("help")) {
    std::cout << options << "\n" << about
              << "Ctrl-C stops after the current step with a checkpoint that --resume continues exactly.\n";
    return 0;
  }
  if (vm.count("iface")) setenv("SIGVIT_IFACE", vm["iface"].as<std::string>().c_str(), 1);
  RunRequest request;
  request.ranks = read_rank_environment();
  const int nproc = vm.count("nproc") ? vm["nproc"].as<int>() : 1;
  if (const auto launched = launch_local_ranks_if_asked(command, args, nproc, request.ranks)) return *launched;
  request.config_path = vm["config"].as<std::string>();
  request.overrides = overrides_of(vm);
  if (vm.count("threads")) request.threads = vm["threads"].as<int>();
  request.resume = vm.count("resume") > 0;
  request.pretrain = pretrain;
  request.terminal = ::isatty(STDOUT_FILENO) == 1 && request.ranks.rank == 0;
  const RunOutcome outcome = run_experiment(request, std::cout);
  return outcome.outcome == FitOutcome::interrupted ? 128 + InterruptGuard::signal_number() : 0;
}

}  // namespace

int run_run(const std::vector<std::string>& args) {
  return train_from_config(
      "run", args, false,
      "CONFIG is an experiment YAML (configs/README.md), e.g. configs/experiments/fsdd_vit1d.yaml.\n");
}

int run_pretrain(const std::vector<std::string>& args) {
  return train_from_config(
      "pretrain", args, true,
      "CONFIG is an experiment YAML with a ViT (configs/README.md, \"Pretraining\"); its `pretrain:` section\n"
      "sets the masking. The labels of data.train_split are ignored. The checkpoints (in runs/NAME_pretrain\n"
      "unless `output` is set) load into the ViT with model.pretrained.\n");
}

}  // namespace sigvit::cli
