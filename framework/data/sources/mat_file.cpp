#include "data/sources/mat_file.h"

#include <matio.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>

#include "sigvit/error.h"

namespace sigvit {
namespace {

struct CloseMat {
  void operator()(mat_t* file) const { Mat_Close(file); }
};
struct FreeVariable {
  void operator()(matvar_t* variable) const { Mat_VarFree(variable); }
};
using Variable = std::unique_ptr<matvar_t, FreeVariable>;

// A declared size beyond what the file could hold even deflated at zlib's
// best ratio (about 1032:1, with a megabyte to spare for tiny files) is a
// corrupt header; refusing it spares an allocation of whatever it claims.
constexpr double kMostInflation = 1100;

std::vector<int64_t> dims_of(const matvar_t& variable) {
  return std::vector<int64_t>(variable.dims, variable.dims + std::max(variable.rank, 0));
}

// The element count, or -1 when the product overflows.
int64_t element_count(const std::vector<int64_t>& dims) {
  int64_t count = 1;
  for (int64_t dim : dims) {
    if (dim < 0 || (dim > 0 && count > INT64_MAX / dim)) return -1;
    count *= dim;
  }
  return count;
}

// For each row-major position of an array of `dims`, the column-major index
// MATLAB stores that element at.
std::vector<size_t> column_major_order(const std::vector<int64_t>& dims, int64_t count) {
  std::vector<size_t> strides(dims.size(), 1);
  for (size_t k = 1; k < dims.size(); ++k) strides[k] = strides[k - 1] * static_cast<size_t>(dims[k - 1]);
  std::vector<size_t> order(static_cast<size_t>(count));
  std::vector<int64_t> subscript(dims.size(), 0);
  size_t source = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    order[i] = source;
    for (size_t k = dims.size(); k-- > 0;) {
      if (++subscript[k] < dims[k]) {
        source += strides[k];
        break;
      }
      source -= strides[k] * static_cast<size_t>(dims[k] - 1);
      subscript[k] = 0;
    }
  }
  return order;
}

template <typename T>
void read_numbers(const matvar_t& variable, const std::vector<size_t>& order, const char* dtype, NumericArray& array) {
  if (!order.empty() && (variable.data == nullptr || variable.nbytes < order.size() * sizeof(T) ||
                         static_cast<size_t>(variable.data_size) != sizeof(T)))
    throw Error(array.origin + ": holds " + std::to_string(variable.nbytes) + " bytes of data, expected " +
                std::to_string(order.size()) + " values of " + dtype);
  const T* values = static_cast<const T*>(variable.data);
  array.numbers.resize(order.size());
  for (size_t i = 0; i < order.size(); ++i) array.numbers[i] = static_cast<double>(values[order[i]]);
  array.dtype = dtype;
}

void append_utf8(uint32_t code, std::string& text) {
  if (code < 0x80) {
    text += static_cast<char>(code);
  } else if (code < 0x800) {
    text += static_cast<char>(0xC0 | (code >> 6));
    text += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    text += static_cast<char>(0xE0 | (code >> 12));
    text += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    text += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    text += static_cast<char>(0xF0 | (code >> 18));
    text += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    text += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    text += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// The rows of a char matrix, trailing spaces (MATLAB's padding) trimmed;
// "" with a reason when the variable is not one.
std::vector<std::string> char_rows(const matvar_t& variable, std::string& reason) {
  const std::vector<int64_t> dims = dims_of(variable);
  if (dims.size() != 2) {
    reason = "a char array of " + std::to_string(dims.size()) + " dimensions, expected a string or a char matrix";
    return {};
  }
  const size_t rows = static_cast<size_t>(dims[0]), columns = static_cast<size_t>(dims[1]);
  const size_t unit = static_cast<size_t>(variable.data_size);
  if (rows * columns > 0 &&
      (variable.data == nullptr || (unit != 1 && unit != 2 && unit != 4) || variable.nbytes < rows * columns * unit)) {
    reason = "chars of " + std::to_string(unit) + " bytes in " + std::to_string(variable.nbytes) +
             " bytes, expected 1, 2 or 4 bytes each";
    return {};
  }
  const auto* bytes = static_cast<const unsigned char*>(variable.data);
  const std::string padding(" \0", 2);
  // UTF-8 stores a non-ASCII char in several bytes, so only a single string
  // can be taken whole; a matrix of them has no fixed place per char.
  if (variable.data_type == MAT_T_UTF8 && variable.nbytes > rows * columns) {
    if (rows != 1) {
      reason = "a char matrix of multi-byte UTF-8 text, expected a string or a cell array of strings";
      return {};
    }
    std::string text(reinterpret_cast<const char*>(bytes), variable.nbytes);
    text.erase(text.find_last_not_of(padding) + 1);
    return {text};
  }
  std::vector<std::string> texts(rows);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < columns; ++c) {
      const unsigned char* at = bytes + (r + c * rows) * unit;
      uint32_t code = at[0];
      if (unit == 2) code = *reinterpret_cast<const uint16_t*>(at);
      if (unit == 4) code = *reinterpret_cast<const uint32_t*>(at);
      append_utf8(code, texts[r]);
    }
    texts[r].erase(texts[r].find_last_not_of(padding) + 1);
  }
  return texts;
}

std::string class_description(const matvar_t& variable) {
  switch (variable.class_type) {
    case MAT_C_CELL:
      return "a cell array";
    case MAT_C_STRUCT:
      return "a struct";
    case MAT_C_SPARSE:
      return "a sparse matrix";
    case MAT_C_CHAR:
      return "a char array";
    case MAT_C_FUNCTION:
      return "a function handle";
    case MAT_C_OBJECT:
    case MAT_C_OPAQUE:
      return "a MATLAB object";
    default:
      return variable.isComplex ? "a complex array" : "a numeric array";
  }
}

// Texts of a cell array whose cells are all char row vectors; a reason otherwise.
std::vector<std::string> cell_texts(matvar_t& variable, const std::vector<size_t>& order, std::string& reason) {
  std::vector<std::string> texts(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    const matvar_t* cell = Mat_VarGetCell(&variable, static_cast<int>(order[i]));
    if (cell == nullptr) {
      reason = "a cell array whose cell " + std::to_string(order[i] + 1) + " cannot be read";
      return {};
    }
    if (cell->class_type == MAT_C_EMPTY) continue;
    std::string problem = cell->class_type == MAT_C_CHAR ? "" : class_description(*cell);
    const std::vector<std::string> rows = problem.empty() ? char_rows(*cell, problem) : std::vector<std::string>{};
    if (problem.empty() && rows.size() > 1) problem = "a char matrix";
    if (!problem.empty()) {
      reason = "a cell array holding " + problem + " in cell " + std::to_string(order[i] + 1) +
               ", expected a string in every cell";
      return {};
    }
    if (!rows.empty()) texts[i] = rows[0];
  }
  return texts;
}

// The reason `variable` (its header only) cannot become a NumericArray, or "".
std::string unreadable_reason(const matvar_t& variable) {
  if (variable.isComplex) return "complex numbers, expected real ones";
  switch (variable.class_type) {
    case MAT_C_STRUCT:
    case MAT_C_SPARSE:
    case MAT_C_FUNCTION:
    case MAT_C_OBJECT:
    case MAT_C_OPAQUE:
      return class_description(variable) + ", expected a numeric, logical, char or cell array";
    default:
      return "";
  }
}

// Fills `array` from a fully read variable; a reason when it cannot.
std::string convert(matvar_t& variable, NumericArray& array) {
  array.shape = dims_of(variable);
  const int64_t count = element_count(array.shape);
  if (variable.class_type == MAT_C_CHAR) {
    std::string reason;
    array.texts = char_rows(variable, reason);
    array.shape = {static_cast<int64_t>(array.texts.size())};
    array.dtype = "char";
    return reason;
  }
  const std::vector<size_t> order = column_major_order(array.shape, count);
  if (variable.class_type == MAT_C_CELL) {
    std::string reason;
    array.texts = cell_texts(variable, order, reason);
    array.dtype = "cellstr";
    return reason;
  }
  if (variable.isLogical) {
    if (variable.data_size != 1) return "a logical array of " + std::to_string(variable.data_size) + "-byte elements";
    read_numbers<uint8_t>(variable, order, "bool", array);
    return "";
  }
  switch (variable.class_type) {
    case MAT_C_EMPTY:
      if (count > 0) array.shape = {0};
      array.dtype = "float64";
      return "";
    case MAT_C_DOUBLE:
      read_numbers<double>(variable, order, "float64", array);
      return "";
    case MAT_C_SINGLE:
      read_numbers<float>(variable, order, "float32", array);
      return "";
    case MAT_C_INT8:
      read_numbers<int8_t>(variable, order, "int8", array);
      return "";
    case MAT_C_UINT8:
      read_numbers<uint8_t>(variable, order, "uint8", array);
      return "";
    case MAT_C_INT16:
      read_numbers<int16_t>(variable, order, "int16", array);
      return "";
    case MAT_C_UINT16:
      read_numbers<uint16_t>(variable, order, "uint16", array);
      return "";
    case MAT_C_INT32:
      read_numbers<int32_t>(variable, order, "int32", array);
      return "";
    case MAT_C_UINT32:
      read_numbers<uint32_t>(variable, order, "uint32", array);
      return "";
    case MAT_C_INT64:
      read_numbers<int64_t>(variable, order, "int64", array);
      return "";
    case MAT_C_UINT64:
      read_numbers<uint64_t>(variable, order, "uint64", array);
      return "";
    default:
      return class_description(variable) + " of class " + std::to_string(variable.class_type) +
             ", expected a numeric, logical, char or cell array";
  }
}

}  // namespace

