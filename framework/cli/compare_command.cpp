#include <boost/program_options.hpp>
#include <unistd.h>

#include <iostream>

#include "cli/command.h"
#include "cli/config_arguments.h"
#include "compare/compare_runner.h"
#include "runtime/interrupt.h"

namespace po = boost::program_options;

namespace sigvit::cli {

int run_compare(const std::vector<std::string>& args) {
  po::options_description options(
      "usage: sigvit compare COMPARE.yaml [--set KEY=VALUE]... [--threads T] [--report-only]\n\noptions");
  options.add_options()
      ("help,h", "show this help")
      ("set", po::value<std::vector<std::string>>()->composing(),
       "override a key of every run's config, e.g. --set train.epochs=5")
      ("threads", po::value<int>(), "intra-op threads of every run (0: all cores)")
      ("report-only", "train nothing; write the report of the runs finished so far");
  const po::variables_map vm = parse_config_arguments(args, options);
  if (vm.count("help")) {
    std::cout << options
              << "\nCOMPARE.yaml lists runs, or data sets x models (x seeds), each an experiment "
                 "(configs/README.md, \"Comparisons\").\nThe runs train one after another; a rerun skips finished "
                 "runs and resumes an interrupted one.\nThe report (report.md, results.csv, results.json, plots/) "
                 "goes to the comparison's output directory.\n";
    return 0;
  }
  CompareRequest request;
  request.file = vm["config"].as<std::string>();
  request.overrides = overrides_of(vm);
  if (vm.count("threads")) request.threads = vm["threads"].as<int>();
  request.report_only = vm.count("report-only") > 0;
  request.terminal = ::isatty(STDOUT_FILENO) == 1;
  const CompareOutcome outcome = run_comparison(request, std::cout);
  return outcome.interrupted ? 128 + InterruptGuard::signal_number() : 0;
}

}  // namespace sigvit::cli
