#pragma once

#include <torch/nn/modules/container/sequential.h>

#include <memory>
#include <string>
#include <vector>

#include "config/config_node.h"
#include "model/api/classifier.h"
#include "model/vit/patch_masking.h"
#include "model/vit/vision_transformer.h"

namespace sigvit {

// The `pretrain:` section (configs/README.md, "Pretraining").
struct PretrainOptions {
  MaskingOptions masking;
  // values: a hidden patch's samples (pixels); spectrum: the log magnitude
  // of each channel's spectrum over the patch (signals), which ignores the
  // phase no neighbour can predict in raw audio.
  std::string target = "values";
  bool normalize_targets = true;  // each patch standardised, as MAE's norm_pix_loss
  std::string decoder = "linear";  // linear | mlp
};

PretrainOptions parse_pretrain_options(const ConfigNode& pretrain);

// Masked-patch pretraining of a ViT's embedder and encoder (SimMIM- and
// PatchTST-style): a share of each sample's valid tokens is hidden (their
// samples zeroed before the embedder, so overlapping stems cannot see them,
// and their tokens replaced by a learned mask token), the encoder runs on
// all tokens, and a light decoder predicts every hidden patch's values; the
// loss is the mean squared error over hidden valid tokens only.
//
// Its parameters are the ViT's under the ViT's own names, plus `mask_token`
// and `decoder.*`, so its checkpoints load into the ViT (model.pretrained)
// as they are. Masks come from the global generator in training (a seed
// gives the same masks; a resumed run continues them) and from a fixed seed
// in evaluation, so validation losses of different epochs compare.
class MaskedPatchModel : public Classifier {
 public:
  MaskedPatchModel(std::shared_ptr<VisionTransformer> vit, const PretrainOptions& options);

  // logits undefined; loss set (the trainer and evaluator use it).
  ModelOutput forward(const ModelInput& input) override;
  int64_t num_classes() const override { return vit_->num_classes(); }
  std::vector<int64_t> input_shape() const override { return vit_->input_shape(); }
  std::vector<std::string> no_weight_decay() const override;
  void train(bool on = true) override;

  // One forward's pieces, [B, N, ...]: which tokens were hidden and valid,
  // the targets and the decoder's predictions of every token.
  struct Reconstruction {
    torch::Tensor hidden, valid, targets, predictions, loss;
  };
  Reconstruction reconstruct(const ModelInput& input, c10::optional<at::Generator> generator);

  int64_t patch_values() const { return patch_values_; }

 private:
  torch::Tensor patches_of(const torch::Tensor& x) const;
  torch::Tensor hide(const torch::Tensor& x, const torch::Tensor& hidden) const;
  torch::Tensor valid_tokens(const ModelInput& input) const;

  std::shared_ptr<VisionTransformer> vit_;
  PretrainOptions options_;
  std::vector<int64_t> grid_;
  std::vector<int64_t> span_;  // samples (1D) or pixels per axis (2D) each token covers
  int64_t patch_values_ = 0;
  torch::Tensor mask_token_;
  torch::nn::Sequential decoder_{nullptr};
};

}  // namespace sigvit
