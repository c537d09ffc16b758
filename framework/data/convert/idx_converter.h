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

// The class names of "fashion-mnist" or "mnist".
std::vector<std::string> idx_preset_class_names(const std::string& preset);

// `inputs`: train images, train labels, test images, test labels (IDX,
// gzipped or not), or one folder holding the four under their standard names
// (train-images-idx3-ubyte[.gz], ..., t10k-labels-idx1-ubyte[.gz]).
DatasetContent convert_idx(const std::vector<std::string>& inputs, const IdxOptions& options);

}  // namespace sigvit
