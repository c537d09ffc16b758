#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sigvit {

// An N-dimensional array as a reader of array files (.npy, .npz, HDF5, .mat)
// returns it: row-major (C order) whatever the file's order, numbers widened
// to double, or text (string and byte-string arrays; numbers are never
// returned as text). `dtype` is the file's own type name ("float64", "int16",
// "<U5", ...) for messages and conversion notes; `origin` says where the
// array came from ("X.npy", "data.npz:y", "data.h5:/train/X").
struct NumericArray {
  std::vector<int64_t> shape;
  std::vector<double> numbers;     // row-major, when the array holds numbers
  std::vector<std::string> texts;  // row-major, when it holds strings
  std::string dtype;
  std::string origin;

  bool is_text() const { return !texts.empty(); }
  int64_t size() const;  // product of shape (1 for a scalar)
};

}  // namespace sigvit
