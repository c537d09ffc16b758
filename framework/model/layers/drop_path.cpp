#include "model/layers/drop_path.h"

#include "sigvit/error.h"

namespace sigvit {

DropPathImpl::DropPathImpl(double rate) : rate_(rate) {
  if (rate < 0.0 || rate >= 1.0) throw Error("drop path rate must be in [0, 1), got " + std::to_string(rate));
}

torch::Tensor DropPathImpl::forward(const torch::Tensor& x) {
  if (!is_training() || rate_ == 0.0) return x;
  const double keep = 1.0 - rate_;
  std::vector<int64_t> mask_shape(x.dim(), 1);
  mask_shape[0] = x.size(0);
  torch::Tensor mask = torch::empty(mask_shape, x.options()).bernoulli_(keep).div_(keep);
  return x * mask;
}

}  // namespace sigvit
