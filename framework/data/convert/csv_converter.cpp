#include "data/convert/csv_converter.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "core/text.h"
#include "data/sources/csv_table.h"
#include "data/sources/signal_cases.h"
#include "data/sources/text_fields.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

// What pandas, R and spreadsheets write for a missing number.
bool is_missing(const std::string& field) {
  static const std::vector<std::string> markers{"", "?", "nan", "na", "n/a", "null", "none", "-nan"};
  return std::find(markers.begin(), markers.end(), lowercase(field)) != markers.end();
}

float number_or_nan(const std::string& field, const std::string& where) {
  if (is_missing(field)) return std::numeric_limits<float>::quiet_NaN();
  return parse_value(field, where, false);
}

size_t find_column(const CsvTable& table, const std::string& name, const std::string& option) {
  const int64_t column = table.column(name);
  if (column < 0)
    throw Error(table.path + ":1: no column '" + name + "' (" + option + ") in the header (columns: " +
                join(table.header, ", ") + ")");
  return static_cast<size_t>(column);
}

size_t label_column_of(const CsvTable& table, const CsvOptions& options) {
  if (options.label_column) return find_column(table, *options.label_column, "--label-column");
  for (const char* usual : {"label", "class", "target", "y"})
    for (size_t i = 0; i < table.header.size(); ++i)
      if (lowercase(table.header[i]) == usual) return i;
  throw Error(table.path + ":1: no label column (label, class, target or y) in the header (columns: " +
              join(table.header, ", ") + "); name it with --label-column");
}

// pandas' to_csv writes its index first, under an empty name (or "Unnamed: 0"
// once read back and written again).
std::optional<size_t> index_column_of(const CsvTable& table, const CsvOptions& options) {
  if (options.index_column) {
    if (*options.index_column == "none") return std::nullopt;
    return find_column(table, *options.index_column, "--index-column");
  }
  if (table.header[0].empty() || table.header[0] == "Unnamed: 0") return 0;
  return std::nullopt;
}

std::string delimiter_name(char delimiter) { return delimiter == '\t' ? "tab" : std::string("'") + delimiter + "'"; }

struct MissingCount {
  size_t filled = 0, padded_rows = 0;
};

// A wide row's channels: missing values at the end of a channel are padding
// (a shorter series; every channel must end alike), the rest are filled by
// the policy or refused.
std::vector<std::vector<float>> row_channels(const CsvTable& table, size_t row, const std::vector<size_t>& columns,
                                             size_t channels, const CsvOptions& options, MissingCount& count) {
  const size_t length = columns.size() / channels;
  std::vector<std::vector<float>> result(channels);
  size_t valid = length;
  for (size_t c = 0; c < channels; ++c) {
    for (size_t t = 0; t < length; ++t) {
      const size_t column = columns[c * length + t];
      result[c].push_back(number_or_nan(table.rows[row][column], table.where(row) + ": column '" + table.header[column] + "'"));
    }
    size_t channel_valid = length;
    while (channel_valid > 0 && std::isnan(result[c][channel_valid - 1])) --channel_valid;
    if (channel_valid == 0) throw Error(table.where(row) + ": every value" + (channels > 1 ? " of a channel" : "") + " is missing");
    if (c > 0 && channel_valid != valid)
      throw Error(table.where(row) + ": channel " + std::to_string(c) + " has " + std::to_string(channel_valid) +
                  " values before its trailing missing ones, channel 0 has " + std::to_string(valid) +
                  "; expected channels of one length");
    valid = channel_valid;
  }
  if (valid < length) ++count.padded_rows;
  for (size_t c = 0; c < channels; ++c) {
    result[c].resize(valid);
    for (size_t t = 0; t < valid; ++t) {
      if (!std::isnan(result[c][t])) continue;
      const size_t column = columns[c * length + t];
      if (!options.missing)
        throw Error(table.where(row) + ": column '" + table.header[column] + "': missing value '" +
                    table.rows[row][column] + "', expected a number (--missing interpolate or zero fills it)");
      ++count.filled;
    }
    if (options.missing) fill_missing(result[c], *options.missing, table.where(row));
  }
  return result;
}

