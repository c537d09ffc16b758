#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

namespace sigvit {

// What data-parallel training needs of its ranks' transport: collectives on
// tensors and one way to hand a string from the first rank to the others.
// Every rank must make the same calls in the same order; a call fails (with
// sigvit::Error) when another rank is gone or the timeout passes.
class Communicator {
 public:
  virtual ~Communicator() = default;

  virtual int rank() const = 0;
  virtual int world_size() const = 0;
  bool first() const { return rank() == 0; }

  // Elementwise sum over all ranks, in place; each tensor contiguous.
  virtual void all_reduce_sum(std::vector<torch::Tensor>& tensors) = 0;
  // Rank 0's values, in place, on every rank; one contiguous tensor.
  virtual void broadcast(torch::Tensor& tensor) = 0;
  // Rank 0's `value` for `key` on every rank (others pass anything).
  virtual std::string share(const std::string& key, const std::string& value) = 0;
  virtual void barrier() = 0;
};

}  // namespace sigvit