std::vector<std::pair<std::string, NumericArray>> read_mat_file(const std::string& path,
                                                                std::map<std::string, std::string>* skipped) {
  std::error_code error;
  const auto file_size = std::filesystem::file_size(path, error);
  if (error) throw Error(path + ": cannot be read: " + error.message());
  const std::unique_ptr<mat_t, CloseMat> file(Mat_Open(path.c_str(), MAT_ACC_RDONLY));
  if (!file) throw Error(path + ": cannot read as a MATLAB .mat file (v4, v5 or v7.3)");
  std::vector<std::pair<std::string, NumericArray>> variables;
  auto skip = [&](const std::string& name, const std::string& reason) {
    if (skipped) (*skipped)[name] = reason;
  };
  while (const Variable header{Mat_VarReadNextInfo(file.get())}) {
    if (header->name == nullptr) continue;
    const std::string name = header->name;
    const std::string reason = unreadable_reason(*header);
    if (!reason.empty()) {
      skip(name, reason);
      continue;
    }
    const int64_t count = element_count(dims_of(*header));
    if (count < 0 || static_cast<double>(count) > kMostInflation * static_cast<double>(file_size) + (1 << 20))
      throw Error(path + ":" + name + ": declares " + (count < 0 ? "more than 2^63" : std::to_string(count)) +
                  " elements, more than a file of " + std::to_string(file_size) + " bytes can hold");
    const Variable variable{Mat_VarRead(file.get(), name.c_str())};
    if (!variable) throw Error(path + ":" + name + ": cannot read its data (a damaged or truncated file)");
    NumericArray array;
    array.origin = path + ":" + name;
    const std::string problem = convert(*variable, array);
    if (problem.empty())
      variables.emplace_back(name, std::move(array));
    else
      skip(name, problem);
  }
  return variables;
}

}  // namespace sigvit
