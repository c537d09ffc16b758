#pragma once

#include <optional>
#include <string>
#include <vector>

#include "data/convert/signal_assembly.h"
#include "data/format/dataset_content.h"
#include "data/sources/numeric_array.h"

namespace sigvit {

// One split as arrays: x, y, and optionally lengths, a mask, groups.
struct ArraySplit {
  std::string name;  // train, test or val
  NumericArray x;
  NumericArray y;  // [N]: integers, whole-valued floats, or strings
  // [N] valid samples per case of a padded signal.
  std::optional<NumericArray> lengths;
  // [N, L] (or [N, C, L], the same for every channel): 1/true where a
  // sample is valid; valid samples must come first. Becomes lengths.
  std::optional<NumericArray> mask;
  // [N] the recording of each case (ids or names), kept together by splits.
  std::optional<NumericArray> groups;
};

// How arrays become a data set, shared by the array converters (npy, h5, mat).
struct ArrayOptions {
  // Empty: [N, L] and [N, C, L] are signals, [N, C, H, W] images; [N, H, W]
  // needs the kind given.
  std::optional<DatasetKind> kind;
  // x stores channels last ([N, L, C], [N, H, W, C]), as Keras and many
  // NumPy pipelines do.
  bool channels_last = false;
  // Signals: class names, length, windows, the test split drawn from a single
  // split. Images use class_names, test_fraction and seed.
  AssemblyOptions assembly;
};

// The data set the arrays describe. Labels: strings as they are; integers and
// whole-valued floats as their decimal text ("3"), so that labels 0..K-1 keep
// their order. Non-finite x, fractional labels, lengths outside 1..L, and
// shapes that disagree are refused naming the array's origin and what was
// expected; every conversion (dtype widened or narrowed, labels mapped,
// channels moved, mask turned into lengths) is noted.
DatasetContent arrays_to_dataset(std::vector<ArraySplit> splits, const ArrayOptions& options, DatasetInfo info);

}  // namespace sigvit
