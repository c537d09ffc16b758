#include "model/layers/mlp.h"

#include <cmath>

#include "model/layers/dense.h"
#include "sigvit/error.h"
#include "sigvit/layer_trace.h"

namespace sigvit {

MlpImpl::MlpImpl(const EncoderOptions& options) {
  const auto hidden = static_cast<int64_t>(std::llround(options.embed_dim * options.mlp_ratio));
  if (hidden <= 0) throw Error("encoder: mlp_ratio " + std::to_string(options.mlp_ratio) + " gives no hidden units");
  fc1_ = register_module("fc1", torch::nn::Linear(options.embed_dim, hidden));
  act_ = register_module("act", torch::nn::GELU());
  drop1_ = register_module("drop1", torch::nn::Dropout(options.drop_rate));
  fc2_ = register_module("fc2", torch::nn::Linear(hidden, options.embed_dim));
  drop2_ = register_module("drop2", torch::nn::Dropout(options.drop_rate));
}

torch::Tensor MlpImpl::forward(const torch::Tensor& x) {
  auto hidden = traced(drop1_, traced(act_, traced_dense(fc1_, x)));
  return traced(drop2_, traced_dense(fc2_, hidden));
}

}  // namespace sigvit
