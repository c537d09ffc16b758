#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sigvit {

// The HDF5 data-set layout (datasets/README.md), as plain types so that users
// of the framework never need the HDF5 headers.

enum class DatasetKind { signal1d, image2d };

std::string to_string(DatasetKind kind);
// Throws sigvit::Error naming `where` when `text` is neither kind.
DatasetKind parse_dataset_kind(const std::string& text, const std::string& where);
// Number of dimensions of one case: [C, L] or [C, H, W].
int case_rank(DatasetKind kind);

// How /SPLIT/x is stored on disk: value = stored * scale + offset.
enum class StorageType { float32, int16, uint8 };

std::string to_string(StorageType type);
StorageType parse_storage_type(const std::string& text, const std::string& where);

struct ValueEncoding {
  StorageType type = StorageType::float32;
  double scale = 1.0;
  double offset = 0.0;
};

// The root attributes.
struct DatasetInfo {
  DatasetKind kind = DatasetKind::signal1d;
  std::vector<std::string> class_names;
  std::optional<double> sample_rate;
  std::string source;
  std::string license;
};

// The split groups a file may hold, in the order they are written and listed.
const std::vector<std::string>& split_names();

}  // namespace sigvit
