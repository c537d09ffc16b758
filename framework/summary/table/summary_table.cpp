#include "summary/table/summary_table.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "core/text.h"

namespace sigvit {

namespace {

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
