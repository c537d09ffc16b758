#include "data/format/dataset_reader.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "core/text.h"
#include "data/format/hdf5_io.h"
#include "data/format/isolated_read.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

std::string type_name(const H5::DataType& type) {
  const std::string bits = std::to_string(type.getSize() * 8);
  switch (type.getClass()) {
    case H5T_INTEGER: return (H5::IntType(type.getId()).getSign() == H5T_SGN_NONE ? "uint" : "int") + bits;
    case H5T_FLOAT: return "float" + bits;
    case H5T_STRING: return "string";
    default: return "a non-numeric type";
  }
}

std::optional<StorageType> storage_type_of(const H5::DataType& type) {
  const std::string name = type_name(type);
  if (name == "float32") return StorageType::float32;
  if (name == "int16") return StorageType::int16;
  if (name == "uint8") return StorageType::uint8;
  return std::nullopt;
}

std::vector<int64_t> extent_of(const H5::DataSet& dataset) {
  const H5::DataSpace space = dataset.getSpace();
  std::vector<hsize_t> dims(static_cast<size_t>(space.getSimpleExtentNdims()));
  space.getSimpleExtentDims(dims.data());
  return std::vector<int64_t>(dims.begin(), dims.end());
}

}  // namespace

struct DatasetReader::Impl {
  // A nested type, not one of this file's anonymous namespace: a member of
  // Impl may not have a type of internal linkage (GCC warns once unity
  // builds include this file into another).
  struct OpenSplit {
    SplitLayout layout;
    H5::DataSet x;
    H5::DataSet y;
    std::optional<H5::DataSet> length;
    std::optional<H5::DataSet> group;
  };

  std::string path;
  H5::H5File file;
  DatasetInfo info;
  std::vector<SplitLayout> layouts;
  std::map<std::string, OpenSplit> splits;

  std::string where(const std::string& inside) const { return path + ": " + inside; }

