#include "model/api/config_values.h"

#include <algorithm>

#include "core/text.h"

namespace sigvit {

double read_rate(const ConfigNode& node, const std::string& key, double fallback) {
  double value = node.get<double>(key, fallback);
  if (value < 0.0 || value >= 1.0) node.child(key).fail("expected a rate in [0, 1), got " + std::to_string(value));
  return value;
}

int64_t read_positive(const ConfigNode& node, const std::string& key, int64_t fallback) {
  int64_t value = node.get<int64_t>(key, fallback);
  if (value <= 0) node.child(key).fail("expected a positive integer, got " + std::to_string(value));
  return value;
}

std::vector<int64_t> read_positive_list(const ConfigNode& node, const std::string& key,
                                        const std::vector<int64_t>& fallback) {
  std::vector<int64_t> values = node.get<std::vector<int64_t>>(key, fallback);
  if (values.empty()) node.child(key).fail("expected a non-empty list of positive integers");
  if (std::any_of(values.begin(), values.end(), [](int64_t v) { return v <= 0; })) {
    node.child(key).fail("expected positive integers, got " + shape_to_string(values));
  }
  return values;
}

std::vector<int64_t> read_input_shape(const ConfigNode& model, const std::string& who, const std::string& layout) {
  return read_input_shape(model, who, std::vector<std::string>{layout});
}

std::vector<int64_t> read_input_shape(const ConfigNode& model, const std::string& who,
                                      const std::vector<std::string>& layouts) {
  std::vector<int64_t> shape = model.require<std::vector<int64_t>>("input_shape");
  const bool matches = std::any_of(layouts.begin(), layouts.end(), [&](const std::string& layout) {
    return shape.size() == static_cast<size_t>(std::count(layout.begin(), layout.end(), ',')) + 1;
  });
  if (!matches) {
    model.child("input_shape").fail(who + " expects " + join(layouts, " or ") + ", got " + shape_to_string(shape));
  }
  for (int64_t extent : shape) {
    if (extent <= 0) model.child("input_shape").fail("every extent must be positive");
  }
  return shape;
}

int64_t read_num_classes(const ConfigNode& model) {
  int64_t classes = model.require<int64_t>("num_classes");
  if (classes < 0) model.child("num_classes").fail("expected >= 0 (0 builds a feature extractor)");
  return classes;
}

}  // namespace sigvit
