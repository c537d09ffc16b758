#include "data/sources/hdf5_array_file.h"

#include <cstring>

#include "data/format/hdf5_io.h"
#include "data/format/isolated_read.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

H5::H5File open_file(const std::string& path) {
  hdf5::silence_library_errors();
  try {
    if (!H5::H5File::isHdf5(path)) throw Error(path + ": not an HDF5 file");
    return H5::H5File(path, H5F_ACC_RDONLY);
  } catch (const H5::Exception& error) {
    throw Error(path + ": cannot open as HDF5: " + hdf5::describe(error));
  }
}

void collect_names(const H5::Group& group, const std::string& prefix, std::vector<std::string>& names) {
  for (hsize_t i = 0; i < group.getNumObjs(); ++i) {
    const std::string name = group.getObjnameByIdx(i);
    const H5O_type_t type = group.childObjType(name);
    if (type == H5O_TYPE_DATASET) names.push_back(prefix + name);
    if (type == H5O_TYPE_GROUP) collect_names(group.openGroup(name), prefix + name + "/", names);
  }
}

std::string type_name(const H5::DataType& type) {
  const size_t bits = type.getSize() * 8;
  switch (type.getClass()) {
    case H5T_FLOAT: return "float" + std::to_string(bits);
    case H5T_INTEGER:
      return (H5::IntType(type.getId()).getSign() == H5T_SGN_NONE ? "uint" : "int") + std::to_string(bits);
    case H5T_ENUM: return "enum (bool)";
    case H5T_STRING: return "string";
    case H5T_COMPOUND: return "compound";
    default: return "an HDF5 type of class " + std::to_string(static_cast<int>(type.getClass()));
  }
}

std::string trimmed(const char* text, size_t width) {
  size_t end = strnlen(text, width);
  while (end > 0 && text[end - 1] == ' ') --end;
  return std::string(text, end);
}

std::vector<std::string> read_strings(const H5::DataSet& dataset, size_t count, const std::string& where) {
  const H5::StrType type = dataset.getStrType();
  if (!type.isVariableStr()) {
    const size_t width = type.getSize();
    std::vector<char> buffer(count * width);
    dataset.read(buffer.data(), type);
    std::vector<std::string> texts;
    for (size_t i = 0; i < count; ++i) texts.push_back(trimmed(buffer.data() + i * width, width));
    return texts;
  }
  // Variable-length strings live in HDF5's global heap, whose reader is not
  // safe on damaged files: read them in a child process.
  return read_in_child(
      [&] {
        std::vector<char*> pointers(count, nullptr);
        try {
          dataset.read(pointers.data(), type);
        } catch (const H5::Exception& error) {
          throw Error(hdf5::describe(error));
        }
        std::vector<std::string> texts;
        for (char* text : pointers) texts.emplace_back(text ? text : "");
        H5Dvlen_reclaim(type.getId(), dataset.getSpace().getId(), H5P_DEFAULT, pointers.data());
        return texts;
      },
      where);
}

}  // namespace

std::vector<std::string> hdf5_array_names(const std::string& path) {
  const H5::H5File file = open_file(path);
  std::vector<std::string> names;
  try {
    collect_names(file, "", names);
  } catch (const H5::Exception& error) {
    throw Error(path + ": cannot list its data sets: " + hdf5::describe(error));
  }
  return names;
}

NumericArray read_hdf5_array(const std::string& path, const std::string& name) {
  const H5::H5File file = open_file(path);
  const std::string inside = name.empty() || name[0] != '/' ? "/" + name : name;
  NumericArray array;
  array.origin = path + ":" + inside;
  try {
    if (!file.nameExists(inside) || file.childObjType(inside) != H5O_TYPE_DATASET)
      throw Error(array.origin + ": no such data set");
    const H5::DataSet dataset = file.openDataSet(inside);
    const H5::DataSpace space = dataset.getSpace();
    const int rank = space.getSimpleExtentNdims();
    std::vector<hsize_t> extent(static_cast<size_t>(rank));
    space.getSimpleExtentDims(extent.data());
    for (hsize_t e : extent) array.shape.push_back(static_cast<int64_t>(e));
    const auto count = static_cast<size_t>(space.getSimpleExtentNpoints());
    const H5::DataType type = dataset.getDataType();
    array.dtype = type_name(type);
    switch (type.getClass()) {
      case H5T_INTEGER:
      case H5T_FLOAT:
        array.numbers.resize(count);
        if (count) dataset.read(array.numbers.data(), H5::PredType::NATIVE_DOUBLE);
        break;
      case H5T_ENUM: {
        // h5py stores numpy bools as an enum over int8; HDF5 converts enums
        // only to enums, so its bytes are read as they are.
        const H5::EnumType enum_type = dataset.getEnumType();
        if (enum_type.getSize() != 1) throw Error(array.origin + ": an enum data set, expected numbers, booleans or strings");
        std::vector<int8_t> values(count);
        if (count) dataset.read(values.data(), enum_type);
        array.numbers.assign(values.begin(), values.end());
        break;
      }
      case H5T_STRING:
        array.texts = read_strings(dataset, count, array.origin);
        break;
      default:
        throw Error(array.origin + ": " + array.dtype + ", expected numbers, booleans or strings");
    }
  } catch (const H5::Exception& error) {
    throw Error(array.origin + ": cannot read: " + hdf5::describe(error));
  }
  return array;
}

}  // namespace sigvit