  void open_file() {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) throw Error(path + ": no such file");
    try {
      file.openFile(path, H5F_ACC_RDONLY);
    } catch (const H5::Exception& error) {
      throw Error(path + ": not a readable HDF5 file (" + hdf5::describe(error) + ")");
    }
  }

  void read_root_attributes() {
    const std::string root = where("/");
    info.kind = parse_dataset_kind(hdf5::read_string_attribute(file, "kind", root), where("/ attribute 'kind'"));
    info.class_names = hdf5::read_string_array_attribute(file, "class_names", root);
    if (info.class_names.empty()) throw Error(root + ": attribute 'class_names' is empty, expected one name per class");
    if (std::set<std::string>(info.class_names.begin(), info.class_names.end()).size() != info.class_names.size())
      throw Error(root + ": attribute 'class_names' repeats a name, expected distinct names");
    if (file.attrExists("sample_rate")) {
      info.sample_rate = hdf5::read_number_attribute(file, "sample_rate", root);
      if (!(*info.sample_rate > 0)) throw Error(root + ": attribute 'sample_rate' should be positive");
    }
    if (file.attrExists("source")) info.source = hdf5::read_string_attribute(file, "source", root);
    if (file.attrExists("license")) info.license = hdf5::read_string_attribute(file, "license", root);
  }

  H5::DataSet open_dataset(const H5::Group& group, const std::string& inside, const std::string& name) const {
    if (!group.nameExists(name)) throw Error(where(inside + "/" + name) + ": missing, expected a dataset");
    if (group.childObjType(name) != H5O_TYPE_DATASET) throw Error(where(inside + "/" + name) + ": expected a dataset");
    H5::DataSet dataset = group.openDataSet(name);
    check_chunks(dataset, inside + "/" + name);
    check_storage(dataset, inside + "/" + name);
    return dataset;
  }

  // What a data set's header claims must be backed by stored data before
  // anything is allocated for it: a damaged extent can claim 10^13 values
  // (found by fuzzing). Contiguous storage must hold every value; chunked
  // storage every chunk (sigvit and h5py write them all; a missing one
  // would read as fill values).
  void check_storage(const H5::DataSet& dataset, const std::string& inside) const {
    const H5::DSetCreatPropList properties = dataset.getCreatePlist();
    const H5::DataSpace space = dataset.getSpace();
    const auto values = static_cast<long double>(space.getSimpleExtentNpoints());
    if (properties.getLayout() == H5D_CONTIGUOUS) {
      const long double needed = values * static_cast<long double>(dataset.getDataType().getSize());
      if (static_cast<long double>(dataset.getStorageSize()) < needed) {
        throw Error(where(inside) + ": its shape needs " + format_number("%.0f", static_cast<double>(needed)) +
                    " bytes but " + std::to_string(dataset.getStorageSize()) + " are stored; the file is damaged");
      }
      return;
    }
    if (properties.getLayout() != H5D_CHUNKED) return;
    const int rank = space.getSimpleExtentNdims();
    std::vector<hsize_t> extent(static_cast<size_t>(rank)), chunk(static_cast<size_t>(rank));
    space.getSimpleExtentDims(extent.data());
    if (properties.getChunk(rank, chunk.data()) != rank) return;  // check_chunks reports it
    long double expected = 1;
    for (int d = 0; d < rank; ++d) {
      const auto size = static_cast<long double>(std::max<hsize_t>(chunk[static_cast<size_t>(d)], 1));
      expected *= std::ceil(static_cast<long double>(extent[static_cast<size_t>(d)]) / size);
    }
    hsize_t stored = 0;
    if (H5Dget_num_chunks(dataset.getId(), space.getId(), &stored) < 0 || static_cast<long double>(stored) != expected) {
      throw Error(where(inside) + ": its shape needs " + format_number("%.0f", static_cast<double>(expected)) +
                  " chunks but " + std::to_string(stored) + " are stored; the file is damaged");
    }
    // Unfiltered chunks are copied as stored, as many bytes as a chunk
    // holds: libhdf5 reads past a shorter one (found by fuzzing). Filtered
    // ones (sigvit's) are checked by their filters.
    if (properties.getNfilters() > 0) return;
    hsize_t chunk_bytes = dataset.getDataType().getSize();
    for (hsize_t size : chunk) chunk_bytes *= size;
    for (hsize_t index = 0; index < stored; ++index) {
      unsigned filter_mask = 0;
      haddr_t address = 0;
      hsize_t size = 0;
      if (H5Dget_chunk_info(dataset.getId(), space.getId(), index, nullptr, &filter_mask, &address, &size) < 0 ||
          size != chunk_bytes) {
        throw Error(where(inside) + ": chunk " + std::to_string(index) + " holds " + std::to_string(size) +
                    " bytes, expected " + std::to_string(chunk_bytes) + "; the file is damaged");
      }
    }
  }

  // libhdf5 1.10 reads out of bounds from a chunk wider than the data set
  // (found by fuzzing). Only the first, growable dimension may have chunks
  // beyond the extent, as h5py makes them for resizable data sets.
  void check_chunks(const H5::DataSet& dataset, const std::string& inside) const {
    const H5::DSetCreatPropList properties = dataset.getCreatePlist();
    if (properties.getLayout() != H5D_CHUNKED) return;
    const H5::DataSpace space = dataset.getSpace();
    const int rank = space.getSimpleExtentNdims();
    std::vector<hsize_t> extent(static_cast<size_t>(rank)), chunk(static_cast<size_t>(rank));
    space.getSimpleExtentDims(extent.data());
    if (properties.getChunk(rank, chunk.data()) != rank) {
      throw Error(where(inside) + ": its chunks have another number of dimensions than the data set");
    }
    for (int d = 1; d < rank; ++d) {
      if (chunk[static_cast<size_t>(d)] > extent[static_cast<size_t>(d)]) {
        throw Error(where(inside) + ": chunks of " + std::to_string(chunk[static_cast<size_t>(d)]) + " in dimension " +
                    std::to_string(d) + " of " + std::to_string(extent[static_cast<size_t>(d)]) +
                    "; the file is damaged");
      }
    }
  }

  // y and length: int64 [N].
  void check_case_vector(const H5::DataSet& dataset, const std::string& inside, int64_t num_cases) const {
    const std::string name = type_name(dataset.getDataType());
    if (name != "int64") throw Error(where(inside) + ": dtype " + name + ", expected int64");
    const auto extent = extent_of(dataset);
    if (extent.size() != 1 || extent[0] != num_cases)
      throw Error(where(inside) + ": shape " + shape_to_string(extent) + ", expected [" + std::to_string(num_cases) +
                  "] (one per case of x)");
  }

  OpenSplit open_split(const std::string& name) {
    const std::string inside = "/" + name;
    if (file.childObjType(name) != H5O_TYPE_GROUP) throw Error(where(inside) + ": expected a group");
    const H5::Group group = file.openGroup(name);
    for (hsize_t i = 0; i < group.getNumObjs(); ++i) {
      const std::string member = group.getObjnameByIdx(i);
      if (member != "x" && member != "y" && member != "length" && member != "group")
        throw Error(where(inside + "/" + member) + ": unexpected, a split holds only x, y, length and group");
    }
    OpenSplit split{
        {name, 0, {}, {}, false, false}, open_dataset(group, inside, "x"), open_dataset(group, inside, "y"), {}, {}};
    const std::string x_path = inside + "/x";
    const auto type = storage_type_of(split.x.getDataType());
    if (!type)
      throw Error(where(x_path) + ": dtype " + type_name(split.x.getDataType()) + ", expected float32, int16 or uint8");
    const auto extent = extent_of(split.x);
    const size_t rank = 1 + case_rank(info.kind);
    if (extent.size() != rank || extent[0] < 1)
      throw Error(where(x_path) + ": shape " + shape_to_string(extent) + ", expected " +
                  (info.kind == DatasetKind::signal1d ? "[N, C, L]" : "[N, C, H, W]") + " with N >= 1 for kind " +
                  to_string(info.kind));
    SplitLayout& layout = split.layout;
    layout.num_cases = extent[0];
    layout.case_shape.assign(extent.begin() + 1, extent.end());
    layout.encoding.type = *type;
    if (split.x.attrExists("scale")) layout.encoding.scale = hdf5::read_number_attribute(split.x, "scale", where(x_path));
    if (split.x.attrExists("offset"))
      layout.encoding.offset = hdf5::read_number_attribute(split.x, "offset", where(x_path));
    if (!std::isfinite(layout.encoding.scale) || layout.encoding.scale == 0 || !std::isfinite(layout.encoding.offset))
      throw Error(where(x_path) + ": attributes scale and offset should be finite, scale non-zero");
    check_case_vector(split.y, inside + "/y", layout.num_cases);
    if (group.nameExists("length")) {
      if (info.kind != DatasetKind::signal1d)
        throw Error(where(inside + "/length") + ": unexpected in an image2d file, only signals have lengths");
      split.length = open_dataset(group, inside, "length");
      check_case_vector(*split.length, inside + "/length", layout.num_cases);
      layout.has_lengths = true;
    }
    if (group.nameExists("group")) {
      split.group = open_dataset(group, inside, "group");
      check_case_vector(*split.group, inside + "/group", layout.num_cases);
      layout.has_groups = true;
    }
    return split;
  }

  void open_layout(const std::string& file_path) {
    path = file_path;
    open_file();
    try {
      read_root_attributes();
      open_splits();
    } catch (const H5::Exception& error) {
      throw Error(path + ": cannot read the data-set layout: " + hdf5::describe(error));
    }
  }

  void open_splits() {
    const auto& known = split_names();
    for (hsize_t i = 0; i < file.getNumObjs(); ++i) {
      const std::string name = file.getObjnameByIdx(i);
      if (std::find(known.begin(), known.end(), name) == known.end())
        throw Error(where("/" + name) + ": unexpected, expected only the split groups " + join(known, ", "));
    }
    for (const std::string name : {"train", "test"})
      if (!file.nameExists(name)) throw Error(where("/" + name) + ": missing, expected a split group");
    for (const auto& name : known) {
      if (!file.nameExists(name)) continue;
      OpenSplit split = open_split(name);
      layouts.push_back(split.layout);
      splits.emplace(name, std::move(split));
    }
  }

  const OpenSplit& find(const std::string& name) const {
    const auto found = splits.find(name);
    if (found == splits.end()) throw Error(where("/" + name) + ": no such split in this file");
    return found->second;
  }
};

