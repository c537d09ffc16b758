#include "data/format/dataset_writer.h"

#include "data/format/dataset_validator.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>

#include "core/text.h"
#include "core/unfinished_file.h"
#include "data/format/dataset_validator.h"
#include "data/format/hdf5_io.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

// Chunks of about this many bytes of whole cases: small enough that a loader
// reading a few random cases decompresses little, large enough to compress.
constexpr int64_t target_chunk_bytes = 64 * 1024;

int64_t bytes_per_value(StorageType type) {
  return type == StorageType::float32 ? 4 : type == StorageType::int16 ? 2 : 1;
}

void check_info(const std::string& path, const DatasetContent& content) {
  if (content.info.class_names.empty()) throw Error(path + ": no class names to write");
  if (content.splits.empty()) throw Error(path + ": no splits to write");
  std::set<std::string> seen;
  for (const auto& split : content.splits) {
    const auto& known = split_names();
    if (std::find(known.begin(), known.end(), split.name) == known.end())
      throw Error(path + ": split '" + split.name + "', expected one of " + join(known, ", "));
    if (!seen.insert(split.name).second) throw Error(path + ": split '" + split.name + "' given twice");
  }
}

// Checked split by split while the temporary file is open, so a bad split is
// caught after earlier ones were written: the clean-up path is the same for
// every failure.
void check_split(const std::string& path, const DatasetInfo& info, const SplitData& split) {
  const std::string where = path + ": split '" + split.name + "'";
  if (static_cast<int>(split.case_shape.size()) != case_rank(info.kind))
    throw Error(where + ": case shape " + shape_to_string(split.case_shape) + " does not fit kind " +
                to_string(info.kind));
  for (int64_t extent : split.case_shape)
    if (extent < 1) throw Error(where + ": case shape " + shape_to_string(split.case_shape) + " has an empty axis");
  if (split.num_cases() == 0) throw Error(where + ": no cases");
  if (split.stored_value_count() != static_cast<size_t>(split.num_cases() * split.values_per_case()))
    throw Error(where + ": " + std::to_string(split.stored_value_count()) + " values for " +
                std::to_string(split.num_cases()) + " cases of shape " + shape_to_string(split.case_shape));
  if (!std::isfinite(split.encoding.scale) || split.encoding.scale == 0 || !std::isfinite(split.encoding.offset))
    throw Error(where + ": scale and offset must be finite and scale non-zero");
  const auto classes = static_cast<int64_t>(info.class_names.size());
  for (int64_t i = 0; i < split.num_cases(); ++i)
    if (split.labels[i] < 0 || split.labels[i] >= classes)
      throw Error(where + ": case " + std::to_string(i) + " has label " + std::to_string(split.labels[i]) +
                  ", expected 0.." + std::to_string(classes - 1));
  if (!split.lengths.empty()) {
    if (info.kind != DatasetKind::signal1d) throw Error(where + ": lengths are only for signal1d data");
    if (split.lengths.size() != split.labels.size()) throw Error(where + ": lengths and labels differ in count");
    for (int64_t i = 0; i < split.num_cases(); ++i)
      if (split.lengths[i] < 1 || split.lengths[i] > split.case_shape.back())
        throw Error(where + ": case " + std::to_string(i) + " has length " + std::to_string(split.lengths[i]) +
                    ", expected 1.." + std::to_string(split.case_shape.back()));
  }
  if (!split.groups.empty() && split.groups.size() != split.labels.size())
    throw Error(where + ": groups and labels differ in count");
  for (size_t i = 0; i < split.float32_values.size(); ++i)
    if (!std::isfinite(split.float32_values[i]))
      throw Error(where + ": case " + std::to_string(i / split.values_per_case()) +
                  " holds a NaN or Inf, expected finite values");
}

void write_vector(H5::Group& group, const std::string& name, const std::vector<int64_t>& values) {
  const hsize_t count = values.size();
  group.createDataSet(name, H5::PredType::STD_I64LE, H5::DataSpace(1, &count))
      .write(values.data(), H5::PredType::NATIVE_INT64);
}

void write_split(H5::H5File& file, const SplitData& split) {
  H5::Group group = file.createGroup(split.name);
  std::vector<hsize_t> dims{static_cast<hsize_t>(split.num_cases())};
  dims.insert(dims.end(), split.case_shape.begin(), split.case_shape.end());
  const int64_t case_bytes = split.values_per_case() * bytes_per_value(split.encoding.type);
  std::vector<hsize_t> chunk = dims;
  chunk[0] = static_cast<hsize_t>(std::clamp<int64_t>(target_chunk_bytes / case_bytes, 1, split.num_cases()));
  H5::DSetCreatPropList properties;
  properties.setChunk(static_cast<int>(chunk.size()), chunk.data());
  properties.setShuffle();
  properties.setDeflate(4);

  const StorageType type = split.encoding.type;
  H5::DataSet x = group.createDataSet("x", hdf5::file_type_of(type),
                                      H5::DataSpace(static_cast<int>(dims.size()), dims.data()), properties);
  const void* values = type == StorageType::float32 ? static_cast<const void*>(split.float32_values.data())
                       : type == StorageType::int16 ? static_cast<const void*>(split.int16_values.data())
                                                    : static_cast<const void*>(split.uint8_values.data());
  x.write(values, hdf5::memory_type_of(type));
  if (type != StorageType::float32) {
    hdf5::write_number_attribute(x, "scale", split.encoding.scale);
    hdf5::write_number_attribute(x, "offset", split.encoding.offset);
  }
  write_vector(group, "y", split.labels);
  if (!split.lengths.empty()) write_vector(group, "length", split.lengths);
  if (!split.groups.empty()) write_vector(group, "group", split.groups);
}

void write_root_attributes(H5::H5File& file, const DatasetInfo& info) {
  hdf5::write_string_attribute(file, "kind", to_string(info.kind));
  hdf5::write_string_array_attribute(file, "class_names", info.class_names);
  if (info.sample_rate) hdf5::write_number_attribute(file, "sample_rate", *info.sample_rate);
  if (!info.source.empty()) hdf5::write_string_attribute(file, "source", info.source);
  if (!info.license.empty()) hdf5::write_string_attribute(file, "license", info.license);
}

}  // namespace

void write_dataset(const std::string& path, const DatasetContent& content) {
  check_info(path, content);
  hdf5::silence_library_errors();
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  const UnfinishedFile unfinished(temporary);
  try {
    {
      H5::H5File file(temporary, H5F_ACC_TRUNC);
      write_root_attributes(file, content.info);
      for (const auto& split : content.splits) {
        check_split(path, content.info, split);
        write_split(file, split);
      }
    }
    // Read everything back before the rename, so OUT is only ever replaced by a file that passes.
    try {
      validate_dataset(temporary);
    } catch (const Error& fault) {
      throw Error(path + ": the written file fails its own check: " + fault.what());
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
      throw Error(path + ": cannot move " + temporary + " into place: " + std::strerror(errno));
  } catch (const H5::Exception& error) {
    std::remove(temporary.c_str());
    throw Error(path + ": cannot write (" + temporary + "): " + hdf5::describe(error));
  } catch (...) {
    std::remove(temporary.c_str());
    throw;
  }
}

}  // namespace sigvit
