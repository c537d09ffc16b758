#include "data/load/batch_loader.h"

#include <algorithm>
#include <functional>
#include <numeric>

#include "data/format/dataset_reader.h"
#include "data/load/seeded_random.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

int64_t case_bytes(const SplitLayout& layout) {
  const int64_t values = std::accumulate(layout.case_shape.begin(), layout.case_shape.end(), int64_t{1},
                                         std::multiplies<int64_t>());
  return values * static_cast<int64_t>(sizeof(float));
}

// The labels of the cases the loader walks, for balanced sampling.
std::vector<int64_t> labels_to_balance(const DatasetReader& reader, const std::string& split,
                                       const LoaderOptions& options, const std::vector<int64_t>& cases) {
  if (!options.balanced) return {};
  std::vector<int64_t> labels = reader.read_labels(split);
  if (cases.empty()) return labels;
  std::vector<int64_t> subset;
  // An index out of range is refused by the constructor, with the subset's error.
  for (int64_t i : cases) subset.push_back(i >= 0 && i < static_cast<int64_t>(labels.size()) ? labels[static_cast<size_t>(i)] : 0);
  return subset;
}

SamplerOptions sampler_options(const SplitLayout& layout, const LoaderOptions& options, size_t subset,
                               bool streaming, std::vector<int64_t> balance_labels) {
  SamplerOptions sampler;
  sampler.balance_labels = std::move(balance_labels);
  sampler.num_cases = subset ? static_cast<int64_t>(subset) : layout.num_cases;
  sampler.batch_size = options.batch_size;
  sampler.shuffle = options.shuffle;
  sampler.drop_last = options.drop_last;
  sampler.seed = options.seed;
  // Blocks only make streamed reads contiguous. A split in memory gets a full
  // shuffle (blocks of one case): files are often sorted by class, and a block
  // shuffle of sorted cases gives batches of a few classes that change from
  // window to window, which stalls training.
  sampler.block_cases = streaming ? std::max<int64_t>(1, options.shuffle_block_bytes / case_bytes(layout)) : 1;
  sampler.window_blocks = options.shuffle_window_blocks;
  sampler.rank = options.rank;
  sampler.world_size = options.world_size;
  sampler.pad_shares = options.pad_shares;
  return sampler;
}

}  // namespace

BatchLoader::BatchLoader(std::shared_ptr<const DatasetReader> reader, std::string split, LoaderOptions options,
                         NormalizationStats stats, std::vector<int64_t> cases)
    : reader_(std::move(reader)),
      split_(std::move(split)),
      options_(std::move(options)),
      has_lengths_(reader_->split(split_).has_lengths),
      streaming_(reader_->split(split_).num_cases * case_bytes(reader_->split(split_)) >
                 options_.memory_budget_bytes),
      sampler_(sampler_options(reader_->split(split_), options_, cases.size(), streaming_,
                               labels_to_balance(*reader_, split_, options_, cases))),
      normalizer_(options_.normalization, std::move(stats)),
      augmenter_(options_.augment, reader_->info().kind),
      cases_(std::move(cases)),
      store_(std::make_unique<CaseStore>(reader_, split_, sampler_.options().block_cases, !streaming_)) {
  const int64_t available = reader_->split(split_).num_cases;
  for (size_t i = 0; i < cases_.size(); ++i) {
    if (cases_[i] < 0 || cases_[i] >= available || (i > 0 && cases_[i] <= cases_[i - 1])) {
      throw Error(reader_->path() + ": /" + split_ + ": a case subset must hold increasing indices below " +
                  std::to_string(available));
    }
  }
}

BatchLoader::~BatchLoader() { stop(); }

void BatchLoader::stop() {
  if (queue_) queue_->close();
  if (producer_.joinable()) producer_.join();
  queue_.reset();
}

void BatchLoader::start_epoch(int64_t epoch, int64_t first_batch) {
  stop();
  epoch_ = epoch;
  std::vector<std::vector<int64_t>> batches = sampler_.batches(epoch);
  if (first_batch < 0 || first_batch > static_cast<int64_t>(batches.size())) {
    throw Error(reader_->path() + ": /" + split_ + ": cannot start epoch " + std::to_string(epoch) + " at batch " +
                std::to_string(first_batch) + " of " + std::to_string(batches.size()));
  }
  first_batch_ = static_cast<size_t>(first_batch);
  batches.erase(batches.begin(), batches.begin() + first_batch);
  if (!cases_.empty()) {
    for (auto& batch : batches) {
      for (int64_t& position : batch) position = cases_[static_cast<size_t>(position)];
    }
  }
  batch_count_ = batches.size();
  next_index_ = 0;
  store_->plan(batches);
  if (options_.prefetch > 0) {
    queue_ = std::make_unique<BoundedQueue<Produced>>(static_cast<size_t>(options_.prefetch));
    producer_ = std::thread([this] { produce(); });
  }
}

Batch BatchLoader::make_batch(size_t index) {
  GatheredCases cases = store_->gather(index);
  // Seeded by the batch's place in the whole epoch, skipped batches included.
  const uint64_t epoch_index = static_cast<uint64_t>(first_batch_ + index);
  Batch batch;
  batch.x = cases.x;
  batch.y = cases.y;
  if (has_lengths_) batch.lengths = cases.lengths;
  normalizer_.apply(batch.x, batch.lengths);
  augmenter_.apply(batch, mix_seed({options_.seed, static_cast<uint64_t>(epoch_),
                                    static_cast<uint64_t>(options_.rank), epoch_index}));
  return batch;
}

void BatchLoader::produce() {
  for (size_t index = 0; index < batch_count_; ++index) {
    Produced produced;
    try {
      produced.batch = make_batch(index);
    } catch (...) {
      produced.error = std::current_exception();
    }
    const bool failed = static_cast<bool>(produced.error);
    // A refused push means the consumer stopped the epoch.
    if (!queue_->push(std::move(produced)) || failed) break;
  }
  queue_->close();
}

void BatchLoader::raise(std::exception_ptr error, size_t index) const {
  try {
    std::rethrow_exception(error);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(reader_->path() + ": /" + split_ + ": batch " + std::to_string(first_batch_ + index) + " of epoch " +
                std::to_string(epoch_) + ": " + e.what());
  }
}

std::optional<Batch> BatchLoader::next() {
  if (next_index_ >= batch_count_) return std::nullopt;
  const size_t index = next_index_++;
  if (!queue_) {
    try {
      return make_batch(index);
    } catch (...) {
      next_index_ = batch_count_;
      raise(std::current_exception(), index);
    }
  }
  std::optional<Produced> produced = queue_->pop();
  if (!produced) return std::nullopt;
  if (produced->error) {
    next_index_ = batch_count_;
    raise(produced->error, index);
  }
  return std::move(produced->batch);
}

}  // namespace sigvit
