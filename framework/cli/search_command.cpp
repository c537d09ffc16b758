#include <boost/program_options.hpp>
#include <unistd.h>

#include <iostream>

#include "cli/parsing/command.h"
#include "cli/parsing/config_arguments.h"
#include "runtime/interrupt.h"
#include "search/search_runner.h"

namespace po = boost::program_options;

namespace sigvit::cli {

int run_search(const std::vector<std::string>& args) {
  po::options_description options(
      "usage: sigvit search SEARCH.yaml [--threads T] [--jobs N] [--list | --only I[,J-K...] | --shard K/N]\n\n"
      "options");
  options.add_options()
      ("help,h", "show this help")
      ("threads", po::value<int>(), "intra-op threads of every run (default: all cores, split among --jobs)")
      ("jobs", po::value<int>()->default_value(1), "fold runs trained at once, each in its own process")
      ("list", "print the fold runs (number, fold, candidate, seed, state) and train nothing")
      ("only", po::value<std::string>(), "train only these fold runs, numbered as --list prints them, e.g. 3,5,7-9")
      ("shard", po::value<std::string>(), "train every N-th fold run from the K-th, e.g. 2/8 (one of N machines)");
  const po::variables_map vm = parse_config_arguments(args, options);
  if (vm.count("help")) {
    std::cout << options
              << "\nSEARCH.yaml names an experiment and the keys to vary (configs/README.md, \"Searches\"). Every\n"
                 "candidate is scored by stratified k-fold cross-validation inside the training split; the test\n"
                 "split is not read. The best candidate (leaderboard.md) is written as chosen.yaml, retrained on the\n"
                 "whole training split and tested once. A rerun skips finished fold runs.\n";
    return 0;
  }
  SearchRequest request;
  request.file = vm["config"].as<std::string>();
  if (vm.count("threads")) request.runs.threads = vm["threads"].as<int>();
  request.runs.jobs = vm["jobs"].as<int>();
  request.runs.list = vm.count("list") > 0;
  if (vm.count("only")) request.runs.only = vm["only"].as<std::string>();
  if (vm.count("shard")) request.runs.shard = vm["shard"].as<std::string>();
  request.runs.terminal = ::isatty(STDOUT_FILENO) == 1;
  const SearchOutcome outcome = sigvit::run_search(request, std::cout);
  if (outcome.interrupted) return 128 + InterruptGuard::signal_number();
  return 0;
}

}  // namespace sigvit::cli
