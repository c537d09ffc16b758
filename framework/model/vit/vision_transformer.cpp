#include "model/vit/vision_transformer.h"

#include "core/text.h"
#include "model/layers/init.h"
#include "sigvit/error.h"
#include "sigvit/layer_trace.h"

namespace sigvit {

VisionTransformer::VisionTransformer(std::shared_ptr<Embedder> embedder, std::string embedder_name,
                                     const VitOptions& options)
    : options_(options), embedder_name_(std::move(embedder_name)), embedder_(std::move(embedder)) {
  if (options_.input_shape.size() != 2 && options_.input_shape.size() != 3) {
    throw Error("model: input_shape must be [C, L] for signals or [C, H, W] for images, got " +
                shape_to_string(options_.input_shape));
  }
  if (options_.pooling == Pooling::cls && !options_.class_token) {
    throw Error("model: pooling 'cls' needs class_token: true (or use pooling: mean)");
  }
  const int64_t dim = options_.encoder.embed_dim;
  layout_ = embedder_->layout(options_.input_shape);
  register_module("patch_embed", embedder_);

  if (options_.class_token) {
    cls_token_ = register_parameter("cls_token", torch::empty({1, 1, dim}));
    trunc_normal_(cls_token_, 0.02);
    ++num_prefix_;
  }
  if (options_.distillation) {
    dist_token_ = register_parameter("dist_token", torch::empty({1, 1, dim}));
    trunc_normal_(dist_token_, 0.02);
    ++num_prefix_;
  }
  pos_embed_ = register_module("pos_embed", PositionEmbedding(options_.position_embedding, layout_.grid, num_prefix_, dim));
  pos_drop_ = register_module("pos_drop", torch::nn::Dropout(options_.encoder.drop_rate));
  encoder_ = register_module("encoder", TransformerEncoder(options_.encoder));

  int64_t feature_dim = dim;
  if (options_.representation_size > 0) {
    pre_logits_ = register_module("pre_logits", torch::nn::Linear(dim, options_.representation_size));
    pre_logits_act_ = register_module("pre_logits_act", torch::nn::Tanh());
    feature_dim = options_.representation_size;
  }
  if (options_.num_classes > 0) {
    head_ = register_module("head", torch::nn::Linear(feature_dim, options_.num_classes));
    if (options_.distillation) head_dist_ = register_module("head_dist", torch::nn::Linear(dim, options_.num_classes));
  }
  init_vit_layers(*encoder_);
  for (auto* layer : {&pre_logits_, &head_, &head_dist_}) {
    if (!layer->is_empty()) init_vit_layers(**layer);
  }
}

TokenBatch VisionTransformer::embed(const ModelInput& input) {
  TokenBatch batch = embedder_->embed(input.x, input.lengths);
  if (LayerTrace::active()) LayerTrace::record(*embedder_, batch.tokens);
  const int64_t dim = options_.encoder.embed_dim;
  if (batch.tokens.dim() != 3 || batch.tokens.size(2) != dim) {
    throw Error("embedder '" + embedder_name_ + "' produced tokens of shape " + shape_to_string(batch.tokens.sizes().vec()) +
                "; the encoder expects [B, N, " + std::to_string(dim) + "]");
  }
  return batch;
}

torch::Tensor VisionTransformer::encode(const TokenBatch& batch) {
  // Expanded as a token column rather than to a spelled-out batch size, so a
  // traced export takes any batch size.
  const torch::Tensor column = batch.tokens.narrow(1, 0, 1);
  std::vector<torch::Tensor> sequence;
  if (cls_token_.defined()) sequence.push_back(cls_token_.expand_as(column));
  if (dist_token_.defined()) sequence.push_back(dist_token_.expand_as(column));
  sequence.push_back(batch.tokens);
  auto x = num_prefix_ > 0 ? torch::cat(sequence, 1) : batch.tokens;
  x = pos_embed_->forward(x, batch.grid);
  if (LayerTrace::active()) LayerTrace::record(*pos_embed_, x);
  x = traced(pos_drop_, x);

  torch::Tensor valid;
  if (batch.valid.defined()) {
    const int64_t batch_size = batch.tokens.size(0);
    valid = torch::cat({torch::ones({batch_size, num_prefix_}, batch.valid.options()), batch.valid}, 1);
  }
  return traced(encoder_, x, valid);
}

ModelOutput VisionTransformer::forward(const ModelInput& input) {
  const TokenBatch batch = embed(input);
  const torch::Tensor encoded = encode(batch);
  ModelOutput out;
  out.features = pool(encoded, batch.valid);
  if (!pre_logits_.is_empty()) out.features = traced(pre_logits_act_, traced(pre_logits_, out.features));
  if (head_.is_empty()) return out;
  out.logits = traced(head_, out.features);
  if (!head_dist_.is_empty()) {
    auto distill = traced(head_dist_, encoded.select(1, num_prefix_ - 1));
    if (is_training()) {
      out.distill_logits = distill;
    } else {
      out.logits = (out.logits + distill) / 2;
    }
  }
  return out;
}

torch::Tensor VisionTransformer::pool(const torch::Tensor& encoded, const torch::Tensor& valid_patches) const {
  if (options_.pooling == Pooling::cls) return encoded.select(1, 0);
  auto patches = encoded.narrow(1, num_prefix_, encoded.size(1) - num_prefix_);
  if (!valid_patches.defined()) return patches.mean(1);
  // A masked fill, as sigvit/padding.h's rule: an invalid token is left out
  // whatever it holds.
  auto padding = valid_patches.logical_not().unsqueeze(-1);
  auto counts = valid_patches.sum(1, /*keepdim=*/true).to(patches.scalar_type()).clamp_min(1.0);
  return patches.masked_fill(padding, 0.0).sum(1) / counts;
}

// The tokens and the learnable position table: decaying them pulls every
// position towards the same embedding.
std::vector<std::string> VisionTransformer::no_weight_decay() const {
  return {"cls_token", "dist_token", "pos_embed.table"};
}

}  // namespace sigvit
