#include "data/convert/array_dataset.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/text.h"
#include "data/convert/held_out.h"
#include "data/sources/text_fields.h"
#include "sigvit/error.h"
#include "sigvit/shape_text.h"

namespace sigvit {
namespace {

std::string describe(const NumericArray& array) {
  return array.origin + " (" + array.dtype + ", shape " + shape_to_string(array.shape) + ")";
}

// Case i's values in [C, ...] order whatever the array's layout.
struct CaseLayout {
  int64_t cases = 0, channels = 1;
  std::vector<int64_t> extent;  // [L] or [H, W]
  bool channels_last = false;

  int64_t values_per_case() const {
    int64_t values = channels;
    for (int64_t e : extent) values *= e;
    return values;
  }
};

CaseLayout layout_of(const NumericArray& x, DatasetKind kind, bool channels_last) {
  const std::vector<int64_t>& s = x.shape;
  CaseLayout layout;
  layout.channels_last = channels_last;
  const bool signal = kind == DatasetKind::signal1d;
  if (signal && s.size() == 2) {
    layout = {s[0], 1, {s[1]}, false};
  } else if (signal && s.size() == 3) {
    layout = channels_last ? CaseLayout{s[0], s[2], {s[1]}, true} : CaseLayout{s[0], s[1], {s[2]}, false};
  } else if (!signal && s.size() == 3) {
    layout = {s[0], 1, {s[1], s[2]}, false};
  } else if (!signal && s.size() == 4) {
    layout = channels_last ? CaseLayout{s[0], s[3], {s[1], s[2]}, true} : CaseLayout{s[0], s[1], {s[2], s[3]}, false};
  } else {
    throw Error(describe(x) + ": expected " +
                (signal ? std::string("[N, L] or [N, C, L] (--channels-last: [N, L, C]) for signals")
                        : std::string("[N, H, W] or [N, C, H, W] (--channels-last: [N, H, W, C]) for images")));
  }
  for (int64_t e : s)
    if (e < 1) throw Error(describe(x) + ": every dimension must be at least 1");
  return layout;
}

DatasetKind kind_of(const NumericArray& x, const ArrayOptions& options) {
  if (options.kind) return *options.kind;
  if (x.shape.size() == 2 || x.shape.size() == 3) return DatasetKind::signal1d;
  if (x.shape.size() == 4) return DatasetKind::image2d;
  throw Error(describe(x) + ": expected [N, L] or [N, C, L] signals, or [N, C, H, W] images (give --kind for "
              "[N, H, W] images)");
}

// The values of case n, channel-first, as float.
std::vector<float> case_values(const NumericArray& x, const CaseLayout& layout, int64_t n) {
  const int64_t per_case = layout.values_per_case();
  const double* first = x.numbers.data() + n * per_case;
  std::vector<float> values(static_cast<size_t>(per_case));
  const int64_t positions = per_case / layout.channels;
  for (int64_t p = 0; p < positions; ++p) {
    for (int64_t c = 0; c < layout.channels; ++c) {
      const double value = layout.channels_last ? first[p * layout.channels + c] : first[c * positions + p];
      if (!std::isfinite(value))
        throw Error(describe(x) + ": case " + std::to_string(n) + " holds " + (std::isnan(value) ? "NaN" : "Inf") +
                    ", expected finite values: fill missing values before converting");
      values[static_cast<size_t>(c * positions + p)] = static_cast<float>(value);
    }
  }
  return values;
}

// A vector of N values, [N] or a column/row [N, 1] / [1, N].
bool is_vector_of(const NumericArray& array, int64_t n) {
  if (array.shape.size() == 1) return array.shape[0] == n;
  if (array.shape.size() == 2) return (array.shape[0] == n && array.shape[1] == 1) || (array.shape[0] == 1 && array.shape[1] == n);
  return false;
}

std::string whole_number_text(double value, const NumericArray& array, size_t i, const std::string& what) {
  if (!std::isfinite(value) || std::floor(value) != value || std::fabs(value) > 9e15)
    throw Error(describe(array) + ": element " + std::to_string(i) + " is " + format_number("%g", value) +
                ", expected whole numbers or strings as " + what);
  return std::to_string(static_cast<int64_t>(value));
}

std::vector<std::string> texts_of(const NumericArray& array, int64_t n, const std::string& what) {
  if (!is_vector_of(array, n))
    throw Error(describe(array) + ": expected " + std::to_string(n) + " " + what + ", one per case ([N])");
  if (array.is_text()) return array.texts;
  std::vector<std::string> texts;
  for (size_t i = 0; i < array.numbers.size(); ++i) texts.push_back(whole_number_text(array.numbers[i], array, i, what));
  return texts;
}

// Valid samples per case from a mask whose valid samples come first.
std::vector<int64_t> lengths_from_mask(const NumericArray& mask, const CaseLayout& layout) {
  const int64_t length = layout.extent[0];
  const bool per_channel = mask.shape.size() == 3;
  if (!(mask.shape.size() == 2 && mask.shape[0] == layout.cases && mask.shape[1] == length) &&
      !(per_channel && mask.shape[0] == layout.cases &&
        mask.shape[layout.channels_last ? 2 : 1] == layout.channels && mask.shape[layout.channels_last ? 1 : 2] == length))
    throw Error(describe(mask) + ": expected a mask [N, L] = [" + std::to_string(layout.cases) + ", " +
                std::to_string(length) + "] like x");
  std::vector<int64_t> lengths;
  const int64_t stride = per_channel ? layout.channels : 1;
  for (int64_t n = 0; n < layout.cases; ++n) {
    int64_t valid = 0;
    bool ended = false;
    for (int64_t t = 0; t < length; ++t) {
      // With a per-channel mask, channel 0's column stands for the case.
      const int64_t at = per_channel ? (layout.channels_last ? (n * length + t) * stride : n * length * stride + t)
                                     : n * length + t;
      const bool on = mask.numbers[static_cast<size_t>(at)] != 0;
      if (on && ended)
        throw Error(describe(mask) + ": case " + std::to_string(n) + " has a valid sample at " + std::to_string(t) +
                    " after padding; valid samples must come first");
      if (on) ++valid;
      else ended = true;
    }
    if (valid == 0) throw Error(describe(mask) + ": case " + std::to_string(n) + " has no valid sample");
    lengths.push_back(valid);
  }
  return lengths;
}

std::vector<int64_t> lengths_of(const ArraySplit& split, const CaseLayout& layout, std::vector<std::string>& notes) {
  if (split.lengths && split.mask) throw Error(split.name + ": give lengths or a mask, not both");
  if (split.mask) {
    if (split.mask->is_text()) throw Error(describe(*split.mask) + ": expected 0/1 or booleans");
    notes.push_back(split.mask->origin + ": mask turned into valid lengths per case");
    return lengths_from_mask(*split.mask, layout);
  }
  if (!split.lengths) return {};
  std::vector<int64_t> lengths;
  for (const std::string& text : texts_of(*split.lengths, layout.cases, "lengths")) {
    const int64_t length = std::stoll(text);
    if (length < 1 || length > layout.extent[0])
      throw Error(describe(*split.lengths) + ": a length of " + text + ", expected 1.." +
                  std::to_string(layout.extent[0]) + " (L of x)");
    lengths.push_back(length);
  }
  return lengths;
}

std::string label_note(const NumericArray& y) {
  if (y.is_text()) return {};
  return y.origin + ": " + y.dtype + " labels used as class names by their decimal value";
}

DatasetContent images_to_dataset(std::vector<ArraySplit> splits, const ArrayOptions& options, DatasetInfo info,
                                 std::vector<std::string> notes) {
  if (options.assembly.window.size > 0) throw Error("--window cuts signals; these arrays are images");
  if (options.assembly.length) throw Error("--length pads signals; these arrays are images");
  struct Images {
    std::string name;
    CaseLayout layout;
    std::vector<float> values;
    std::vector<std::string> labels;
    std::vector<std::string> groups;
  };
  std::vector<Images> all;
  for (ArraySplit& split : splits) {
    Images images{split.name, layout_of(split.x, DatasetKind::image2d, options.channels_last), {}, {}, {}};
    images.labels = texts_of(split.y, images.layout.cases, "labels");
    if (split.groups) images.groups = texts_of(*split.groups, images.layout.cases, "groups");
    for (int64_t n = 0; n < images.layout.cases; ++n) {
      std::vector<float> values = case_values(split.x, images.layout, n);
      images.values.insert(images.values.end(), values.begin(), values.end());
    }
    if (!all.empty() && (all[0].layout.channels != images.layout.channels || all[0].layout.extent != images.layout.extent))
      throw Error(describe(split.x) + ": its images differ in shape from those of " + splits[0].x.origin);
    split.x.numbers.clear();
    all.push_back(std::move(images));
  }
  std::set<std::string> distinct;
  for (const Images& images : all) distinct.insert(images.labels.begin(), images.labels.end());
  info.kind = DatasetKind::image2d;
  info.class_names = options.assembly.class_names;
  if (info.class_names.empty()) {
    info.class_names.assign(distinct.begin(), distinct.end());
    std::sort(info.class_names.begin(), info.class_names.end(), natural_less);
  }
  std::map<std::string, int64_t> index_of;
  for (size_t i = 0; i < info.class_names.size(); ++i) index_of[info.class_names[i]] = static_cast<int64_t>(i);

  auto pack = [&](const std::string& name, const Images& from, const std::vector<size_t>& cases) {
    SplitData split;
    split.name = name;
    split.case_shape = {from.layout.channels, from.layout.extent[0], from.layout.extent[1]};
    const size_t per_case = static_cast<size_t>(from.layout.values_per_case());
    for (size_t n : cases) {
      const auto label = index_of.find(from.labels[n]);
      if (label == index_of.end())
        throw Error(name + " case " + std::to_string(n) + ": label '" + from.labels[n] + "' is not one of the class names");
      split.labels.push_back(label->second);
      split.float32_values.insert(split.float32_values.end(), from.values.begin() + n * per_case,
                                  from.values.begin() + (n + 1) * per_case);
    }
    return split;
  };
  auto every_case = [](const Images& images) {
    std::vector<size_t> cases(static_cast<size_t>(images.layout.cases));
    for (size_t i = 0; i < cases.size(); ++i) cases[i] = i;
    return cases;
  };

  DatasetContent content;
  if (options.assembly.test_fraction) {
    if (all.size() != 1) throw Error("--split-fraction draws the test split from a single input split");
    const Images& images = all[0];
    std::vector<int64_t> labels, groups;
    std::map<std::string, int64_t> group_ids;
    for (size_t n = 0; n < images.labels.size(); ++n) {
      const auto label = index_of.find(images.labels[n]);
      labels.push_back(label == index_of.end() ? -1 : label->second);
      if (!images.groups.empty())
        groups.push_back(group_ids.emplace(images.groups[n], group_ids.size()).first->second);
    }
    const std::vector<bool> is_test =
        choose_held_out(labels, groups, *options.assembly.test_fraction, options.assembly.seed);
    std::vector<size_t> train, test;
    for (size_t n = 0; n < is_test.size(); ++n) (is_test[n] ? test : train).push_back(n);
    if (train.empty() || test.empty()) throw Error("--split-fraction leaves a split empty; give another fraction");
    content.splits.push_back(pack("train", images, train));
    content.splits.push_back(pack("test", images, test));
    notes.push_back("test split: " + std::to_string(test.size()) + " of " + std::to_string(is_test.size()) +
                    " cases (--split-fraction " + format_number("%g", *options.assembly.test_fraction) + ", seed " +
                    std::to_string(options.assembly.seed) + "), drawn per class" +
                    (groups.empty() ? "" : " and by whole groups"));
  } else {
    if (all.size() == 1) throw Error("the inputs hold one split: give --split-fraction F to draw the test split from it");
    for (const Images& images : all) content.splits.push_back(pack(images.name, images, every_case(images)));
  }
  content.info = std::move(info);
  content.notes = std::move(notes);
  return content;
}

}  // namespace

DatasetContent arrays_to_dataset(std::vector<ArraySplit> splits, const ArrayOptions& options, DatasetInfo info) {
  if (splits.empty()) throw Error("no arrays to convert");
  std::vector<std::string> notes;
  for (const ArraySplit& split : splits) {
    if (split.x.is_text()) throw Error(describe(split.x) + ": holds text, expected numbers");
    if (split.x.dtype != "float32") notes.push_back(split.x.origin + ": " + split.x.dtype + " values stored as float32");
    const std::string labels = label_note(split.y);
    if (!labels.empty() && std::find(notes.begin(), notes.end(), labels) == notes.end()) notes.push_back(labels);
    if (split.y.shape.size() == 2) notes.push_back(split.y.origin + ": a " + shape_to_string(split.y.shape) +
                                                   " matrix of labels read as a vector");
  }
  const DatasetKind kind = kind_of(splits[0].x, options);
  if (options.channels_last) notes.push_back("channels moved from the last axis to the second (--channels-last)");
  if (kind == DatasetKind::image2d) return images_to_dataset(std::move(splits), options, std::move(info), notes);

  std::vector<NamedCases> named;
  for (ArraySplit& split : splits) {
    const CaseLayout layout = layout_of(split.x, kind, options.channels_last);
    const std::vector<std::string> labels = texts_of(split.y, layout.cases, "labels");
    const std::vector<std::string> groups =
        split.groups ? texts_of(*split.groups, layout.cases, "groups") : std::vector<std::string>{};
    const std::vector<int64_t> lengths = lengths_of(split, layout, notes);
    NamedCases cases{split.name, {}};
    const int64_t length = layout.extent[0];
    for (int64_t n = 0; n < layout.cases; ++n) {
      const std::vector<float> values = case_values(split.x, layout, n);
      const int64_t valid = lengths.empty() ? length : lengths[static_cast<size_t>(n)];
      SignalCase signal;
      for (int64_t c = 0; c < layout.channels; ++c)
        signal.channels.emplace_back(values.begin() + c * length, values.begin() + c * length + valid);
      signal.label = labels[static_cast<size_t>(n)];
      signal.origin = split.x.origin + "[" + std::to_string(n) + "]";
      if (!groups.empty()) signal.group = groups[static_cast<size_t>(n)];
      cases.cases.push_back(std::move(signal));
    }
    split.x.numbers.clear();
    named.push_back(std::move(cases));
  }
  AssemblyOptions assembly = options.assembly;
  // Padded arrays keep their width unless a length is given; windows have theirs.
  if (!assembly.length && assembly.window.size == 0) assembly.length = layout_of(splits[0].x, kind, options.channels_last).extent[0];
  DatasetContent content = assemble_signals(std::move(named), assembly, std::move(info));
  notes.insert(notes.end(), content.notes.begin(), content.notes.end());
  content.notes = std::move(notes);
  return content;
}

}  // namespace sigvit
