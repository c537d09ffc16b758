#include "summary/model_summary.h"

#include <map>
#include <set>

#include "sigvit/layer_trace.h"

namespace sigvit {

namespace {

constexpr double kBytesPerMb = 1024.0 * 1024.0;

std::string short_type(const std::string& name) {
  std::string type = name;
  size_t template_start = type.find('<');
  size_t cut = type.rfind("::", template_start);
  if (cut != std::string::npos) type = type.substr(cut + 2);
  if (type.size() > 4 && type.compare(type.size() - 4, 4, "Impl") == 0) type.resize(type.size() - 4);
  return type;
}

}  // namespace

ParameterCounts count_parameters(const torch::nn::Module& model) {
  ParameterCounts counts;
  for (const auto& p : model.named_parameters(/*recurse=*/true)) {
    const int64_t count = p.value().numel();
    counts.total += count;
    if (p.value().requires_grad()) counts.trainable += count;
    const size_t dot = p.key().rfind('.');
    const std::string leaf = dot == std::string::npos ? p.key() : p.key().substr(dot + 1);
    if (leaf == "weight" || leaf == "bias") counts.weights_and_biases += count;
  }
  return counts;
}

ModelSummary summarize(Classifier& model) {
  ModelSummary summary;
  summary.input_shape = model.input_shape();

  std::map<const torch::nn::Module*, std::string> names;
  for (const auto& item : model.named_modules("", /*include_self=*/false)) names[item.value().get()] = item.key();

  std::vector<int64_t> batch_shape{1};
  batch_shape.insert(batch_shape.end(), summary.input_shape.begin(), summary.input_shape.end());
  const auto parameter = model.parameters().empty() ? torch::Tensor() : model.parameters().front();
  auto options = parameter.defined() ? parameter.options().requires_grad(false) : torch::TensorOptions();

  const bool was_training = model.is_training();
  model.eval();
  std::vector<LayerTrace::Record> records;
  {
    torch::NoGradGuard no_grad;
    LayerTrace trace;
    model.forward(ModelInput{torch::zeros(batch_shape, options), torch::Tensor()});
    records = trace.records();
  }
  model.train(was_training);

  std::set<std::string> traced_layers;
  int64_t activation_values = 0;
  for (const auto& record : records) {
    SummaryRow row;
    auto found = names.find(record.module);
    row.name = found != names.end() ? found->second : "?";
    row.type = short_type(record.module->name());
    row.output_shape = record.output_shape;
    for (const auto& p : record.module->named_parameters(/*recurse=*/false)) row.params += p.value().numel();
    row.macs = record.macs;
    summary.macs += record.macs;
    int64_t values = 1;
    for (int64_t extent : record.output_shape) values *= extent;
    activation_values += values;
    traced_layers.insert(row.name);
    summary.rows.push_back(std::move(row));
  }

  const ParameterCounts counts = count_parameters(model);
  summary.total_params = counts.total;
  summary.trainable_params = counts.trainable;
  summary.weight_and_bias_params = counts.weights_and_biases;
  for (const auto& p : model.named_parameters(/*recurse=*/true)) {
    const size_t dot = p.key().rfind('.');
    const std::string owner = dot == std::string::npos ? "" : p.key().substr(0, dot);
    if (!traced_layers.count(owner)) summary.other_params.emplace_back(p.key(), p.value().numel());
  }

  int64_t input_values = 1;
  for (int64_t extent : summary.input_shape) input_values *= extent;
  summary.input_mb = input_values * 4.0 / kBytesPerMb;
  summary.activations_mb = 2.0 * activation_values * 4.0 / kBytesPerMb;  // forward values and their gradients
  summary.params_mb = summary.total_params * 4.0 / kBytesPerMb;
  return summary;
}

}  // namespace sigvit
