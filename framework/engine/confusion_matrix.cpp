#include "engine/confusion_matrix.h"

#include "sigvit/error.h"

namespace sigvit {

ConfusionMatrix::ConfusionMatrix(int64_t num_classes)
    : num_classes_(num_classes), counts_(static_cast<size_t>(num_classes * num_classes), 0) {}

void ConfusionMatrix::add(const torch::Tensor& targets, const torch::Tensor& predictions) {
  const torch::Tensor truth = targets.to(torch::kCPU, torch::kInt64).contiguous();
  const torch::Tensor guess = predictions.to(torch::kCPU, torch::kInt64).contiguous();
  const int64_t* t = truth.data_ptr<int64_t>();
  const int64_t* p = guess.data_ptr<int64_t>();
  for (int64_t i = 0; i < truth.numel(); ++i) {
    if (t[i] < 0 || t[i] >= num_classes_ || p[i] < 0 || p[i] >= num_classes_) {
      throw Error("class index out of range [0, " + std::to_string(num_classes_) + "): target " +
                  std::to_string(t[i]) + ", prediction " + std::to_string(p[i]));
    }
    ++counts_[static_cast<size_t>(t[i] * num_classes_ + p[i])];
  }
}

void ConfusionMatrix::replace_counts(std::vector<int64_t> counts) {
  if (counts.size() != counts_.size()) {
    throw Error("confusion matrix: " + std::to_string(counts.size()) + " counts given for " +
                std::to_string(num_classes_) + " classes");
  }
  counts_ = std::move(counts);
}

int64_t ConfusionMatrix::count(int64_t truth, int64_t predicted) const {
  return counts_[static_cast<size_t>(truth * num_classes_ + predicted)];
}

int64_t ConfusionMatrix::total() const {
  int64_t sum = 0;
  for (int64_t value : counts_) sum += value;
  return sum;
}

int64_t ConfusionMatrix::predicted_as(int64_t cls) const {
  int64_t sum = 0;
  for (int64_t truth = 0; truth < num_classes_; ++truth) sum += count(truth, cls);
  return sum;
}

int64_t ConfusionMatrix::support(int64_t cls) const {
  int64_t sum = 0;
  for (int64_t predicted = 0; predicted < num_classes_; ++predicted) sum += count(cls, predicted);
  return sum;
}

double ConfusionMatrix::accuracy() const {
  int64_t correct = 0;
  for (int64_t cls = 0; cls < num_classes_; ++cls) correct += count(cls, cls);
  const int64_t all = total();
  return all ? static_cast<double>(correct) / static_cast<double>(all) : 0.0;
}

double ConfusionMatrix::precision(int64_t cls) const {
  const int64_t predicted = predicted_as(cls);
  return predicted ? static_cast<double>(count(cls, cls)) / static_cast<double>(predicted) : 0.0;
}

double ConfusionMatrix::recall(int64_t cls) const {
  const int64_t present = support(cls);
  return present ? static_cast<double>(count(cls, cls)) / static_cast<double>(present) : 0.0;
}

double ConfusionMatrix::f1(int64_t cls) const {
  const double p = precision(cls);
  const double r = recall(cls);
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

double ConfusionMatrix::macro_f1() const {
  double sum = 0;
  int64_t classes = 0;
  for (int64_t cls = 0; cls < num_classes_; ++cls) {
    if (support(cls) == 0 && predicted_as(cls) == 0) continue;
    sum += f1(cls);
    ++classes;
  }
  return classes ? sum / static_cast<double>(classes) : 0.0;
}

double ConfusionMatrix::balanced_accuracy() const {
  double sum = 0;
  int64_t classes = 0;
  for (int64_t cls = 0; cls < num_classes_; ++cls) {
    if (support(cls) == 0) continue;
    sum += recall(cls);
    ++classes;
  }
  return classes ? sum / static_cast<double>(classes) : 0.0;
}

}  // namespace sigvit
