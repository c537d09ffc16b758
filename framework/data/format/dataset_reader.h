#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/format/dataset_layout.h"

namespace sigvit {

// What one split group holds, as found on disk.
struct SplitLayout {
  std::string name;
  int64_t num_cases = 0;
  std::vector<int64_t> case_shape;  // [C, L] or [C, H, W]
  ValueEncoding encoding;
  bool has_lengths = false;
  bool has_groups = false;
};

// A range of consecutive cases of one split, decoded to float32.
struct CaseBlock {
  std::vector<int64_t> shape;  // [count, C, L] or [count, C, H, W]
  std::vector<float> values;   // stored * scale + offset, row-major
  std::vector<int64_t> labels;
  // signal1d: valid samples per case (L where the file has no /SPLIT/length);
  // image2d: empty.
  std::vector<int64_t> lengths;
};

// An open data-set file. Opening checks the structure (root attributes,
// groups, shapes, dtypes, counts); every read checks the values it returns
// (labels within class_names, lengths within [1, L], finite x). Errors name
// the file, the path inside it and what was expected.
class DatasetReader {
 public:
  explicit DatasetReader(const std::string& path);
  ~DatasetReader();
  DatasetReader(DatasetReader&&) noexcept;
  DatasetReader& operator=(DatasetReader&&) noexcept;

  const std::string& path() const;
  const DatasetInfo& info() const;
  // In the order train, val, test.
  const std::vector<SplitLayout>& splits() const;
  bool has_split(const std::string& name) const;
  const SplitLayout& split(const std::string& name) const;

  // Cases [begin, begin + count) of `split`, read as one hyperslab.
  CaseBlock read_cases(const std::string& split, int64_t begin, int64_t count) const;
  CaseBlock read_split(const std::string& split) const;
  // The labels of every case of `split`, checked as read_cases checks them,
  // without reading x.
  std::vector<int64_t> read_labels(const std::string& split) const;
  // /SPLIT/group: the recording of every case; empty when the file has none.
  std::vector<int64_t> read_groups(const std::string& split) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sigvit