DatasetReader::DatasetReader(const std::string& path) : impl_(std::make_unique<Impl>()) {
  hdf5::silence_library_errors();
  // libhdf5 1.10.8 reads freed memory, overflows buffers or asks for 16 GiB
  // on some damaged files before sigvit can check anything (found by
  // fuzzing). The layout is read first in a child process, so that such a
  // file ends there as an error; parsing is deterministic, so what the child
  // survived the parent survives too.
  read_in_child(
      [&] {
        Impl probe;
        probe.open_layout(path);
        return std::vector<std::string>{};
      },
      path, std::chrono::seconds(10));
  impl_->open_layout(path);
}

DatasetReader::~DatasetReader() = default;
DatasetReader::DatasetReader(DatasetReader&&) noexcept = default;
DatasetReader& DatasetReader::operator=(DatasetReader&&) noexcept = default;

const std::string& DatasetReader::path() const { return impl_->path; }
const DatasetInfo& DatasetReader::info() const { return impl_->info; }
const std::vector<SplitLayout>& DatasetReader::splits() const { return impl_->layouts; }
bool DatasetReader::has_split(const std::string& name) const { return impl_->splits.count(name) > 0; }
const SplitLayout& DatasetReader::split(const std::string& name) const { return impl_->find(name).layout; }

