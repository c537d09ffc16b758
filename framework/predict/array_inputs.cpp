#include "predict/array_inputs.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

#include "core/text.h"
#include "data/sources/csv_table.h"
#include "data/sources/numpy_file.h"
#include "data/sources/text_fields.h"
#include "sigvit/error.h"
#include "sigvit/shape_text.h"

namespace sigvit {
namespace {

std::string lower_extension(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

std::string expected_shapes(const std::vector<int64_t>& input_shape) {
  std::vector<int64_t> many{-1};
  many.insert(many.end(), input_shape.begin(), input_shape.end());
  return shape_to_string(input_shape) + " or [N, ...] = " + shape_to_string(many);
}

// The array's cases as [N, input_shape...], -1 standing for N in messages.
torch::Tensor cases_of(const NumericArray& x, const std::vector<int64_t>& input_shape) {
  if (x.is_text()) throw Error(x.origin + ": holds text, the model takes numbers");
  std::vector<int64_t> shape = x.shape;
  if (shape == input_shape) shape.insert(shape.begin(), 1);
  // One channel may be left out: [N, L] for a model of [1, L].
  if (input_shape[0] == 1 && shape.size() == input_shape.size())
    shape.insert(shape.begin() + 1, 1);
  const bool fits = shape.size() == input_shape.size() + 1 &&
                    std::equal(input_shape.begin(), input_shape.end(), shape.begin() + 1);
  if (!fits)
    throw Error(x.origin + ": shape " + shape_to_string(x.shape) + ", the model takes " + expected_shapes(input_shape));
  for (size_t i = 0; i < x.numbers.size(); ++i)
    if (!std::isfinite(x.numbers[i]))
      throw Error(x.origin + ": value " + std::to_string(i) + " is not finite; fill missing values first");
  return torch::tensor(x.numbers, torch::kFloat64).to(torch::kFloat32).reshape(shape);
}

std::vector<std::string> label_texts(const NumericArray& y, int64_t cases) {
  if (y.size() != cases) throw Error(y.origin + ": " + std::to_string(y.size()) + " labels for " + std::to_string(cases) + " cases");
  if (y.is_text()) return y.texts;
  std::vector<std::string> texts;
  for (double value : y.numbers) {
    if (std::floor(value) != value) throw Error(y.origin + ": labels must be whole numbers or strings");
    texts.push_back(std::to_string(static_cast<int64_t>(value)));
  }
  return texts;
}

InputGroup group_of(const std::string& path, torch::Tensor x, const ModelCard& card) {
  InputGroup group;
  const int64_t cases = x.size(0);
  for (int64_t i = 0; i < cases; ++i) group.names.push_back(path + "[" + std::to_string(i) + "]");
  if (card.kind == DatasetKind::signal1d) group.lengths = torch::full({cases}, x.size(2), torch::kInt64);
  group.x = std::move(x);
  return group;
}

std::string first_present(const NpzArchive& archive, std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (archive.contains(name)) return name;
  return {};
}

InputGroup read_npz_input(const std::string& path, const ModelCard& card, const std::vector<int64_t>& input_shape) {
  const NpzArchive archive = NpzArchive::open(path);
  std::string x_name = first_present(archive, {"X", "x"});
  if (x_name.empty() && archive.names().size() == 1) x_name = archive.names().front();
  if (x_name.empty())
    throw Error(path + ": no array X or x to predict on; it holds " + join(archive.names(), ", "));
  InputGroup group = group_of(path, cases_of(archive.array(x_name), input_shape), card);
  const std::string y_name = first_present(archive, {"y", "Y"});
  if (!y_name.empty()) group.labels = label_texts(archive.array(y_name), group.x.size(0));
  return group;
}

InputGroup read_csv_input(const std::string& path, const ModelCard& card, const std::vector<int64_t>& input_shape) {
  const CsvTable table = read_csv_table(path);
  std::optional<size_t> label, index;
  for (size_t i = 0; i < table.header.size(); ++i) {
    std::string name = table.header[i];
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!label && (name == "label" || name == "class" || name == "target" || name == "y")) label = i;
  }
  if (table.header[0].empty() || table.header[0] == "Unnamed: 0") index = 0;
  NumericArray x;
  x.origin = path;
  x.dtype = "csv";
  std::vector<std::string> labels;
  for (size_t row = 0; row < table.rows.size(); ++row) {
    for (size_t column = 0; column < table.header.size(); ++column) {
      if (column == label || column == index) continue;
      x.numbers.push_back(
          parse_value(table.rows[row][column], table.where(row) + ": column '" + table.header[column] + "'", false));
    }
    if (label) labels.push_back(table.rows[row][*label]);
  }
  const auto rows = static_cast<int64_t>(table.rows.size());
  x.shape = {rows, static_cast<int64_t>(x.numbers.size()) / rows};
  int64_t per_case = 1;
  for (int64_t extent : input_shape) per_case *= extent;
  if (x.shape[1] != per_case)
    throw Error(path + ": " + std::to_string(x.shape[1]) + " value columns per row, the model takes " +
                shape_to_string(input_shape) + " = " + std::to_string(per_case) + " values per case");
  x.shape = {rows};
  x.shape.insert(x.shape.end(), input_shape.begin(), input_shape.end());
  InputGroup group = group_of(path, cases_of(x, input_shape), card);
  group.labels = std::move(labels);
  return group;
}

}  // namespace

bool is_array_input(const std::string& path) {
  const std::string extension = lower_extension(path);
  return extension == ".npy" || extension == ".npz" || extension == ".csv";
}

InputGroup read_array_input(const std::string& path, const ModelCard& card, const std::vector<int64_t>& input_shape) {
  const std::string extension = lower_extension(path);
  if (extension == ".npz") return read_npz_input(path, card, input_shape);
  if (extension == ".csv") return read_csv_input(path, card, input_shape);
  return group_of(path, cases_of(read_npy(path), input_shape), card);
}

}  // namespace sigvit
