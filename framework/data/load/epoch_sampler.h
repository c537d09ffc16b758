#pragma once

#include <cstdint>
#include <vector>

namespace sigvit {

struct SamplerOptions {
  int64_t num_cases = 0;
  int64_t batch_size = 32;
  bool shuffle = true;
  bool drop_last = false;
  uint64_t seed = 0;
  // The block shuffle (see EpochSampler): consecutive cases per block, and
  // blocks per window within which cases are shuffled.
  int64_t block_cases = 64;
  int64_t window_blocks = 8;
  // Data-parallel training: this process's share of each epoch.
  int64_t rank = 0;
  int64_t world_size = 1;
  // A rank whose share of the final step is empty repeats a case, so that
  // every rank has as many batches (training: each step is a collective).
  // Off, it has one batch fewer: evaluation counts every case exactly once.
  bool pad_shares = true;
  // Balanced sampling: the label of each case. When given, an epoch is
  // num_cases draws with replacement, each a class drawn uniformly among
  // those present and then one of its cases, so that a rare class is seen as
  // often as a common one (each rare case many times per epoch).
  std::vector<int64_t> balance_labels;
};

// The case indices of every batch of one epoch, for one rank.
//
// Balanced sampling (balance_labels given) replaces the shuffle below; the
// order still depends only on (seed, epoch).
//
// The shuffled order is a block shuffle, so that a loader streaming from disk
// reads long runs of consecutive cases and still sees a well mixed order: the
// split is cut into blocks of `block_cases` consecutive cases, the blocks are
// permuted, and the cases of each window of `window_blocks` consecutive
// (permuted) blocks are shuffled among themselves; blocks of one case give a
// full shuffle, which the loader uses for splits held in memory. The order
// depends only on (seed, epoch).
//
// Ranks: the order is walked in steps of batch_size * world_size cases and
// rank r takes the r-th batch of every step, so all ranks take disjoint shares
// and the same number of batches. With drop_last a final partial step is
// dropped. Without it the final step is shared out evenly (batch sizes differ
// by at most one); when it holds fewer cases than there are ranks, the ranks
// left empty repeat cases from the start of the order, as one batch each, so
// that no rank waits for a batch the others never send (unless pad_shares is
// off).
class EpochSampler {
 public:
  // Throws sigvit::Error on options out of range.
  explicit EpochSampler(const SamplerOptions& options);

  const SamplerOptions& options() const { return options_; }
  int64_t batches_per_epoch() const;
  // All cases of the epoch in order, before sharding among ranks.
  std::vector<int64_t> order(int64_t epoch) const;
  // This rank's batches of the epoch.
  std::vector<std::vector<int64_t>> batches(int64_t epoch) const;

 private:
  SamplerOptions options_;
};

}  // namespace sigvit