CaseBlock DatasetReader::read_cases(const std::string& split_name, int64_t begin, int64_t count) const {
  const Impl::OpenSplit& split = impl_->find(split_name);
  const SplitLayout& layout = split.layout;
  const std::string inside = "/" + split_name;
  if (begin < 0 || count < 0 || begin + count > layout.num_cases)
    throw Error(impl_->where(inside) + ": cases [" + std::to_string(begin) + ", " + std::to_string(begin + count) +
                ") requested, expected a range within [0, " + std::to_string(layout.num_cases) + ")");
  CaseBlock block;
  block.shape = {count};
  block.shape.insert(block.shape.end(), layout.case_shape.begin(), layout.case_shape.end());
  if (count == 0) return block;

  int64_t per_case = 1;
  for (int64_t extent : layout.case_shape) per_case *= extent;
  try {
    std::vector<hsize_t> offset(block.shape.size(), 0), extent(block.shape.begin(), block.shape.end());
    offset[0] = static_cast<hsize_t>(begin);
    H5::DataSpace file_space = split.x.getSpace();
    file_space.selectHyperslab(H5S_SELECT_SET, extent.data(), offset.data());
    block.values.resize(static_cast<size_t>(count * per_case));
    split.x.read(block.values.data(), H5::PredType::NATIVE_FLOAT,
                 H5::DataSpace(static_cast<int>(extent.size()), extent.data()), file_space);

    const hsize_t vector_offset = offset[0], vector_count = extent[0];
    auto read_vector = [&](const H5::DataSet& dataset) {
      std::vector<int64_t> values(static_cast<size_t>(count));
      H5::DataSpace space = dataset.getSpace();
      space.selectHyperslab(H5S_SELECT_SET, &vector_count, &vector_offset);
      dataset.read(values.data(), H5::PredType::NATIVE_INT64, H5::DataSpace(1, &vector_count), space);
      return values;
    };
    block.labels = read_vector(split.y);
    if (split.length) block.lengths = read_vector(*split.length);
  } catch (const H5::Exception& error) {
    throw Error(impl_->where(inside) + ": cannot read cases: " + hdf5::describe(error));
  }

  const ValueEncoding& encoding = layout.encoding;
  if (encoding.scale != 1.0 || encoding.offset != 0.0)
    for (float& value : block.values) value = static_cast<float>(value * encoding.scale + encoding.offset);
  for (size_t i = 0; i < block.values.size(); ++i)
    if (!std::isfinite(block.values[i]))
      throw Error(impl_->where(inside + "/x") + ": case " + std::to_string(begin + int64_t(i) / per_case) +
                  " of split " + split_name + " holds " + (std::isnan(block.values[i]) ? "NaN" : "Inf") +
                  " at value " + std::to_string(int64_t(i) % per_case) + ", expected finite values");
  const auto classes = static_cast<int64_t>(impl_->info.class_names.size());
  for (int64_t i = 0; i < count; ++i)
    if (block.labels[i] < 0 || block.labels[i] >= classes)
      throw Error(impl_->where(inside + "/y") + ": case " + std::to_string(begin + i) + " has label " +
                  std::to_string(block.labels[i]) + ", expected 0.." + std::to_string(classes - 1) +
                  " (an index into the " + std::to_string(classes) + " class_names)");
  if (impl_->info.kind == DatasetKind::signal1d) {
    const int64_t full = layout.case_shape.back();
    if (block.lengths.empty()) block.lengths.assign(static_cast<size_t>(count), full);
    for (int64_t i = 0; i < count; ++i)
      if (block.lengths[i] < 1 || block.lengths[i] > full)
        throw Error(impl_->where(inside + "/length") + ": case " + std::to_string(begin + i) + " has length " +
                    std::to_string(block.lengths[i]) + ", expected 1.." + std::to_string(full));
  }
  return block;
}

