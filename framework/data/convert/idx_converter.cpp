#include "data/convert/idx_converter.h"

#include <algorithm>
#include <filesystem>

#include "core/text.h"
#include "data/sources/idx_file.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

namespace fs = std::filesystem;

std::string standard_file(const std::string& folder, const std::string& name) {
  for (const std::string& candidate : {name + ".gz", name}) {
    const fs::path path = fs::path(folder) / candidate;
    if (fs::exists(path)) return path.string();
  }
  throw Error(folder + ": no " + name + " or " + name + ".gz, expected the four standard IDX files");
}

struct IdxSplit {
  std::string name;
  std::string images_path, labels_path;
  IdxArray images, labels;
};

void check_shapes(const IdxSplit& split) {
  if (split.images.dims.size() != 3)
    throw Error(split.images_path + ": shape " + shape_to_string(split.images.dims) + ", expected images [N, H, W]");
  if (split.labels.dims.size() != 1)
    throw Error(split.labels_path + ": shape " + shape_to_string(split.labels.dims) + ", expected labels [N]");
  if (split.images.dims[0] != split.labels.dims[0])
    throw Error(split.labels_path + ": " + std::to_string(split.labels.dims[0]) + " labels, expected " +
                std::to_string(split.images.dims[0]) + " (the images in " + split.images_path + ")");
}

}  // namespace

IdxPreset idx_preset(const std::string& name) {
  if (name == "fashion-mnist") {
    return {{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"},
            "Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017)",
            "MIT"};
  }
  if (name == "mnist") {
    // Its distribution states no licence, so none is recorded.
    return {{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, "MNIST (LeCun, Cortes and Burges)", ""};
  }
  throw Error("--preset " + name + ": expected fashion-mnist or mnist");
}

DatasetContent convert_idx(const std::vector<std::string>& inputs, const IdxOptions& options) {
  std::vector<IdxSplit> splits(2);
  splits[0].name = "train";
  splits[1].name = "test";
  if (inputs.size() == 1 && fs::is_directory(inputs[0])) {
    splits[0].images_path = standard_file(inputs[0], "train-images-idx3-ubyte");
    splits[0].labels_path = standard_file(inputs[0], "train-labels-idx1-ubyte");
    splits[1].images_path = standard_file(inputs[0], "t10k-images-idx3-ubyte");
    splits[1].labels_path = standard_file(inputs[0], "t10k-labels-idx1-ubyte");
  } else if (inputs.size() == 4) {
    splits[0].images_path = inputs[0];
    splits[0].labels_path = inputs[1];
    splits[1].images_path = inputs[2];
    splits[1].labels_path = inputs[3];
  } else {
    throw Error("idx: expected TRAIN_IMAGES TRAIN_LABELS TEST_IMAGES TEST_LABELS or one folder, got " +
                std::to_string(inputs.size()) + " inputs");
  }
  uint8_t largest_label = 0;
  for (IdxSplit& split : splits) {
    split.images = read_idx_file(split.images_path);
    split.labels = read_idx_file(split.labels_path);
    check_shapes(split);
    for (uint8_t label : split.labels.values) largest_label = std::max(largest_label, label);
  }
  if (splits[0].images.dims[1] != splits[1].images.dims[1] || splits[0].images.dims[2] != splits[1].images.dims[2])
    throw Error(splits[1].images_path + ": images of shape " + shape_to_string(splits[1].images.dims) +
                ", expected the height and width of " + splits[0].images_path);

  DatasetContent content;
  content.info.kind = DatasetKind::image2d;
  content.info.class_names = options.class_names;
  if (content.info.class_names.empty())
    for (int label = 0; label <= largest_label; ++label) content.info.class_names.push_back(std::to_string(label));
  content.info.source = "IDX files";
  const auto classes = static_cast<int64_t>(content.info.class_names.size());
  for (const IdxSplit& idx : splits) {
    SplitData split;
    split.name = idx.name;
    split.case_shape = {1, idx.images.dims[1], idx.images.dims[2]};
    for (size_t i = 0; i < idx.labels.values.size(); ++i) {
      if (idx.labels.values[i] >= classes)
        throw Error(idx.labels_path + ": label " + std::to_string(idx.labels.values[i]) + " of item " +
                    std::to_string(i) + ", expected 0.." + std::to_string(classes - 1) + " (one per class name)");
      split.labels.push_back(idx.labels.values[i]);
    }
    if (options.storage == StorageType::uint8) {
      split.encoding = {StorageType::uint8, 1.0 / 255.0, 0.0};
      split.uint8_values = idx.images.values;
    } else if (options.storage == StorageType::float32) {
      split.float32_values.reserve(idx.images.values.size());
      for (uint8_t value : idx.images.values) split.float32_values.push_back(value / 255.0f);
    } else {
      throw Error("idx: --dtype " + to_string(options.storage) + ", expected uint8 or float32");
    }
    content.splits.push_back(std::move(split));
  }
  return content;
}

}  // namespace sigvit
