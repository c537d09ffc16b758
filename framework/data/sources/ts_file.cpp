#include "data/sources/ts_file.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <sstream>

#include "core/text.h"
#include "data/sources/text_fields.h"
#include "data/sources/text_file.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

// What the headers promise about the cases that follow.
struct TsHeaders {
  std::optional<size_t> dimensions;
  std::optional<bool> equal_length;
  std::optional<int64_t> series_length;
};

bool parse_bool(const TextFile& file, const std::vector<std::string>& words) {
  const std::string value = words.size() == 2 ? lowercase(words[1]) : "";
  if (value != "true" && value != "false") file.fail(words[0] + " expects true or false");
  return value == "true";
}

int64_t parse_count(const TextFile& file, const std::vector<std::string>& words) {
  std::istringstream in(words.size() == 2 ? words[1] : "");
  int64_t value = 0;
  if (!(in >> value) || !in.eof() || value < 1) file.fail(words[0] + " expects a positive integer");
  return value;
}

void read_header(const TextFile& file, const std::string& line, TsHeaders& headers, TimeSeriesFile& result) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  const std::string keyword = lowercase(words[0]);
  if (keyword == "@problemname" || keyword == "@missing") return;
  if (keyword == "@timestamps") {
    if (parse_bool(file, words)) file.fail("time-stamped series are not supported, expected @timeStamps false");
  } else if (keyword == "@univariate") {
    if (parse_bool(file, words)) headers.dimensions = 1;
  } else if (keyword == "@dimensions") {
    headers.dimensions = static_cast<size_t>(parse_count(file, words));
  } else if (keyword == "@equallength") {
    headers.equal_length = parse_bool(file, words);
  } else if (keyword == "@serieslength") {
    headers.series_length = parse_count(file, words);
  } else if (keyword == "@classlabel") {
    if (words.size() < 2 || lowercase(words[1]) != "true")
      file.fail("regression problems are not supported, expected @classLabel true LABEL...");
    std::vector<std::string> labels(words.begin() + 2, words.end());
    if (labels.empty()) file.fail("@classLabel true lists no labels");
    if (std::set<std::string>(labels.begin(), labels.end()).size() != labels.size())
      file.fail("@classLabel lists a label twice");
    result.declared_labels = labels;
  } else if (keyword == "@targetlabel") {
    file.fail("regression problems (@targetLabel) are not supported, expected a classification problem");
  } else {
    file.fail("unknown header '" + words[0] +
              "', expected @problemName, @timeStamps, @missing, @univariate, @dimensions, @equalLength, "
              "@seriesLength, @classLabel or @data");
  }
}

SignalCase read_case(const TextFile& file, const std::string& line, const TsHeaders& headers,
                     const TimeSeriesFile& result) {
  const std::vector<std::string> fields = split_fields(line, ':');
  if (fields.size() < 2) file.fail("expected channels and a class label separated by ':'");
  SignalCase signal{{}, trim(fields.back()), file.where(), {}, {}};
  if (signal.label.empty()) file.fail("empty class label after the last ':'");
  if (result.declared_labels && std::find(result.declared_labels->begin(), result.declared_labels->end(),
                                          signal.label) == result.declared_labels->end())
    file.fail("label '" + signal.label + "' not declared in @classLabel (" + join(*result.declared_labels, " ") + ")");
  for (size_t c = 0; c + 1 < fields.size(); ++c) {
    if (trim(fields[c]).empty()) file.fail("channel " + std::to_string(c) + " is empty");
    std::vector<float> values;
    const auto texts = split_fields(fields[c], ',');
    for (size_t k = 0; k < texts.size(); ++k)
      values.push_back(
          parse_value(texts[k], file.where() + ": channel " + std::to_string(c) + ", value " + std::to_string(k), true));
    if (c > 0 && values.size() != signal.channels[0].size())
      file.fail("channel " + std::to_string(c) + " has " + std::to_string(values.size()) + " values, channel 0 has " +
                std::to_string(signal.channels[0].size()) + ": the channels of a case must have equal length");
    signal.channels.push_back(std::move(values));
  }
  const size_t expected_channels =
      headers.dimensions ? *headers.dimensions : result.cases.empty() ? signal.channels.size()
                                                                       : result.cases.front().channels.size();
  if (signal.channels.size() != expected_channels)
    file.fail(std::to_string(signal.channels.size()) + " channels, expected " + std::to_string(expected_channels) +
              (headers.dimensions ? " (@dimensions)" : " as on " + result.cases.front().origin));
  if (headers.equal_length.value_or(false) || (headers.series_length && !headers.equal_length)) {
    const int64_t expected = headers.series_length ? *headers.series_length
                             : result.cases.empty() ? signal.length()
                                                    : result.cases.front().length();
    if (signal.length() != expected)
      file.fail("series of length " + std::to_string(signal.length()) + ", expected " + std::to_string(expected) +
                (headers.series_length ? " (@seriesLength)" : " (@equalLength true)"));
  }
  return signal;
}

}  // namespace

TimeSeriesFile read_ts_file(const std::string& path) {
  TextFile file(path);
  TimeSeriesFile result{path, std::nullopt, {}};
  TsHeaders headers;
  bool in_data = false;
  for (std::string raw; file.next(raw);) {
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '@') {
      if (in_data) file.fail("header line after the data, expected every '@' line before the first case");
      if (lowercase(line) == "@data")
        in_data = true;
      else
        read_header(file, line, headers, result);
      continue;
    }
    in_data = true;
    result.cases.push_back(read_case(file, line, headers, result));
  }
  if (result.cases.empty()) throw Error(path + ": no cases, expected one case per line after @data");
  return result;
}

TimeSeriesFile read_ucr_tsv_file(const std::string& path) {
  TextFile file(path);
  TimeSeriesFile result{path, std::nullopt, {}};
  for (std::string raw; file.next(raw);) {
    if (trim(raw).empty()) continue;
    const std::vector<std::string> fields = split_fields(raw, '\t');
    SignalCase signal{std::vector<std::vector<float>>(1), trim(fields[0]), file.where(), {}, {}};
    if (fields.size() < 2) file.fail("expected a label and tab-separated values");
    std::vector<float>& values = signal.channels[0];
    for (size_t k = 1; k < fields.size(); ++k)
      values.push_back(parse_value(fields[k], file.where() + ": value " + std::to_string(k - 1), true));
    while (!values.empty() && std::isnan(values.back())) values.pop_back();
    if (values.empty()) file.fail("every value is missing");
    result.cases.push_back(std::move(signal));
  }
  if (result.cases.empty()) throw Error(path + ": no cases, expected one case per line");
  return result;
}

}  // namespace sigvit
