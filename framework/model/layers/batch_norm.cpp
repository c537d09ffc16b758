#include "model/layers/batch_norm.h"

#include <torch/autograd.h>
#include <torch/types.h>
#include <torch/utils.h>

namespace sigvit {
namespace {

thread_local RankSum* active_sum = nullptr;

// y = sum over ranks of x; in backward each rank's gradient becomes the sum
// of all ranks' gradients, since every rank's loss depends on every x.
class SumOverRanks : public torch::autograd::Function<SumOverRanks> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* context, const torch::Tensor& local, RankSum* sum) {
    context->saved_data["sum"] = reinterpret_cast<int64_t>(sum);
    torch::Tensor total = local.detach().clone().contiguous();
    sum->sum(total);
    return total;
  }

  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* context,
                                               torch::autograd::tensor_list gradients) {
    auto* sum = reinterpret_cast<RankSum*>(context->saved_data["sum"].toInt());
    torch::Tensor total = gradients[0].contiguous().clone();
    sum->sum(total);
    return {total, torch::Tensor()};
  }
};

// [C] -> [1, C, 1, ...] for an input of `dims` dimensions.
torch::Tensor per_channel(const torch::Tensor& values, int64_t dims) {
  std::vector<int64_t> shape(static_cast<size_t>(dims), 1);
  shape[1] = values.size(0);
  return values.view(shape);
}

}  // namespace

SynchronisedBatchNormScope::SynchronisedBatchNormScope(RankSum* sum) : previous_(active_sum) { active_sum = sum; }

SynchronisedBatchNormScope::~SynchronisedBatchNormScope() { active_sum = previous_; }

RankSum* SynchronisedBatchNormScope::current() { return active_sum; }

BatchNormImpl::BatchNormImpl(int64_t channels) {
  weight = register_parameter("weight", torch::ones({channels}));
  bias = register_parameter("bias", torch::zeros({channels}));
  running_mean = register_buffer("running_mean", torch::zeros({channels}));
  running_var = register_buffer("running_var", torch::ones({channels}));
  num_batches_tracked = register_buffer("num_batches_tracked", torch::zeros({}, torch::kLong));
}

torch::Tensor BatchNormImpl::forward(const torch::Tensor& input) {
  if (is_training()) {
    torch::NoGradGuard no_grad;
    num_batches_tracked.add_(1);
  }
  RankSum* sum = SynchronisedBatchNormScope::current();
  if (is_training() && sum != nullptr) return forward_synchronised(input, *sum);
  return torch::batch_norm(input, weight, bias, running_mean, running_var, is_training(), kMomentum, kEps,
                           at::globalContext().userEnabledCuDNN());
}

torch::Tensor BatchNormImpl::forward_synchronised(const torch::Tensor& input, RankSum& sum) {
  const int64_t dims = input.dim();
  std::vector<int64_t> reduced{0};
  for (int64_t d = 2; d < dims; ++d) reduced.push_back(d);
  const int64_t channels = weight.size(0);
  // Two passes (mean, then squared deviations) keep the variance accurate
  // where a channel's mean is large against its spread.
  torch::Tensor first = torch::cat({input.sum(reduced), torch::full({1}, static_cast<double>(input.numel() / channels),
                                                                    input.options())});
  first = SumOverRanks::apply(first, &sum);
  const torch::Tensor count = first[channels].detach();
  const torch::Tensor mean = first.narrow(0, 0, channels) / count;
  const torch::Tensor centred = input - per_channel(mean, dims);
  const torch::Tensor variance = SumOverRanks::apply(centred.pow(2).sum(reduced), &sum) / count;
  {
    torch::NoGradGuard no_grad;
    const double n = count.item<double>();
    running_mean.mul_(1 - kMomentum).add_(mean.detach(), kMomentum);
    running_var.mul_(1 - kMomentum).add_(variance.detach() * (n / std::max(n - 1, 1.0)), kMomentum);
  }
  return centred * per_channel(torch::rsqrt(variance + kEps) * weight, dims) + per_channel(bias, dims);
}

}  // namespace sigvit
