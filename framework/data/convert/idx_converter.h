#pragma once

#include <string>
#include <vector>

#include "data/format/dataset_content.h"

namespace sigvit {

struct IdxOptions {
  // Empty: "0", "1", ... up to the largest label.
  std::vector<std::string> class_names;
  // uint8 keeps the bytes (scale 1/255); float32 stores the values in [0, 1].
  StorageType storage = StorageType::uint8;
};

// What a well-known IDX data set brings besides its files: class names and
// the credits its licence asks for.
struct IdxPreset {
  std::vector<std::string> class_names;
  std::string source, license;
};

// "fashion-mnist" or "mnist"; Error naming --preset otherwise.
IdxPreset idx_preset(const std::string& name);

// `inputs`: train images, train labels, test images, test labels (IDX,
// gzipped or not), or one folder holding the four under their standard names
// (train-images-idx3-ubyte[.gz], ..., t10k-labels-idx1-ubyte[.gz]).
DatasetContent convert_idx(const std::vector<std::string>& inputs, const IdxOptions& options);

}  // namespace sigvit
