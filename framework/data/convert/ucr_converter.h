#pragma once

#include <string>
#include <vector>

#include "data/convert/missing_values.h"
#include "data/format/dataset_content.h"

namespace sigvit {

struct UcrOptions {
  MissingPolicy missing = MissingPolicy::interpolate;
};

// `inputs`: NAME_TRAIN.ts NAME_TEST.ts (or .tsv), or one folder holding them.
// Gives a signal1d data set with train and test splits, padded with zeros to
// the longest series of both (lengths recorded) when lengths differ. Class
// names follow @classLabel, else the labels found in natural order.
DatasetContent convert_ucr(const std::vector<std::string>& inputs, const UcrOptions& options);

}  // namespace sigvit
