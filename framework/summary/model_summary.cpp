#include "summary/model_summary.h"

#include <iomanip>
#include <map>
#include <set>
#include <sstream>

#include "core/text.h"
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

std::string shape_with_batch(std::vector<int64_t> shape) {
  if (!shape.empty()) shape[0] = -1;
  return shape_to_string(shape);
}

std::string scaled(double value) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(2);
  if (value >= 1e9) {
    out << value / 1e9 << "G";
  } else if (value >= 1e6) {
    out << value / 1e6 << "M";
  } else if (value >= 1e3) {
    out << value / 1e3 << "K";
  } else {
    out << std::setprecision(0) << value;
  }
  return out.str();
}

std::string fixed(double value, int digits) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(digits) << value;
  return out.str();
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

std::string format_summary(const ModelSummary& summary) {
  size_t name_width = 5, type_width = 4, shape_width = 12;
  for (const auto& row : summary.rows) {
    name_width = std::max(name_width, row.name.size());
    type_width = std::max(type_width, row.type.size());
    shape_width = std::max(shape_width, shape_with_batch(row.output_shape).size());
  }
  const size_t width = name_width + type_width + shape_width + 16 + 10 + 8;
  const std::string thin(width, '-'), thick(width, '=');

  std::ostringstream out;
  auto line = [&](const std::string& name, const std::string& type, const std::string& shape, const std::string& params,
                  const std::string& macs) {
    out << std::left << std::setw(name_width + 2) << name << std::setw(type_width + 2) << type
        << std::setw(shape_width + 2) << shape << std::right << std::setw(16) << params << std::setw(10) << macs
        << '\n';
  };
  out << thin << '\n';
  line("Layer", "Type", "Output Shape", "Param #", "MACs");
  out << thick << '\n';
  for (const auto& row : summary.rows) {
    line(row.name, row.type, shape_with_batch(row.output_shape), with_thousands(row.params),
         row.macs ? scaled(static_cast<double>(row.macs)) : "-");
  }
  out << thick << '\n';
  for (const auto& [name, count] : summary.other_params) {
    out << "Parameter outside the layers above: " << name << " (" << with_thousands(count) << ")\n";
  }
  out << "Total params: " << with_thousands(summary.total_params) << '\n'
      << "Trainable params: " << with_thousands(summary.trainable_params) << '\n'
      << "Non-trainable params: " << with_thousands(summary.total_params - summary.trainable_params) << '\n'
      << "Layer weights and biases: " << with_thousands(summary.weight_and_bias_params) << '\n'
      << "  (torchsummary's total: it counts only layers' weight and bias, leaving out tokens and\n"
      << "  position embeddings)\n"
      << thin << '\n'
      << "Input size (MB): " << fixed(summary.input_mb, 2) << '\n'
      << "Forward/backward pass size (MB): " << fixed(summary.activations_mb, 2) << '\n'
      << "Params size (MB): " << fixed(summary.params_mb, 2) << '\n'
      << "Estimated Total Size (MB): " << fixed(summary.input_mb + summary.activations_mb + summary.params_mb, 2) << '\n'
      << "Forward GFLOPs: " << fixed(2.0 * summary.macs / 1e9, 3) << " (" << fixed(summary.macs / 1e9, 3)
      << " GMACs of matrix products and convolutions, per sample)\n"
      << thin << '\n';
  return out.str();
}

}  // namespace sigvit
