#include "engine/evaluator.h"

#include <c10/core/InferenceMode.h>
#include <torch/nn/functional/loss.h>
#include <torch/types.h>

#include <chrono>

#include "compare/statistics/auroc.h"

namespace sigvit {

Batch to_device(Batch batch, const torch::Device& device) {
  if (device.is_cpu()) return batch;
  batch.x = batch.x.to(device, /*non_blocking=*/true);
  batch.y = batch.y.to(device, true);
  if (batch.lengths.defined()) batch.lengths = batch.lengths.to(device, true);
  if (batch.y_mix.defined()) batch.y_mix = batch.y_mix.to(device, true);
  return batch;
}

namespace {

// The loss sum, case count and confusion counts of every rank, added up.
void sum_over_ranks(double& loss_sum, Evaluation& result, Communicator& ranks) {
  const std::vector<int64_t>& counts = result.confusion.counts();
  torch::Tensor totals = torch::empty({static_cast<int64_t>(counts.size()) + 2}, torch::kFloat64);
  auto values = totals.accessor<double, 1>();
  values[0] = loss_sum;
  values[1] = static_cast<double>(result.cases);
  for (size_t i = 0; i < counts.size(); ++i) values[static_cast<int64_t>(i) + 2] = static_cast<double>(counts[i]);
  std::vector<torch::Tensor> sums{totals};
  ranks.all_reduce_sum(sums);
  loss_sum = values[0];
  result.cases = static_cast<int64_t>(values[1]);
  std::vector<int64_t> summed(counts.size());
  for (size_t i = 0; i < summed.size(); ++i) summed[i] = static_cast<int64_t>(values[static_cast<int64_t>(i) + 2]);
  result.confusion.replace_counts(std::move(summed));
}

// Every rank's probabilities and labels, in rank order, by way of sums: each
// rank fills its own rows of a zeroed table of all rows.
void gather_over_ranks(std::vector<float>& scores, std::vector<int64_t>& labels, int64_t classes,
                       Communicator& ranks) {
  torch::Tensor counts = torch::zeros({ranks.world_size()}, torch::kFloat64);
  counts[ranks.rank()] = static_cast<double>(labels.size());
  std::vector<torch::Tensor> count_sums{counts};
  ranks.all_reduce_sum(count_sums);
  const auto all = counts.to(torch::kLong);
  const int64_t total = all.sum().item<int64_t>();
  const int64_t offset = all.slice(0, 0, ranks.rank()).sum().item<int64_t>();
  torch::Tensor table = torch::zeros({total, classes + 1}, torch::kFloat64);
  const auto mine = static_cast<int64_t>(labels.size());
  if (mine > 0) {
    torch::Tensor rows = table.slice(0, offset, offset + mine);
    rows.slice(1, 0, classes).copy_(torch::from_blob(scores.data(), {mine, classes}, torch::kFloat));
    rows.select(1, classes).copy_(torch::from_blob(labels.data(), {mine}, torch::kLong));
  }
  std::vector<torch::Tensor> table_sums{table};
  ranks.all_reduce_sum(table_sums);
  const torch::Tensor probabilities = table.slice(1, 0, classes).to(torch::kFloat).contiguous();
  scores.assign(probabilities.data_ptr<float>(), probabilities.data_ptr<float>() + probabilities.numel());
  const torch::Tensor gathered = table.select(1, classes).to(torch::kLong).contiguous();
  labels.assign(gathered.data_ptr<int64_t>(), gathered.data_ptr<int64_t>() + gathered.numel());
}

}  // namespace

Evaluation evaluate(Classifier& model, BatchLoader& loader, const torch::Device& device, Precision precision,
                    Communicator* ranks) {
  const auto start = std::chrono::steady_clock::now();
  const bool was_training = model.is_training();
  model.eval();
  c10::InferenceMode inference;  // no autograd bookkeeping at all, not only no graph
  Evaluation result{0.0, ConfusionMatrix(model.num_classes()), 0, 0.0, std::nullopt};
  double loss_sum = 0;
  std::vector<float> scores;
  std::vector<int64_t> labels;
  loader.start_epoch(0);
  while (std::optional<Batch> next = loader.next()) {
    const Batch batch = to_device(std::move(*next), device);
    ModelOutput output;
    {
      PrecisionScope scope(precision);
      output = model.forward(ModelInput{batch.x, batch.lengths});
    }
    const int64_t cases = batch.y.size(0);
    if (output.loss.defined()) {
      // A self-scoring model: its own mean loss, and no classes to count.
      loss_sum += output.loss.item<double>() * static_cast<double>(cases);
    } else {
      const torch::Tensor logits = output.logits.to(torch::kFloat);
      loss_sum += torch::nn::functional::cross_entropy(
                      logits, batch.y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                      .item<double>();
      result.confusion.add(batch.y, logits.argmax(1));
      const torch::Tensor probabilities = logits.softmax(1).cpu().contiguous();
      scores.insert(scores.end(), probabilities.data_ptr<float>(), probabilities.data_ptr<float>() + probabilities.numel());
      const torch::Tensor truth = batch.y.cpu().contiguous();
      labels.insert(labels.end(), truth.data_ptr<int64_t>(), truth.data_ptr<int64_t>() + truth.numel());
    }
    result.cases += cases;
  }
  if (ranks != nullptr) {
    sum_over_ranks(loss_sum, result, *ranks);
    gather_over_ranks(scores, labels, model.num_classes(), *ranks);
  }
  if (!labels.empty()) result.macro_auroc = stats::macro_auroc(scores, labels, model.num_classes());
  result.loss = result.cases ? loss_sum / static_cast<double>(result.cases) : 0.0;
  model.train(was_training);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace sigvit
