#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/config_node.h"

namespace sigvit {

enum class OptimizerKind { adamw, sgd };
enum class ScheduleKind { cosine, step, constant };

struct OptimizerOptions {
  OptimizerKind kind = OptimizerKind::adamw;
  double lr = 1e-3;
  // Applied to weights only: biases, normalisation weights (every parameter of
  // rank <= 1) and what the model lists in no_weight_decay() are not decayed.
  double weight_decay = 0.05;
  std::vector<double> betas{0.9, 0.999};  // adamw
  double eps = 1e-8;                      // adamw
  double momentum = 0.9;                  // sgd
  bool nesterov = false;                  // sgd
  // Parameters (globs over their names) left out of training, e.g. the
  // pretrained embedder while the rest fine-tunes.
  std::vector<std::string> freeze;
  // Layer-wise learning-rate decay of fine-tuning (BEiT, MAE): a ViT's block
  // i of L trains at lr * layer_decay^(L - i), its embedder, tokens and
  // position table at lr * layer_decay^(L + 1), the final norm and head at
  // lr. 1: off.
  double layer_decay = 1.0;
};

// The learning rate per step: a linear warm-up from 0, then a cosine decay to
// min_lr, a division by 1/gamma every step_epochs, or a constant.
struct ScheduleOptions {
  ScheduleKind kind = ScheduleKind::cosine;
  double warmup_epochs = 0.0;
  double min_lr = 0.0;       // cosine
  double step_epochs = 30;   // step
  double gamma = 0.1;        // step
};

// train.ema (configs/README.md, "Experiments").
struct EmaOptions {
  double decay = 0.0;  // 0: no average is kept
  // The decay of update t (0-based) is min(decay, 1 - (1 + t)^(-2/3)): early
  // averages follow the weights closely instead of holding on to the random
  // initialisation for thousands of steps, which on a small data set may be
  // the whole run.
  bool warmup = true;

  bool enabled() const { return decay > 0; }
};

// The `train:` section (configs/README.md, "Experiments").
struct TrainOptions {
  int64_t epochs = 10;
  OptimizerOptions optimizer;
  ScheduleOptions schedule;
  double label_smoothing = 0.0;
  // train.class_weights: each class's weight in the training loss. "auto"
  // (class_weights_auto) gives class c the weight n / (k * n_c) over the n
  // training cases of k classes, n_c of class c, as scikit-learn's
  // "balanced"; the experiment, which knows the counts, fills class_weights.
  // Empty: every class 1.
  bool class_weights_auto = false;
  std::vector<double> class_weights;
  // Maximum global gradient norm; 0 leaves gradients as they are.
  double grad_clip = 0.0;
  // Stop after this many validations without a better validation accuracy; 0 never stops early.
  int64_t patience = 0;
  // Validate every this many epochs (and always after the last one).
  int64_t eval_interval = 1;
  // fp32, bf16 or auto (runtime/precision.h): the arithmetic of forward passes.
  std::string precision = "fp32";
  // Which epoch's model is kept as best.ckpt and tested (engine/model_selection.h).
  std::string select = "auto";
  // With a decay, the weights kept, validated and tested are the average.
  EmaOptions ema;
  // What a step whose loss or gradient is NaN or infinite does: stop (the
  // run ends with an error naming the step; nothing non-finite is applied or
  // saved) or skip (the step is dropped and counted in metrics.csv; the run
  // stops once nonfinite_limit steps in a row were dropped).
  std::string nonfinite = "stop";
  int64_t nonfinite_limit = 5;
  // last.ckpt (and a new best.ckpt) are written at the end of an epoch once
  // this many seconds have passed since the last write, after the last epoch,
  // and on an interruption or error; 0 writes after every epoch. Each write
  // is flushed to disk, which on small data costs more than the epoch.
  double checkpoint_interval = 30;
  // Data-parallel runs: BatchNorm statistics over the global batch instead
  // of each rank's share (PyTorch's SyncBatchNorm); no effect on one process.
  bool sync_batchnorm = false;
};

// Errors name the file, line and key.
TrainOptions parse_train_options(const ConfigNode& train);

}  // namespace sigvit
