#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "data/load/augmentation.h"
#include "data/load/batch.h"
#include "data/load/bounded_queue.h"
#include "data/load/case_store.h"
#include "data/load/epoch_sampler.h"
#include "data/load/loader_options.h"
#include "data/load/normalization.h"

namespace sigvit {

class DatasetReader;

// Batches of one split, epoch after epoch:
//
//   BatchLoader loader(reader, "train", options, stats);
//   loader.start_epoch(epoch);
//   while (std::optional<Batch> batch = loader.next()) ...
//
// The split is held whole, and shuffled whole, when its decoded values fit
// options.memory_budget_bytes; otherwise it is streamed and shuffled in blocks
// (EpochSampler). Without shuffling both give exactly the same batches. With
// prefetch > 0 a background thread prepares up to that many batches ahead.
// Each batch depends only on (seed, epoch, rank, batch index), never on timing.
// Errors, the background thread's included, arrive from next() as sigvit::Error.
class BatchLoader {
 public:
  // `stats` is used only by per_channel normalisation (compute_channel_stats
  // on the train split). Augmentation applies when options.augment sets any.
  // `cases` restricts the loader to those case indices of the split, in
  // increasing order (a validation set carved from train); empty means all.
  BatchLoader(std::shared_ptr<const DatasetReader> reader, std::string split, LoaderOptions options,
              NormalizationStats stats = {}, std::vector<int64_t> cases = {});
  // Stops the background thread mid-epoch if need be.
  ~BatchLoader();
  BatchLoader(const BatchLoader&) = delete;
  BatchLoader& operator=(const BatchLoader&) = delete;

  bool streaming() const { return streaming_; }
  int64_t block_cases() const { return sampler_.options().block_cases; }
  int64_t batches_per_epoch() const { return sampler_.batches_per_epoch(); }
  const EpochSampler& sampler() const { return sampler_; }

  // Starts (or restarts) an epoch; an unfinished one is abandoned. Batches
  // before `first_batch` are skipped unread, so an interrupted epoch resumes
  // with exactly the batches it would have had.
  void start_epoch(int64_t epoch, int64_t first_batch = 0);
  // Cases per epoch before sharding among ranks.
  int64_t num_cases() const { return sampler_.options().num_cases; }
  // The next batch of the epoch, or nothing at its end (and before start_epoch).
  std::optional<Batch> next();

 private:
  struct Produced {
    std::optional<Batch> batch;
    std::exception_ptr error;
  };

  Batch make_batch(size_t index);
  void produce();
  void stop();
  [[noreturn]] void raise(std::exception_ptr error, size_t index) const;

  std::shared_ptr<const DatasetReader> reader_;
  std::string split_;
  LoaderOptions options_;
  bool has_lengths_ = false;
  bool streaming_ = false;
  EpochSampler sampler_;
  Normalizer normalizer_;
  Augmenter augmenter_;
  std::vector<int64_t> cases_;
  std::unique_ptr<CaseStore> store_;

  int64_t epoch_ = 0;
  size_t first_batch_ = 0;
  size_t batch_count_ = 0;
  size_t next_index_ = 0;
  std::unique_ptr<BoundedQueue<Produced>> queue_;
  std::thread producer_;
};

}  // namespace sigvit
