#include <boost/program_options.hpp>
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "cli/parsing/command.h"
#include "cli/parsing/config_arguments.h"
#include "compare/compare_runner.h"
#include "search/compare_searches.h"
#include "distributed/rank_environment.h"
#include "sigvit/error.h"
#include "runtime/interrupt.h"

namespace po = boost::program_options;

namespace sigvit::cli {

int run_compare(const std::vector<std::string>& args) {
  po::options_description options(
      "usage: sigvit compare COMPARE.yaml [--set KEY=VALUE]... [--threads T] [--jobs N] [--nproc N]\n"
      "                      [--list | --only I[,J-K...] | --shard K/N | --report-only]\n\noptions");
  options.add_options()
      ("help,h", "show this help")
      ("set", po::value<std::vector<std::string>>()->composing(),
       "override a key of every run's config, e.g. --set train.epochs=5")
      ("threads", po::value<int>(), "intra-op threads of every run (default: all cores, split among --jobs)")
      ("jobs", po::value<int>()->default_value(1), "runs trained at once, each in its own process, the costliest first")
      ("nproc", po::value<int>()->default_value(1), "train each run data-parallel on N local processes (docs/distributed.md)")
      ("list", "print the runs (number, data set, model, seed, state) and train nothing")
      ("only", po::value<std::string>(), "train only these runs, numbered as --list prints them, e.g. 3,5,7-9")
      ("shard", po::value<std::string>(), "train every N-th run from the K-th, e.g. 2/8 (one of N machines)")
      ("no-report", "train, but leave the report to a later `--report-only` (what --jobs tells its children)")
      ("report-only", "train nothing; write the report of the runs finished so far");
  const po::variables_map vm = parse_config_arguments(args, options);
  if (vm.count("help")) {
    std::cout << options
              << "\nCOMPARE.yaml lists runs, or data sets x models (x seeds), each an experiment "
                 "(configs/README.md, \"Comparisons\").\nThe runs train one after another (or --jobs at a time); a rerun "
                 "skips finished runs and resumes an interrupted one.\nEach run trains under a lock in its "
                 "directory, so processes on several machines (--only, --shard) can share one output.\nThe report (report.md, results.csv, results.json, plots/) "
                 "goes to the comparison's output directory.\n";
    return 0;
  }
  CompareRequest request;
  request.file = vm["config"].as<std::string>();
  request.overrides = overrides_of(vm);
  if (vm.count("threads")) request.threads = vm["threads"].as<int>();
  request.report_only = vm.count("report-only") > 0;
  request.list = vm.count("list") > 0;
  if (vm.count("only")) request.only = vm["only"].as<std::string>();
  if (vm.count("shard")) request.shard = vm["shard"].as<std::string>();
  request.jobs = vm["jobs"].as<int>();
  request.write_report = vm.count("no-report") == 0;
  request.nproc = vm["nproc"].as<int>();
  if (request.nproc < 1) throw Error("--nproc: expected 1 or more processes, got " + std::to_string(request.nproc));
  request.ranks = read_rank_environment();
  request.choose_recipes = choose_searched_recipes;
  if (request.ranks.distributed() && (request.only.empty() || request.write_report)) {
    throw Error("a data-parallel rank of `sigvit compare` trains one run: give --only I --no-report "
                "(what `sigvit compare --nproc N` passes its ranks)");
  }
  // One rank prints; the others' output would repeat it.
  const bool quiet = request.ranks.rank != 0;
  request.terminal = ::isatty(STDOUT_FILENO) == 1 && !quiet;
  std::ofstream nowhere;
  const CompareOutcome outcome = run_comparison(request, quiet ? static_cast<std::ostream&>(nowhere) : std::cout);
  if (outcome.interrupted) return 128 + InterruptGuard::signal_number();
  if (!outcome.failed.empty()) {
    std::cerr << "sigvit compare: " << outcome.failed.size() << " run(s) failed:\n";
    for (const std::string& failure : outcome.failed) std::cerr << "  " << failure << "\n";
    return 1;
  }
  return 0;
}

}  // namespace sigvit::cli
