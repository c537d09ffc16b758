#pragma once

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

#include <memory>
#include <string>
#include <vector>

#include "model/api/classifier.h"
#include "model/layers/encoder_options.h"
#include "model/layers/position_embedding.h"
#include "model/vit/transformer_encoder.h"
#include "sigvit/embedder.h"

namespace sigvit {

enum class Pooling { cls, mean };

struct VitOptions {
  std::vector<int64_t> input_shape;  // [C, L] or [C, H, W]
  int64_t num_classes = 0;           // 0: a feature extractor
  EncoderOptions encoder;
  Pooling pooling = Pooling::cls;
  bool class_token = true;
  bool distillation = false;           // a DeiT distillation token and head
  int64_t representation_size = 0;     // > 0: Linear + Tanh pre-logits of this width
  PositionEmbeddingKind position_embedding = PositionEmbeddingKind::learnable;
};

// Embedder -> [cls, dist] tokens + position embedding -> shared encoder ->
// pooling -> optional pre-logits -> head(s).
class VisionTransformer : public Classifier {
 public:
  VisionTransformer(std::shared_ptr<Embedder> embedder, std::string embedder_name, const VitOptions& options);

  ModelOutput forward(const ModelInput& input) override;
  // forward() in two halves, for objectives other than classification
  // (masked-patch pretraining edits the tokens in between):
  // the embedder's tokens, checked against the encoder's width...
  TokenBatch embed(const ModelInput& input);
  // ...and [prefix tokens, tokens] + positions through the encoder: [B, prefix + N, D].
  torch::Tensor encode(const TokenBatch& batch);
  int64_t num_classes() const override { return options_.num_classes; }
  std::vector<int64_t> input_shape() const override { return options_.input_shape; }
  std::vector<std::string> no_weight_decay() const override;

  const VitOptions& options() const { return options_; }
  int64_t num_prefix_tokens() const { return num_prefix_; }
  // Patch tokens for the configured input, without prefix tokens.
  const TokenLayout& layout() const { return layout_; }

 private:
  torch::Tensor pool(const torch::Tensor& encoded, const torch::Tensor& valid_patches) const;

  VitOptions options_;
  std::string embedder_name_;
  TokenLayout layout_;
  int64_t num_prefix_ = 0;

  std::shared_ptr<Embedder> embedder_;
  torch::Tensor cls_token_;
  torch::Tensor dist_token_;
  PositionEmbedding pos_embed_{nullptr};
  torch::nn::Dropout pos_drop_{nullptr};
  TransformerEncoder encoder_{nullptr};
  torch::nn::Linear pre_logits_{nullptr};
  torch::nn::Tanh pre_logits_act_{nullptr};
  torch::nn::Linear head_{nullptr};
  torch::nn::Linear head_dist_{nullptr};
};

}  // namespace sigvit