std::vector<SignalCase> wide_cases(const CsvTable& table, const CsvOptions& options, std::vector<std::string>& notes) {
  const size_t label = label_column_of(table, options);
  const std::optional<size_t> index = index_column_of(table, options);
  if (index && *index == label) throw Error(table.path + ": the index column is the label column");
  std::vector<size_t> columns;
  for (size_t i = 0; i < table.header.size(); ++i)
    if (i != label && (!index || i != *index)) columns.push_back(i);
  const auto channels = static_cast<size_t>(options.channels);
  if (columns.empty() || columns.size() % channels != 0)
    throw Error(table.path + ":1: " + std::to_string(columns.size()) +
                " value columns, expected a positive multiple of --channels " + std::to_string(channels));
  if (index)
    notes.push_back(table.path + ": column " + std::to_string(*index + 1) + " ('" + table.header[*index] +
                    "') is an index (as pandas' to_csv writes it) and was left out; --index-column none keeps it");

  MissingCount count;
  std::vector<SignalCase> cases;
  for (size_t row = 0; row < table.rows.size(); ++row) {
    SignalCase signal{row_channels(table, row, columns, channels, options, count), table.rows[row][label],
                      table.where(row), {}, {}};
    cases.push_back(std::move(signal));
  }
  if (count.padded_rows)
    notes.push_back(table.path + ": " + std::to_string(count.padded_rows) +
                    " rows end in missing values, read as shorter series (lengths recorded)");
  if (count.filled)
    notes.push_back(table.path + ": " + std::to_string(count.filled) + " missing values filled (--missing)");
  return cases;
}

std::vector<SignalCase> long_cases(const CsvTable& table, const CsvOptions& options, std::vector<std::string>& notes) {
  const size_t label = label_column_of(table, options);
  const std::optional<size_t> index = index_column_of(table, options);
  std::optional<size_t> case_column, time_column;
  if (options.case_column) case_column = find_column(table, *options.case_column, "--case-column");
  if (options.time_column) time_column = find_column(table, *options.time_column, "--time-column");
  std::vector<size_t> channels;
  if (!options.value_columns.empty()) {
    for (const auto& name : options.value_columns) channels.push_back(find_column(table, name, "--value-columns"));
  } else {
    for (size_t i = 0; i < table.header.size(); ++i)
      if (i != label && i != case_column && i != time_column && i != index) channels.push_back(i);
  }
  if (channels.empty()) throw Error(table.path + ":1: no channel columns left besides the label, case and time");

  // Rows of each case in order of the case's first row.
  std::vector<std::string> case_order;
  std::map<std::string, std::vector<size_t>> rows_of;
  for (size_t row = 0; row < table.rows.size(); ++row) {
    const std::string id = case_column ? table.rows[row][*case_column] : table.path;
    auto [at, added] = rows_of.try_emplace(id);
    if (added) case_order.push_back(id);
    at->second.push_back(row);
  }
  MissingCount count;
  size_t mixed_cases = 0;
  std::vector<SignalCase> cases;
  for (const std::string& id : case_order) {
    std::vector<size_t>& rows = rows_of[id];
    if (time_column) {
      std::vector<double> times;
      for (size_t row : rows)
        times.push_back(parse_value(table.rows[row][*time_column], table.where(row) + ": column '" +
                                                                       table.header[*time_column] + "'", false));
      std::vector<size_t> order(rows.size());
      std::iota(order.begin(), order.end(), size_t{0});
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return times[a] < times[b]; });
      for (size_t i = 1; i < order.size(); ++i)
        if (times[order[i]] == times[order[i - 1]])
          throw Error(table.where(rows[order[i]]) + ": time " + table.rows[rows[order[i]]][*time_column] +
                      " appears twice in case '" + id + "'");
      std::vector<size_t> sorted;
      for (size_t i : order) sorted.push_back(rows[i]);
      rows = std::move(sorted);
    }
    SignalCase signal;
    signal.origin = case_column ? table.path + " case '" + id + "'" : table.path;
    signal.group = case_column ? table.path + "#" + id : table.path;
    signal.channels.assign(channels.size(), {});
    std::vector<std::string> labels;
    for (size_t row : rows) {
      for (size_t c = 0; c < channels.size(); ++c)
        signal.channels[c].push_back(
            number_or_nan(table.rows[row][channels[c]], table.where(row) + ": column '" + table.header[channels[c]] + "'"));
      labels.push_back(table.rows[row][label]);
    }
    for (size_t c = 0; c < channels.size(); ++c) {
      const auto missing = static_cast<size_t>(std::count_if(signal.channels[c].begin(), signal.channels[c].end(),
                                                             [](float v) { return std::isnan(v); }));
      if (!missing) continue;
      if (!options.missing)
        throw Error(signal.origin + ": column '" + table.header[channels[c]] + "' has " + std::to_string(missing) +
                    " missing values (--missing interpolate or zero fills them)");
      fill_missing(signal.channels[c], *options.missing, signal.origin);
      count.filled += missing;
    }
    if (std::all_of(labels.begin(), labels.end(), [&](const std::string& l) { return l == labels[0]; })) {
      signal.label = labels[0];
    } else {
      ++mixed_cases;
      signal.sample_labels = std::move(labels);
    }
    cases.push_back(std::move(signal));
  }
  notes.push_back(table.path + ": long format, " + std::to_string(table.rows.size()) + " rows -> " +
                  std::to_string(cases.size()) + (cases.size() == 1 ? " recording" : " cases") + " of " +
                  std::to_string(channels.size()) + " channels" +
                  (mixed_cases ? " (" + std::to_string(mixed_cases) + " with a label per time step)" : ""));
  if (count.filled) notes.push_back(table.path + ": " + std::to_string(count.filled) + " missing values filled (--missing)");
  return cases;
}

}  // namespace

