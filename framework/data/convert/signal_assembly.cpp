#include "data/convert/signal_assembly.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "data/convert/held_out.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

// The label most of `labels[begin, end)` have; on a tie the one seen first.
const std::string& majority_label(const std::vector<std::string>& labels, size_t begin, size_t end, bool* mixed) {
  std::map<std::string, size_t> counts;
  for (size_t i = begin; i < end; ++i) ++counts[labels[i]];
  *mixed = counts.size() > 1;
  const std::string* best = &labels[begin];
  size_t most = 0;
  for (size_t i = begin; i < end; ++i) {
    const size_t count = counts[labels[i]];
    if (count > most) {
      most = count;
      best = &labels[i];
    }
  }
  return *best;
}

std::string group_of(const SignalCase& signal) { return signal.group.empty() ? signal.origin : signal.group; }

void check_window(const WindowOptions& window) {
  if (window.size < 0) throw Error("--window " + std::to_string(window.size) + ": expected a number of samples >= 1");
  if (window.stride < 0) throw Error("--stride " + std::to_string(window.stride) + ": expected a number of samples >= 1");
  if (window.stride > 0 && window.size == 0) throw Error("--stride needs --window N");
}

struct WindowCount {
  size_t recordings = 0, windows = 0, too_short = 0, mixed = 0;
};

std::vector<SignalCase> cut(const SignalCase& recording, const WindowOptions& window, size_t* mixed_windows) {
  check_window(window);
  std::vector<SignalCase> windows;
  if (window.size == 0) return windows;
  const int64_t stride = window.stride > 0 ? window.stride : window.size;
  if (!recording.sample_labels.empty() && static_cast<int64_t>(recording.sample_labels.size()) != recording.length())
    throw Error(recording.origin + ": " + std::to_string(recording.sample_labels.size()) + " sample labels for " +
                std::to_string(recording.length()) + " samples");
  for (int64_t start = 0; start + window.size <= recording.length(); start += stride) {
    SignalCase piece;
    for (const auto& channel : recording.channels)
      piece.channels.emplace_back(channel.begin() + start, channel.begin() + start + window.size);
    bool mixed = false;
    piece.label = recording.sample_labels.empty()
                      ? recording.label
                      : majority_label(recording.sample_labels, static_cast<size_t>(start),
                                       static_cast<size_t>(start + window.size), &mixed);
    if (mixed) ++*mixed_windows;
    piece.origin = recording.origin + "[" + std::to_string(start) + ":" + std::to_string(start + window.size) + "]";
    piece.group = group_of(recording);
    windows.push_back(std::move(piece));
  }
  return windows;
}

std::vector<SignalCase> windows_of(const std::vector<SignalCase>& recordings, const WindowOptions& window,
                                   WindowCount& count) {
  std::vector<SignalCase> result;
  for (const SignalCase& recording : recordings) {
    ++count.recordings;
    std::vector<SignalCase> pieces = cut(recording, window, &count.mixed);
    if (pieces.empty()) ++count.too_short;
    for (SignalCase& piece : pieces) result.push_back(std::move(piece));
  }
  count.windows += result.size();
  return result;
}

std::string window_note(const WindowCount& count, const WindowOptions& window) {
  const int64_t stride = window.stride > 0 ? window.stride : window.size;
  std::string note = "cut " + std::to_string(count.recordings) + " recordings into " + std::to_string(count.windows) +
                     " windows of " + std::to_string(window.size) + " samples every " + std::to_string(stride);
  if (count.too_short) note += "; " + std::to_string(count.too_short) + " recordings shorter than a window were left out";
  if (count.mixed)
    note += "; " + std::to_string(count.mixed) + " windows spanned several labels and took the one most samples have";
  return note;
}

bool has_groups(const std::vector<NamedCases>& splits) {
  for (const auto& split : splits)
    for (const auto& signal : split.cases)
      if (!signal.group.empty()) return true;
  return false;
}

