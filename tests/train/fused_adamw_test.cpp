#include <gtest/gtest.h>

#include <torch/optim/adamw.h>
#include <torch/serialize.h>

#include <sstream>

#include "engine/fused_adamw.h"

namespace sigvit {
namespace {

// Parameters of several sizes: one large enough to be split over threads,
// small ones (a bias, a scalar) that are not, and one that never gets a
// gradient.
std::vector<torch::Tensor> parameters_with_seed(uint64_t seed) {
  torch::manual_seed(seed);
  return {torch::randn({300, 257}).requires_grad_(true), torch::randn({257}).requires_grad_(true),
          torch::randn({1}).requires_grad_(true), torch::randn({8, 3}).requires_grad_(true)};
}

std::vector<torch::optim::OptimizerParamGroup> two_groups(const std::vector<torch::Tensor>& parameters) {
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<torch::Tensor>{parameters[0], parameters[3]},
                      std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(3e-3).weight_decay(0.05)));
  groups.emplace_back(std::vector<torch::Tensor>{parameters[1], parameters[2]},
                      std::make_unique<torch::optim::AdamWOptions>(
                          torch::optim::AdamWOptions(3e-3).weight_decay(0.0).betas({0.8, 0.95}).eps(1e-6)));
  return groups;
}

// Gives every parameter but the last a gradient that depends on the step.
void set_gradients(std::vector<torch::Tensor>& parameters, int step) {
  torch::manual_seed(100 + step);
  for (size_t i = 0; i + 1 < parameters.size(); ++i) {
    parameters[i].mutable_grad() = torch::randn_like(parameters[i]) * static_cast<double>(i + 1);
  }
}

void take_steps(torch::optim::Optimizer& optimizer, std::vector<torch::Tensor>& parameters, int from, int to) {
  for (int step = from; step < to; ++step) {
    set_gradients(parameters, step);
    optimizer.step();
  }
}

void expect_same_values(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(torch::allclose(a[i], b[i], 1e-5, 1e-7))
        << "parameter " << i << ": largest difference " << (a[i] - b[i]).abs().max().item<float>();
  }
}

TEST(FusedAdamW, FollowsLibTorchsAdamWStepForStep) {
  auto fused_parameters = parameters_with_seed(1);
  auto plain_parameters = parameters_with_seed(1);
  const auto initial = fused_parameters[0].detach().clone();
  FusedAdamW fused(two_groups(fused_parameters));
  torch::optim::AdamW plain(two_groups(plain_parameters));
  take_steps(fused, fused_parameters, 0, 25);
  take_steps(plain, plain_parameters, 0, 25);
  expect_same_values(fused_parameters, plain_parameters);
  // The comparison has teeth: the parameters moved, and the one without a
  // gradient did not (no decay, no state).
  EXPECT_GT((fused_parameters[0] - initial).abs().max().item<float>(), 1e-2f);
  EXPECT_TRUE(torch::equal(fused_parameters[3], parameters_with_seed(1)[3]));
}

// Saves `from`'s state after some steps, loads it into `to` built over copies
// of the same parameters, and checks that both continue identically.
template <typename From, typename To>
void expect_state_carries_over() {
  auto from_parameters = parameters_with_seed(2);
  From from(two_groups(from_parameters));
  take_steps(from, from_parameters, 0, 6);
  std::stringstream saved;
  {
    torch::serialize::OutputArchive archive;
    from.save(archive);
    archive.save_to(saved);
  }
  std::vector<torch::Tensor> to_parameters;
  for (const auto& p : from_parameters) to_parameters.push_back(p.detach().clone().requires_grad_(true));
  To to(two_groups(to_parameters));
  {
    torch::serialize::InputArchive archive;
    archive.load_from(saved);
    to.load(archive);
  }
  take_steps(from, from_parameters, 6, 12);
  take_steps(to, to_parameters, 6, 12);
  expect_same_values(from_parameters, to_parameters);
}

TEST(FusedAdamW, ItsCheckpointStateResumesInLibTorchsAdamW) {
  expect_state_carries_over<FusedAdamW, torch::optim::AdamW>();
}

TEST(FusedAdamW, ResumesFromLibTorchsAdamWState) { expect_state_carries_over<torch::optim::AdamW, FusedAdamW>(); }

// Losing the moments on resume would show: a fresh state's first steps are
// far larger than a warmed-up state's.
TEST(FusedAdamW, AResumeWithoutTheStateDiverges) {
  auto warm_parameters = parameters_with_seed(2);
  FusedAdamW warm(two_groups(warm_parameters));
  take_steps(warm, warm_parameters, 0, 6);
  std::vector<torch::Tensor> cold_parameters;
  for (const auto& p : warm_parameters) cold_parameters.push_back(p.detach().clone().requires_grad_(true));
  FusedAdamW cold(two_groups(cold_parameters));
  take_steps(warm, warm_parameters, 6, 12);
  take_steps(cold, cold_parameters, 6, 12);
  EXPECT_FALSE(torch::allclose(warm_parameters[0], cold_parameters[0], 1e-5, 1e-7));
}

TEST(FusedAdamW, AmsgradTakesLibTorchsOwnStep) {
  auto fused_parameters = parameters_with_seed(3);
  auto plain_parameters = parameters_with_seed(3);
  FusedAdamW fused(fused_parameters, torch::optim::AdamWOptions(1e-2).amsgrad(true));
  torch::optim::AdamW plain(plain_parameters, torch::optim::AdamWOptions(1e-2).amsgrad(true));
  take_steps(fused, fused_parameters, 0, 8);
  take_steps(plain, plain_parameters, 0, 8);
  for (size_t i = 0; i < fused_parameters.size(); ++i) {
    EXPECT_TRUE(torch::equal(fused_parameters[i], plain_parameters[i])) << "parameter " << i;
  }
}

}  // namespace
}  // namespace sigvit
