// A few SGD steps on a tiny separable batch lower the loss of every model:
// gradients reach the parameters and the forward is trainable end to end.

#include <torch/torch.h>

#include "model_test_support.h"

namespace sigvit::model_testing {
namespace {

// Class 0 rises, class 1 falls, with noise; the first half of the batch is padded.
ModelInput signal_batch(const torch::Tensor& labels, int64_t length) {
  auto ramp = torch::linspace(-1, 1, length);
  auto sign = 1 - 2 * labels.to(torch::kFloat).unsqueeze(1);
  auto x = (sign * ramp.unsqueeze(0) + 0.1 * torch::randn({labels.size(0), length})).unsqueeze(1);
  auto lengths = torch::full({labels.size(0)}, length, torch::kLong);
  lengths.narrow(0, 0, labels.size(0) / 2).fill_(length * 3 / 4);
  return {x, lengths};
}

// Class 0 is bright in the top half, class 1 in the bottom half.
ModelInput image_batch(const torch::Tensor& labels) {
  auto x = 0.1 * torch::randn({labels.size(0), 1, 8, 8});
  for (int64_t i = 0; i < labels.size(0); ++i) x[i].narrow(1, labels[i].item<int64_t>() * 4, 4).add_(1.0);
  return {x, {}};
}

struct TrainingCase {
  std::string name;
  std::string model;
};

void PrintTo(const TrainingCase& c, std::ostream* out) { *out << c.name; }

class CnnTraining : public ::testing::TestWithParam<TrainingCase> {};

TEST_P(CnnTraining, AFewSgdStepsLowerTheLoss) {
  torch::manual_seed(1);
  const TrainingCase& c = GetParam();
  auto model = model_from_yaml(c.model);
  model->train();
  auto labels = torch::tensor({0, 1, 0, 1, 0, 1, 0, 1}, torch::kLong);
  const bool image = model->input_shape().size() == 3;
  ModelInput batch = image ? image_batch(labels) : signal_batch(labels, model->input_shape()[1]);
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.05).momentum(0.9));
  std::vector<double> losses;
  for (int step = 0; step < 12; ++step) {
    optimizer.zero_grad();
    auto loss = torch::nn::functional::cross_entropy(model->forward(batch).logits, labels);
    loss.backward();
    optimizer.step();
    losses.push_back(loss.item<double>());
  }
  EXPECT_LT(losses.back(), 0.6 * losses.front()) << ::testing::PrintToString(losses);
}

INSTANTIATE_TEST_SUITE_P(
    AllModels, CnnTraining,
    ::testing::Values(
        TrainingCase{"fcn", "model:\n  type: fcn\n  input_shape: [1, 64]\n  num_classes: 2\n  channels: [8, 16, 8]\n"},
        TrainingCase{"resnet1d",
                     "model:\n  type: resnet1d\n  input_shape: [1, 64]\n  num_classes: 2\n  channels: [8, 16, 16]\n"},
        TrainingCase{"inception_time",
                     "model:\n  type: inception_time\n  input_shape: [1, 64]\n  num_classes: 2\n  depth: 3\n"
                     "  filters: 4\n  bottleneck: 4\n  kernel_sizes: [9, 5, 3]\n"},
        TrainingCase{"m5",
                     "model:\n  type: m5\n  input_shape: [1, 64]\n  num_classes: 2\n  channels: [8, 8, 16, 16]\n"
                     "  first_kernel: 8\n  first_stride: 2\n  pool_size: 2\n"},
        TrainingCase{"resnet2d",
                     "model:\n  type: resnet2d\n  input_shape: [1, 8, 8]\n  num_classes: 2\n  widths: [8, 16]\n"
                     "  blocks: [1, 1]\n"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace sigvit::model_testing
