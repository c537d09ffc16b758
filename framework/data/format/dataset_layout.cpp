#include "data/format/dataset_layout.h"

#include "sigvit/error.h"

namespace sigvit {

std::string to_string(DatasetKind kind) { return kind == DatasetKind::signal1d ? "signal1d" : "image2d"; }

DatasetKind parse_dataset_kind(const std::string& text, const std::string& where) {
  if (text == "signal1d") return DatasetKind::signal1d;
  if (text == "image2d") return DatasetKind::image2d;
  throw Error(where + ": kind is '" + text + "', expected 'signal1d' or 'image2d'");
}

int case_rank(DatasetKind kind) { return kind == DatasetKind::signal1d ? 2 : 3; }

std::string to_string(StorageType type) {
  switch (type) {
    case StorageType::float32: return "float32";
    case StorageType::int16: return "int16";
    case StorageType::uint8: return "uint8";
  }
  return "?";
}

StorageType parse_storage_type(const std::string& text, const std::string& where) {
  if (text == "float32") return StorageType::float32;
  if (text == "int16") return StorageType::int16;
  if (text == "uint8") return StorageType::uint8;
  throw Error(where + ": storage type is '" + text + "', expected float32, int16 or uint8");
}

const std::vector<std::string>& split_names() {
  static const std::vector<std::string> names{"train", "val", "test"};
  return names;
}

}  // namespace sigvit
