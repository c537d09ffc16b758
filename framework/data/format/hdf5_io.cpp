#include "data/format/hdf5_io.h"

#include <algorithm>

#include "data/format/isolated_read.h"
#include "sigvit/error.h"

namespace sigvit::hdf5 {

void silence_library_errors() { H5::Exception::dontPrint(); }

std::string describe(const H5::Exception& error) { return error.getDetailMsg(); }

namespace {

// Fixed-length UTF-8 strings of `width` bytes, NUL-padded. Variable-length
// strings would live in HDF5's global heap, whose reader in libhdf5 1.10
// hangs or corrupts memory on damaged files (found by fuzzing); files sigvit
// writes keep clear of it. (Reading still accepts them: h5py writes them.)
H5::StrType utf8_string_type(size_t width) {
  H5::StrType type(H5::PredType::C_S1, std::max<size_t>(width, 1));
  type.setCset(H5T_CSET_UTF8);
  type.setStrpad(H5T_STR_NULLPAD);
  return type;
}

// Fixed-length strings from h5py or numpy are padded with NULs.
std::string without_padding(const char* text, size_t size) {
  size_t end = 0;
  while (end < size && text[end] != '\0') ++end;
  return std::string(text, end);
}

void write_strings(H5::H5Object& object, const std::string& name, const std::vector<std::string>& values,
                   const H5::DataSpace& space) {
  size_t width = 1;
  for (const auto& value : values) width = std::max(width, value.size());
  const H5::StrType type = utf8_string_type(width);
  std::vector<char> buffer(std::max<size_t>(values.size() * width, 1), '\0');
  for (size_t i = 0; i < values.size(); ++i) std::copy(values[i].begin(), values[i].end(), buffer.begin() + i * width);
  object.createAttribute(name, type, space).write(type, buffer.data());
}

H5::Attribute open_attribute(const H5::H5Object& object, const std::string& name, const std::string& where) {
  if (!object.attrExists(name)) throw Error(where + ": missing attribute '" + name + "'");
  return object.openAttribute(name);
}

}  // namespace

void write_string_attribute(H5::H5Object& object, const std::string& name, const std::string& value) {
  write_strings(object, name, {value}, H5::DataSpace(H5S_SCALAR));
}

void write_string_array_attribute(H5::H5Object& object, const std::string& name,
                                  const std::vector<std::string>& values) {
  const hsize_t count = values.size();
  write_strings(object, name, values, H5::DataSpace(1, &count));
}

void write_number_attribute(H5::H5Object& object, const std::string& name, double value) {
  object.createAttribute(name, H5::PredType::IEEE_F64LE, H5::DataSpace(H5S_SCALAR))
      .write(H5::PredType::NATIVE_DOUBLE, &value);
}

std::string read_string_attribute(const H5::H5Object& object, const std::string& name, const std::string& where) {
  const H5::Attribute attribute = open_attribute(object, name, where);
  if (attribute.getTypeClass() != H5T_STRING || attribute.getSpace().getSimpleExtentNpoints() != 1)
    throw Error(where + ": attribute '" + name + "' should be a single string");
  const H5::StrType type = attribute.getStrType();
  const auto read = [&] {
    std::string value;
    try {
      attribute.read(type, value);
    } catch (const H5::Exception& error) {
      throw Error(describe(error));
    }
    return std::vector<std::string>{without_padding(value.data(), value.size())};
  };
  if (!type.isVariableStr()) return read().front();
  const std::vector<std::string> values = read_in_child(read, where + ": attribute '" + name + "'");
  if (values.size() != 1) throw Error(where + ": attribute '" + name + "' should be a single string");
  return values.front();
}

std::vector<std::string> read_string_array_attribute(const H5::H5Object& object, const std::string& name,
                                                     const std::string& where) {
  const H5::Attribute attribute = open_attribute(object, name, where);
  const H5::DataSpace space = attribute.getSpace();
  if (attribute.getTypeClass() != H5T_STRING || space.getSimpleExtentNdims() != 1)
    throw Error(where + ": attribute '" + name + "' should be a 1-D array of strings");
  const size_t count = static_cast<size_t>(space.getSimpleExtentNpoints());
  const H5::StrType type = attribute.getStrType();
  std::vector<std::string> values;
  if (type.isVariableStr()) {
    // They live in HDF5's global heap, whose reader is not safe on damaged files.
    values = read_in_child(
        [&] {
          std::vector<char*> texts(count, nullptr);
          try {
            attribute.read(type, texts.data());
          } catch (const H5::Exception& error) {
            throw Error(describe(error));
          }
          std::vector<std::string> read;
          for (char* text : texts) read.emplace_back(text ? text : "");
          H5Dvlen_reclaim(type.getId(), space.getId(), H5P_DEFAULT, texts.data());
          return read;
        },
        where + ": attribute '" + name + "'");
  } else {
    const size_t width = type.getSize();
    std::vector<char> buffer(count * width);
    attribute.read(type, buffer.data());
    for (size_t i = 0; i < count; ++i) values.push_back(without_padding(buffer.data() + i * width, width));
  }
  return values;
}

double read_number_attribute(const H5::H5Object& object, const std::string& name, const std::string& where) {
  const H5::Attribute attribute = open_attribute(object, name, where);
  const H5T_class_t type_class = attribute.getTypeClass();
  if ((type_class != H5T_INTEGER && type_class != H5T_FLOAT) || attribute.getSpace().getSimpleExtentNpoints() != 1)
    throw Error(where + ": attribute '" + name + "' should be a single number");
  double value = 0;
  attribute.read(H5::PredType::NATIVE_DOUBLE, &value);
  return value;
}

const H5::PredType& file_type_of(StorageType type) {
  switch (type) {
    case StorageType::int16: return H5::PredType::STD_I16LE;
    case StorageType::uint8: return H5::PredType::STD_U8LE;
    case StorageType::float32: break;
  }
  return H5::PredType::IEEE_F32LE;
}

const H5::PredType& memory_type_of(StorageType type) {
  switch (type) {
    case StorageType::int16: return H5::PredType::NATIVE_INT16;
    case StorageType::uint8: return H5::PredType::NATIVE_UINT8;
    case StorageType::float32: break;
  }
  return H5::PredType::NATIVE_FLOAT;
}

}  // namespace sigvit::hdf5
