#include "data/convert/csv_converter.h"

#include <algorithm>

#include "core/text.h"
#include "data/convert/random_split.h"
#include "data/sources/signal_cases.h"
#include "data/sources/text_fields.h"
#include "data/sources/text_file.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

std::vector<SignalCase> read_csv(const std::string& path, const CsvOptions& options) {
  TextFile file(path);
  std::string line;
  while (file.next(line) && trim(line).empty()) {
  }
  if (trim(line).empty()) throw Error(path + ": empty, expected a header row");
  std::vector<std::string> header = split_fields(line, ',');
  for (auto& name : header) name = trim(name);
  const auto label_at = std::find(header.begin(), header.end(), options.label_column);
  if (label_at == header.end())
    file.fail("no column '" + options.label_column + "' in the header (columns: " + join(header, ", ") + ")");
  const size_t label_column = static_cast<size_t>(label_at - header.begin());
  const size_t value_count = header.size() - 1;
  if (value_count == 0 || value_count % static_cast<size_t>(options.channels) != 0)
    file.fail(std::to_string(value_count) + " value columns, expected a positive multiple of --channels " +
              std::to_string(options.channels));
  const size_t length = value_count / static_cast<size_t>(options.channels);

  std::vector<SignalCase> cases;
  while (file.next(line)) {
    if (trim(line).empty()) continue;
    const std::vector<std::string> fields = split_fields(line, ',');
    if (fields.size() != header.size())
      file.fail(std::to_string(fields.size()) + " fields, expected " + std::to_string(header.size()) +
                " as in the header");
    SignalCase signal{std::vector<std::vector<float>>(static_cast<size_t>(options.channels)), trim(fields[label_column]),
                      file.where()};
    if (!options.class_names.empty() &&
        std::find(options.class_names.begin(), options.class_names.end(), signal.label) == options.class_names.end())
      file.fail("label '" + signal.label + "' is not one of --class-names (" + join(options.class_names, ", ") + ")");
    size_t value = 0;
    for (size_t column = 0; column < fields.size(); ++column) {
      if (column == label_column) continue;
      signal.channels[value / length].push_back(
          parse_value(fields[column], file.where() + ": column '" + header[column] + "'", false));
      ++value;
    }
    cases.push_back(std::move(signal));
  }
  if (cases.empty()) throw Error(path + ": no rows after the header");
  return cases;
}

}  // namespace

DatasetContent convert_csv(const std::vector<std::string>& inputs, const CsvOptions& options) {
  if (options.channels < 1) throw Error("--channels " + std::to_string(options.channels) + ": expected 1 or more");
  std::vector<std::vector<SignalCase>> splits;
  std::vector<std::string> names;
  if (inputs.size() == 1 && options.test_fraction) {
    std::vector<SignalCase> all = read_csv(inputs[0], options);
    const std::vector<bool> is_test = choose_test_cases(all.size(), *options.test_fraction, options.seed);
    splits.resize(2);
    for (size_t i = 0; i < all.size(); ++i) splits[is_test[i] ? 1 : 0].push_back(std::move(all[i]));
    if (splits[0].empty() || splits[1].empty()) throw Error(inputs[0] + ": too few rows to split by --split-fraction");
    names = {"train", "test"};
  } else if (inputs.size() == 2 || inputs.size() == 3) {
    if (options.test_fraction) throw Error("csv: --split-fraction applies to a single input file");
    for (const auto& input : inputs) splits.push_back(read_csv(input, options));
    names = {"train", "test", "val"};
  } else {
    throw Error("csv: expected TRAIN.csv TEST.csv [VAL.csv], or one file with --split-fraction");
  }

  DatasetContent content;
  content.info.kind = DatasetKind::signal1d;
  content.info.class_names = options.class_names.empty() ? sorted_labels(splits) : options.class_names;
  content.info.source = "CSV files: " + join(inputs, ", ");
  const int64_t length = longest_case(splits);
  for (size_t i = 0; i < splits.size(); ++i)
    content.splits.push_back(pack_signals(names[i], splits[i], content.info.class_names, length));
  return content;
}

}  // namespace sigvit
