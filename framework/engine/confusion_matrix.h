#pragma once

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace sigvit {

// Counts of (true class, predicted class) and the metrics derived from them.
class ConfusionMatrix {
 public:
  explicit ConfusionMatrix(int64_t num_classes);

  // targets and predictions: int64 [B] class indices.
  void add(const torch::Tensor& targets, const torch::Tensor& predictions);

  int64_t num_classes() const { return num_classes_; }
  int64_t count(int64_t truth, int64_t predicted) const;
  // Row-major counts, row: truth; replaced whole when matrices of several
  // processes are summed.
  const std::vector<int64_t>& counts() const { return counts_; }
  void replace_counts(std::vector<int64_t> counts);
  int64_t total() const;
  double accuracy() const;
  // 0 for a class never predicted (precision) or never present (recall).
  double precision(int64_t cls) const;
  double recall(int64_t cls) const;
  double f1(int64_t cls) const;
  // The mean F1 over the classes present in the targets or the predictions:
  // a class absent from both says nothing about the model.
  double macro_f1() const;
  // The mean recall over the classes present in the targets: accuracy as if
  // every class had as many cases, which a model predicting only the
  // majority class cannot game.
  double balanced_accuracy() const;

 private:
  int64_t predicted_as(int64_t cls) const;
  int64_t support(int64_t cls) const;

  int64_t num_classes_;
  std::vector<int64_t> counts_;  // row: truth, column: prediction
};

}  // namespace sigvit
