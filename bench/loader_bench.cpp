// Loader throughput: one epoch of a split, held in memory or streamed, with
// and without prefetch, as training would read it (shuffled, per-sample
// normalisation). Prints samples/s and MB/s of decoded float32 data.
//
//   sigvit_loader_bench FILE.h5 [SPLIT] [BATCH] [EPOCHS]

#include <ATen/Parallel.h>

#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

#include "data/format/dataset_reader.h"
#include "data/load/batch_loader.h"
#include "sigvit/error.h"

namespace {

struct Throughput {
  double samples_per_s;
  double mb_per_s;
};

Throughput measure(const std::shared_ptr<const sigvit::DatasetReader>& reader, const std::string& split,
                   sigvit::LoaderOptions options, int epochs) {
  sigvit::BatchLoader loader(reader, split, options);
  int64_t samples = 0, values = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int epoch = 0; epoch < epochs; ++epoch) {
    loader.start_epoch(epoch);
    while (auto batch = loader.next()) {
      samples += batch->x.size(0);
      values += batch->x.numel();
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {samples / seconds, values * 4.0 / (1024.0 * 1024.0) / seconds};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: sigvit_loader_bench FILE.h5 [SPLIT=train] [BATCH=64] [EPOCHS=3]\n";
    return 2;
  }
  const std::string split = argc > 2 ? argv[2] : "train";
  const int64_t batch = argc > 3 ? std::stoll(argv[3]) : 64;
  const int epochs = argc > 4 ? std::stoi(argv[4]) : 3;
  at::set_num_threads(1);  // leave the other core to the prefetch thread, as in training
  try {
    auto reader = std::make_shared<const sigvit::DatasetReader>(argv[1]);
    std::cout << argv[1] << " /" << split << ", batch " << batch << ", " << epochs << " epochs\n"
              << std::left << std::setw(12) << "mode" << std::setw(10) << "prefetch" << std::right << std::setw(14)
              << "samples/s" << std::setw(10) << "MB/s" << '\n';
    for (bool streamed : {false, true}) {
      for (int64_t prefetch : {0, 2}) {
        sigvit::LoaderOptions options;
        options.batch_size = batch;
        options.prefetch = prefetch;
        options.normalization = sigvit::NormalizationMode::per_sample;
        options.memory_budget_bytes = streamed ? 0 : options.memory_budget_bytes;
        Throughput result = measure(reader, split, options, epochs);
        std::cout << std::left << std::setw(12) << (streamed ? "streamed" : "in-memory") << std::setw(10) << prefetch
                  << std::right << std::fixed << std::setprecision(0) << std::setw(14) << result.samples_per_s
                  << std::setw(10) << result.mb_per_s << '\n';
      }
    }
  } catch (const sigvit::Error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
