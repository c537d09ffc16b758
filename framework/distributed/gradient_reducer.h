#pragma once

#include <torch/types.h>

#include <cstdint>
#include <vector>

#include "distributed/communicator.h"

namespace sigvit {

// Data-parallel training's side of every optimizer step, as PyTorch's DDP
// does it: gradients summed over the ranks in flattened buckets (about
// 25 MB each) and divided by the world size, a parameter without a
// gradient counting as zeros; buffers (BatchNorm statistics) taken from rank
// 0 before each forward. With the last bucket go two flags, so that every
// rank makes the same decision without another round trip: whether some
// rank's loss was not finite (then no rank applies the step), and whether
// some rank was asked to stop (then every rank stops after this step).
class GradientReducer {
 public:
  static constexpr int64_t kDefaultBucketBytes = int64_t{25} << 20;

  GradientReducer(Communicator& communicator, std::vector<torch::Tensor> parameters,
                  std::vector<torch::Tensor> buffers, int64_t bucket_bytes = kDefaultBucketBytes);

  Communicator& communicator() { return communicator_; }
  // Set by the trainer (train.sync_batchnorm): training forwards take
  // BatchNorm statistics over all ranks' batches.
  bool synchronise_batchnorm = false;
  // Parameters and buffers take rank 0's values: once, at the start.
  void broadcast_state();
  // Floating-point buffers take rank 0's values, before a training forward.
  void broadcast_buffers();
  // Whether this rank was asked to stop; sent with the next average.
  void request_stop(bool requested) { local_stop_ = requested; }
  // Averages the gradients over the ranks; `local_loss_finite` false: this
  // rank contributes zeros and no rank applies the step. Returns whether
  // every rank's loss was finite.
  bool average_gradients(bool local_loss_finite);
  // After average_gradients: whether some rank was asked to stop.
  bool stop_requested() const { return stop_requested_; }
  size_t buckets() const { return buckets_.size(); }
  // Wall time spent in the step's collectives so far.
  double seconds_communicating() const { return seconds_; }

 private:
  struct Bucket {
    std::vector<size_t> members;  // indices into parameters_
    torch::Tensor flat;
  };

  // visit(parameter, its slot in the bucket's flat tensor), in bucket order.
  template <typename Visit>
  void for_each_slot(Bucket& bucket, Visit visit);

  Communicator& communicator_;
  std::vector<torch::Tensor> parameters_;
  std::vector<torch::Tensor> buffers_;
  std::vector<Bucket> buckets_;
  double seconds_ = 0;
  bool local_stop_ = false;
  bool stop_requested_ = false;
};

}  // namespace sigvit