std::vector<NamedCases> draw_test_split(NamedCases all, const std::vector<std::string>& class_names,
                                        const AssemblyOptions& options, std::vector<std::string>& notes) {
  std::map<std::string, int64_t> class_index, group_index;
  for (size_t i = 0; i < class_names.size(); ++i) class_index[class_names[i]] = static_cast<int64_t>(i);
  const bool grouped = has_groups({all});
  std::vector<int64_t> labels, groups;
  for (const SignalCase& signal : all.cases) {
    const auto found = class_index.find(signal.label);
    if (found == class_index.end())
      throw Error(signal.origin + ": label '" + signal.label + "' is not one of the class names");
    labels.push_back(found->second);
    if (grouped) groups.push_back(group_index.emplace(group_of(signal), group_index.size()).first->second);
  }
  const std::vector<bool> is_test = choose_held_out(labels, groups, *options.test_fraction, options.seed);
  std::vector<NamedCases> result{{"train", {}}, {"test", {}}};
  std::set<int64_t> test_groups;
  for (size_t i = 0; i < all.cases.size(); ++i) {
    if (is_test[i] && grouped) test_groups.insert(groups[i]);
    result[is_test[i] ? 1 : 0].cases.push_back(std::move(all.cases[i]));
  }
  if (result[0].cases.empty() || result[1].cases.empty())
    throw Error("--split-fraction " + format_number("%g", *options.test_fraction) + " leaves " +
                (result[0].cases.empty() ? "train" : "test") + " empty out of " + std::to_string(all.cases.size()) +
                " cases" +
                (grouped ? " from " + std::to_string(group_index.size()) +
                               (group_index.size() == 1 ? " recording" : " recordings") +
                               ", each kept whole on one side; give more recordings, or TRAIN and TEST inputs"
                         : "; give more cases or another fraction"));
  std::string note = "test split: " + std::to_string(result[1].cases.size()) + " of " +
                     std::to_string(all.cases.size()) + " cases (--split-fraction " +
                     format_number("%g", *options.test_fraction) + ", seed " + std::to_string(options.seed) +
                     "), drawn per class";
  if (grouped)
    note += " and by whole recordings (" + std::to_string(test_groups.size()) + " of " +
            std::to_string(group_index.size()) + "), so no recording is in both train and test";
  notes.push_back(note);
  return result;
}

}  // namespace

std::vector<SignalCase> cut_windows(const SignalCase& recording, const WindowOptions& window) {
  size_t mixed_windows = 0;
  return cut(recording, window, &mixed_windows);
}

DatasetContent assemble_signals(std::vector<NamedCases> splits, const AssemblyOptions& options, DatasetInfo info) {
  check_window(options.window);
  DatasetContent content;
  if (options.window.size > 0) {
    WindowCount count;
    for (auto& split : splits) {
      split.cases = windows_of(split.cases, options.window, count);
      if (split.cases.empty())
        throw Error("--window " + std::to_string(options.window.size) + ": no recording of the " + split.name +
                    " inputs is that long; give a shorter window");
    }
    content.notes.push_back(window_note(count, options.window));
  } else {
    for (const auto& split : splits)
      for (const auto& signal : split.cases)
        if (!signal.sample_labels.empty())
          throw Error(signal.origin + ": has a label per sample; give --window N (and --stride M) to cut it into "
                      "labelled windows");
  }

  std::vector<std::vector<SignalCase>> all_cases;
  for (const auto& split : splits) all_cases.push_back(split.cases);
  info.kind = DatasetKind::signal1d;
  info.class_names = options.class_names.empty() ? sorted_labels(all_cases) : options.class_names;
  all_cases.clear();

  if (options.test_fraction) {
    if (splits.size() != 1) throw Error("--split-fraction draws the test split from a single input split; "
                                        "the inputs already give " + std::to_string(splits.size()) + " splits");
    splits = draw_test_split(std::move(splits[0]), info.class_names, options, content.notes);
  } else if (splits.size() == 1) {
    throw Error("the inputs hold one split: give --split-fraction F to draw the test split from it");
  }

  int64_t length = 0;
  for (const auto& split : splits)
    for (const auto& signal : split.cases) length = std::max(length, signal.length());
  if (options.length) {
    if (*options.length < 1) throw Error("--length " + std::to_string(*options.length) + ": expected 1 or more");
    length = *options.length;
  }
  if (length < 1) throw Error("every case is empty: no samples to store");

  std::map<std::string, int64_t> group_ids;
  const bool grouped = has_groups(splits);
  for (const auto& split : splits)
    content.splits.push_back(
        pack_signals(split.name, split.cases, info.class_names, length, grouped ? &group_ids : nullptr));
  content.info = std::move(info);
  return content;
}

}  // namespace sigvit
