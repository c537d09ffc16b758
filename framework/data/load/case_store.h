#pragma once

#include <torch/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sigvit {

class DatasetReader;

// The cases of one batch, in the batch's order.
struct GatheredCases {
  torch::Tensor x;        // float32 [B, ...case shape]
  torch::Tensor y;        // int64 [B]
  torch::Tensor lengths;  // int64 [B] (signals: L where the file has none), undefined for images
};

// The cases of one split, held whole or streamed: blocks of `block_cases`
// consecutive cases are read with one read_cases each when a batch first
// needs them and dropped after the last batch of the epoch that needs them,
// so only a window of the split is in memory.
class CaseStore {
 public:
  // Whole: reads the split now, as one block.
  CaseStore(std::shared_ptr<const DatasetReader> reader, std::string split, int64_t block_cases, bool whole);

  // Plans an epoch's batches (case indices per batch, in the order gather will
  // be called).
  void plan(const std::vector<std::vector<int64_t>>& batches);
  // The cases of batch `index` of the plan.
  GatheredCases gather(size_t index);
  // Blocks in memory now: 1 when whole, a window when streaming.
  size_t resident_blocks() const { return blocks_.size(); }

 private:
  struct Block {
    torch::Tensor x;
    torch::Tensor y;
    torch::Tensor lengths;
  };
  const Block& block(int64_t id);

  std::shared_ptr<const DatasetReader> reader_;
  std::string split_;
  int64_t block_cases_;
  bool whole_;
  std::map<int64_t, Block> blocks_;
  std::vector<std::vector<int64_t>> batches_;
  // The last batch of the plan that needs each block.
  std::map<int64_t, size_t> last_use_;
};

}  // namespace sigvit
