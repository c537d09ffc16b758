#include "distributed/gradient_reducer.h"

#include <torch/types.h>
#include <torch/utils.h>

#include <chrono>
#include <map>

#include "sigvit/error.h"

namespace sigvit {
namespace {

constexpr int64_t kFlags = 2;  // non-finite losses, stop requests

// One flat tensor of `tensors`, to broadcast in one call; copied back after.
void broadcast_flat(Communicator& communicator, const std::vector<torch::Tensor>& tensors) {
  if (tensors.empty()) return;
  std::vector<torch::Tensor> flat_views;
  for (const torch::Tensor& tensor : tensors) flat_views.push_back(tensor.detach().reshape(-1));
  torch::Tensor flat = torch::cat(flat_views);
  communicator.broadcast(flat);
  int64_t offset = 0;
  torch::NoGradGuard no_grad;
  for (const torch::Tensor& tensor : tensors) {
    const int64_t n = tensor.numel();
    tensor.copy_(flat.narrow(0, offset, n).view_as(tensor));
    offset += n;
  }
}

std::vector<std::vector<torch::Tensor>> by_dtype(const std::vector<torch::Tensor>& tensors) {
  std::map<torch::ScalarType, std::vector<torch::Tensor>> groups;
  for (const torch::Tensor& tensor : tensors) groups[tensor.scalar_type()].push_back(tensor);
  std::vector<std::vector<torch::Tensor>> result;
  for (auto& [dtype, group] : groups) result.push_back(std::move(group));
  return result;
}

}  // namespace

GradientReducer::GradientReducer(Communicator& communicator, std::vector<torch::Tensor> parameters,
                                 std::vector<torch::Tensor> buffers, int64_t bucket_bytes)
    : communicator_(communicator), parameters_(std::move(parameters)) {
  for (torch::Tensor& buffer : buffers) {
    if (buffer.is_floating_point()) buffers_.push_back(std::move(buffer));
  }
  int64_t bytes = 0;
  for (size_t i = 0; i < parameters_.size(); ++i) {
    const torch::Tensor& parameter = parameters_[i];
    if (parameter.scalar_type() != torch::kFloat) {
      throw Error("data-parallel training needs float32 parameters; parameter " + std::to_string(i) + " is " +
                  std::string(c10::toString(parameter.scalar_type())));
    }
    const int64_t size = parameter.numel() * static_cast<int64_t>(sizeof(float));
    if (buckets_.empty() || (bytes + size > bucket_bytes && !buckets_.back().members.empty())) {
      buckets_.emplace_back();
      bytes = 0;
    }
    buckets_.back().members.push_back(i);
    bytes += size;
  }
  if (buckets_.empty()) buckets_.emplace_back();
  for (size_t b = 0; b < buckets_.size(); ++b) {
    int64_t numel = b + 1 == buckets_.size() ? kFlags : 0;
    for (size_t i : buckets_[b].members) numel += parameters_[i].numel();
    buckets_[b].flat = torch::zeros({numel}, parameters_.empty() ? torch::TensorOptions()
                                                                 : parameters_.front().options().requires_grad(false));
  }
}

void GradientReducer::broadcast_state() {
  for (const auto& group : by_dtype(parameters_)) broadcast_flat(communicator_, group);
  broadcast_buffers();
}

void GradientReducer::broadcast_buffers() {
  const auto start = std::chrono::steady_clock::now();
  for (const auto& group : by_dtype(buffers_)) broadcast_flat(communicator_, group);
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

template <typename Visit>
void GradientReducer::for_each_slot(Bucket& bucket, Visit visit) {
  int64_t offset = 0;
  for (size_t i : bucket.members) {
    torch::Tensor& parameter = parameters_[i];
    const int64_t n = parameter.numel();
    visit(parameter, bucket.flat.narrow(0, offset, n));
    offset += n;
  }
}

bool GradientReducer::average_gradients(bool local_loss_finite) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> flats;
  for (Bucket& bucket : buckets_) {
    for_each_slot(bucket, [&](const torch::Tensor& parameter, torch::Tensor slot) {
      if (local_loss_finite && parameter.grad().defined()) {
        slot.copy_(parameter.grad().reshape(-1));
      } else {
        slot.zero_();
      }
    });
    flats.push_back(bucket.flat);
  }
  torch::Tensor flags = buckets_.back().flat.narrow(0, buckets_.back().flat.numel() - kFlags, kFlags);
  flags[0] = local_loss_finite ? 0.0 : 1.0;
  flags[1] = local_stop_ ? 1.0 : 0.0;

  const auto start = std::chrono::steady_clock::now();
  communicator_.all_reduce_sum(flats);
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const bool all_finite = flags[0].item<float>() == 0.0f;
  stop_requested_ = flags[1].item<float>() > 0.0f;
  if (!all_finite) return false;
  // The averaged gradients are views of the buckets: no copy back. The
  // next step drops them before backward, so refilling the buckets then is safe.
  for (Bucket& bucket : buckets_) {
    bucket.flat.div_(communicator_.world_size());
    for_each_slot(bucket, [](torch::Tensor& parameter, torch::Tensor slot) {
      parameter.mutable_grad() = slot.view_as(parameter);
    });
  }
  return true;
}

}  // namespace sigvit
