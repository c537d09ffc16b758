#include <boost/program_options.hpp>

#include <iostream>

#include "bench/run_benchmark.h"
#include "cli/parsing/command.h"
#include "cli/parsing/config_arguments.h"
#include "cli/local_ranks.h"
#include "config/config_loader.h"
#include "distributed/gloo_communicator.h"
#include "distributed/rank_environment.h"

namespace po = boost::program_options;

namespace sigvit::cli {

int run_bench(const std::vector<std::string>& args) {
  po::options_description options(
      "usage: sigvit bench CONFIG [--batch B] [--steps N] [--warmup W] [--threads T] [--precision P] [--gemm G] [--json] [--nproc N] [--set KEY=VALUE]...\n\n"
      "options");
  options.add_options()
      ("help,h", "show this help")
      ("set", po::value<std::vector<std::string>>()->composing(), "override a config key, e.g. --set model.encoder.depth=4")
      ("batch", po::value<int64_t>(), "samples per train and inference step (default: the config's)")
      ("steps", po::value<int64_t>(), "timed steps of each kind (default: the config's bench.steps, else 20)")
      ("warmup", po::value<int64_t>(), "untimed steps first (default: the config's bench.warmup, else 3)")
      ("threads", po::value<int>(), "intra-op threads, replacing the config's `threads` (0: all cores)")
      ("precision", po::value<std::string>(), "fp32, bf16 or auto (default: the config's train.precision, else fp32)")
      ("gemm", po::value<std::string>(), "linear layers' products: auto, blas or onednn (default: the config's runtime.gemm, else onednn)")
      ("json", "print one JSON object instead of the table")
      ("nproc", po::value<int>(), "time data-parallel training on N local ranks (threads: the cores divided among them)");
  const po::variables_map vm = parse_config_arguments(args, options);
  if (vm.count("help")) {
    std::cout << options
              << "\nCONFIG is a benchmark config (bench/configs/) or an experiment; the model is built as `sigvit "
                 "run` builds it\nand timed on synthetic input of its shape: train steps (forward, loss, backward, "
                 "optimizer step),\ninference steps and batch-1 latency, each as the median over the timed steps.\n";
    return 0;
  }
  const RankEnvironment ranks = read_rank_environment();
  const int nproc = vm.count("nproc") ? vm["nproc"].as<int>() : 1;
  if (const auto launched = launch_local_ranks_if_asked("bench", args, nproc, ranks)) return *launched;
  const std::string path = vm["config"].as<std::string>();
  BenchSetup setup = read_bench_setup(load_config(path, overrides_of(vm)), path);
  if (vm.count("batch")) setup.options.batch = vm["batch"].as<int64_t>();
  if (vm.count("steps")) setup.options.steps = vm["steps"].as<int64_t>();
  if (vm.count("warmup")) setup.options.warmup = vm["warmup"].as<int64_t>();
  if (vm.count("precision")) setup.precision = vm["precision"].as<std::string>();
  if (vm.count("gemm")) setup.gemm = vm["gemm"].as<std::string>();

  std::optional<int> threads = vm.count("threads") ? std::optional<int>(vm["threads"].as<int>()) : std::nullopt;
  std::unique_ptr<Communicator> communicator;
  if (ranks.distributed()) {
    communicator = connect_ranks(ranks);
    if (!threads && setup.threads <= 0) threads = ranks.cores_per_rank();
  }
  const BenchmarkReport report = run_benchmark(setup, threads, communicator.get());
  if (ranks.rank == 0) std::cout << (vm.count("json") ? benchmark_json(report) : format_benchmark(report));
  return 0;
}

}  // namespace sigvit::cli