CsvLayout parse_csv_layout(const std::string& text) {
  if (text == "wide") return CsvLayout::wide;
  if (text == "long") return CsvLayout::long_format;
  throw Error("--layout " + text + ": expected wide (a case per row) or long (a time step per row)");
}

DatasetContent convert_csv(const std::vector<std::string>& inputs, const CsvOptions& options) {
  if (options.channels < 1) throw Error("--channels " + std::to_string(options.channels) + ": expected 1 or more");
  if (options.layout == CsvLayout::long_format && options.channels != 1)
    throw Error("--channels splits wide rows; in the long layout every value column is a channel");
  if (inputs.empty() || inputs.size() > 3)
    throw Error("csv: expected TRAIN.csv TEST.csv [VAL.csv], or one file with --split-fraction");
  const std::vector<std::string> names{"train", "test", "val"};
  std::vector<NamedCases> splits;
  std::vector<std::string> notes;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const CsvTable table = read_csv_table(inputs[i], options.delimiter);
    if (!options.delimiter && table.delimiter != ',')
      notes.push_back(inputs[i] + ": fields separated by " + delimiter_name(table.delimiter) + " (detected)");
    splits.push_back({names[i], options.layout == CsvLayout::wide ? wide_cases(table, options, notes)
                                                                  : long_cases(table, options, notes)});
  }
  for (const auto& split : splits)
    for (const auto& signal : split.cases)
      if (!options.assembly.class_names.empty() && signal.sample_labels.empty() &&
          std::find(options.assembly.class_names.begin(), options.assembly.class_names.end(), signal.label) ==
              options.assembly.class_names.end())
        throw Error(signal.origin + ": label '" + signal.label + "' is not one of --class-names (" +
                    join(options.assembly.class_names, ", ") + ")");
  DatasetInfo info;
  info.source = "CSV files: " + join(inputs, ", ");
  DatasetContent content = assemble_signals(std::move(splits), options.assembly, info);
  notes.insert(notes.end(), content.notes.begin(), content.notes.end());
  content.notes = std::move(notes);
  return content;
}

}  // namespace sigvit
