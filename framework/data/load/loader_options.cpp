#include "data/load/loader_options.h"

#include <cmath>

namespace sigvit {

LoaderOptions LoaderOptions::for_evaluation() const {
  LoaderOptions evaluation = *this;
  evaluation.shuffle = false;
  evaluation.balanced = false;
  evaluation.drop_last = false;
  evaluation.pad_shares = false;
  // A model trained on crops sees inputs of the crop's length: evaluation
  // takes the centre window of that length, deterministically.
  evaluation.augment = AugmentOptions();
  evaluation.augment.crop_length = augment.crop_length;
  evaluation.augment.crop_center = true;
  return evaluation;
}

const std::vector<std::string>& loader_option_keys() {
  static const std::vector<std::string> keys{"batch_size", "shuffle", "drop_last", "memory_budget_mb",
                                             "prefetch", "shuffle_block_kb", "shuffle_window",
                                             "sampler", "normalization", "augment"};
  return keys;
}

LoaderOptions parse_loader_options(const ConfigNode& data) {
  LoaderOptions options;
  auto integer_at_least = [&](const std::string& key, int64_t fallback, int64_t minimum) {
    const int64_t value = data.get<int64_t>(key, fallback);
    if (value < minimum) {
      data.child(key).fail("expected an integer >= " + std::to_string(minimum) + ", got " + std::to_string(value));
    }
    return value;
  };
  options.batch_size = integer_at_least("batch_size", options.batch_size, 1);
  options.shuffle = data.get<bool>("shuffle", options.shuffle);
  options.drop_last = data.get<bool>("drop_last", options.drop_last);
  if (data.has("sampler")) {
    const ConfigNode node = data.child("sampler");
    const std::string sampler = node.as<std::string>();
    if (sampler != "shuffle" && sampler != "balanced")
      node.fail("expected shuffle (each case once per epoch) or balanced (every class equally often), got '" +
                sampler + "'");
    options.balanced = sampler == "balanced";
    if (options.balanced && data.has("shuffle") && !options.shuffle)
      node.fail("balanced draws cases at random; it cannot go with shuffle: false");
  }
  options.prefetch = integer_at_least("prefetch", options.prefetch, 0);
  options.shuffle_block_bytes = integer_at_least("shuffle_block_kb", options.shuffle_block_bytes >> 10, 1) << 10;
  options.shuffle_window_blocks = integer_at_least("shuffle_window", options.shuffle_window_blocks, 1);
  if (data.has("memory_budget_mb")) {
    const double megabytes = data.child("memory_budget_mb").as<double>();
    if (!(megabytes >= 0) || !std::isfinite(megabytes)) data.child("memory_budget_mb").fail("expected a number >= 0");
    options.memory_budget_bytes = static_cast<int64_t>(megabytes * 1024 * 1024);
  }
  if (data.has("normalization")) {
    const ConfigNode node = data.child("normalization");
    options.normalization = parse_normalization_mode(node.as<std::string>(), node.where());
  }
  if (data.has("augment")) options.augment = parse_augment_options(data.child("augment"));
  return options;
}

}  // namespace sigvit
