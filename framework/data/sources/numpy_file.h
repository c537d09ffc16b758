#pragma once

#include <string>
#include <utility>
#include <vector>

#include "data/sources/numeric_array.h"
#include "data/sources/zip_archive.h"

namespace sigvit {

// NumPy's .npy (format 1.0, 2.0 and 3.0) and .npz files. Read: booleans,
// integers and floats of 1 to 8 bytes in either byte order, and strings
// (<U, |S); Fortran-order arrays come back in C order. Refused, with how to
// re-save: object arrays (pickles), structured dtypes, complex numbers and
// every other dtype. Errors are sigvit::Error whose message starts with the
// origin and says what was expected.

// The array of one .npy file's bytes; `origin` names it in errors and in
// the result.
NumericArray parse_npy(const std::string& bytes, const std::string& origin);
NumericArray read_npy(const std::string& path);

// An .npz file (a ZIP archive of NAME.npy members, stored or deflated, ZIP64
// included): its directory is checked when opened, an array is parsed (and
// its CRC-32 checked) when asked for, so that arrays nobody uses cost nothing
// and cannot fail the conversion.
class NpzArchive {
 public:
  // `origin` names the archive: arrays are "ORIGIN:NAME".
  NpzArchive(std::string bytes, std::string origin);
  static NpzArchive open(const std::string& path);

  const std::string& origin() const { return origin_; }
  // Member names without ".npy", in archive order.
  const std::vector<std::string>& names() const { return names_; }
  bool contains(const std::string& name) const;
  // Error naming the archive and listing its arrays when there is no `name`.
  NumericArray array(const std::string& name) const;

 private:
  std::string bytes_;
  std::string origin_;
  std::vector<std::string> names_;
  std::vector<ZipMember> members_;  // names_[i] is members_[i] without ".npy"
};

// Every array of an .npz, in archive order.
std::vector<std::pair<std::string, NumericArray>> parse_npz(const std::string& bytes, const std::string& origin);
std::vector<std::pair<std::string, NumericArray>> read_npz(const std::string& path);

}  // namespace sigvit
