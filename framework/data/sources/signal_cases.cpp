#include "data/sources/signal_cases.h"

#include <algorithm>
#include <map>
#include <set>

#include "data/sources/text_fields.h"
#include "sigvit/error.h"

namespace sigvit {

int64_t longest_case(const std::vector<std::vector<SignalCase>>& splits) {
  int64_t longest = 0;
  for (const auto& cases : splits)
    for (const auto& signal : cases) longest = std::max(longest, signal.length());
  return longest;
}

SplitData pack_signals(const std::string& split_name, const std::vector<SignalCase>& cases,
                       const std::vector<std::string>& class_names, int64_t length,
                       std::map<std::string, int64_t>* group_ids) {
  std::map<std::string, int64_t> index_of;
  for (size_t i = 0; i < class_names.size(); ++i) index_of[class_names[i]] = static_cast<int64_t>(i);
  const size_t channels = cases.empty() ? 0 : cases.front().channels.size();

  SplitData split;
  split.name = split_name;
  split.case_shape = {static_cast<int64_t>(channels), length};
  split.float32_values.assign(cases.size() * channels * static_cast<size_t>(length), 0.0f);
  bool padded = false;
  for (size_t n = 0; n < cases.size(); ++n) {
    const SignalCase& signal = cases[n];
    if (signal.channels.size() != channels)
      throw Error(signal.origin + ": " + std::to_string(signal.channels.size()) + " channels, expected " +
                  std::to_string(channels) + " as in " + cases.front().origin);
    const auto label = index_of.find(signal.label);
    if (label == index_of.end())
      throw Error(signal.origin + ": label '" + signal.label + "' is not one of the class names");
    split.labels.push_back(label->second);
    if (group_ids) {
      const std::string& group = signal.group.empty() ? signal.origin : signal.group;
      split.groups.push_back(group_ids->emplace(group, static_cast<int64_t>(group_ids->size())).first->second);
    }
    const int64_t valid = std::min(signal.length(), length);
    padded = padded || valid < length;
    split.lengths.push_back(valid);
    for (size_t c = 0; c < channels; ++c)
      std::copy_n(signal.channels[c].begin(), valid, split.float32_values.begin() + (n * channels + c) * length);
  }
  if (!padded) split.lengths.clear();
  return split;
}

std::vector<std::string> sorted_labels(const std::vector<std::vector<SignalCase>>& splits) {
  std::set<std::string> distinct;
  for (const auto& cases : splits)
    for (const auto& signal : cases) distinct.insert(signal.label);
  std::vector<std::string> labels(distinct.begin(), distinct.end());
  std::sort(labels.begin(), labels.end(), natural_less);
  return labels;
}

}  // namespace sigvit