CaseBlock DatasetReader::read_split(const std::string& split) const {
  return read_cases(split, 0, this->split(split).num_cases);
}

namespace {

std::vector<int64_t> read_whole_vector(const H5::DataSet& dataset, int64_t count) {
  std::vector<int64_t> values(static_cast<size_t>(count));
  if (count > 0) dataset.read(values.data(), H5::PredType::NATIVE_INT64);
  return values;
}

}  // namespace

std::vector<int64_t> DatasetReader::read_labels(const std::string& split_name) const {
  const Impl::OpenSplit& split = impl_->find(split_name);
  const std::string inside = "/" + split_name + "/y";
  std::vector<int64_t> labels;
  try {
    labels = read_whole_vector(split.y, split.layout.num_cases);
  } catch (const H5::Exception& error) {
    throw Error(impl_->where(inside) + ": cannot read labels: " + hdf5::describe(error));
  }
  const auto classes = static_cast<int64_t>(impl_->info.class_names.size());
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] < 0 || labels[i] >= classes)
      throw Error(impl_->where(inside) + ": case " + std::to_string(i) + " has label " + std::to_string(labels[i]) +
                  ", expected 0.." + std::to_string(classes - 1) + " (an index into the " + std::to_string(classes) +
                  " class_names)");
  return labels;
}

std::vector<int64_t> DatasetReader::read_groups(const std::string& split_name) const {
  const Impl::OpenSplit& split = impl_->find(split_name);
  if (!split.group) return {};
  try {
    return read_whole_vector(*split.group, split.layout.num_cases);
  } catch (const H5::Exception& error) {
    throw Error(impl_->where("/" + split_name + "/group") + ": cannot read groups: " + hdf5::describe(error));
  }
}

}  // namespace sigvit
