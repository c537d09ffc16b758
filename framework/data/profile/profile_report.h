#pragma once

#include <string>
#include <vector>

#include "data/format/dataset_layout.h"
#include "data/profile/split_profile.h"

namespace sigvit {

// What `sigvit inspect` shows of a data set: its attributes and every split's profile.
struct DatasetProfile {
  std::string path;
  DatasetInfo info;
  std::vector<SplitProfile> splits;  // in file order; the first is the train split
};

DatasetProfile profile_dataset(const std::string& path);

// For the terminal: a table per split and, for the train split, which
// normalisation keeps the information that tells classes apart.
std::string format_profile(const DatasetProfile& profile);

// The same figures as JSON (configs/README.md, "Inspecting a data set").
std::string profile_json(const DatasetProfile& profile);

}  // namespace sigvit
