#pragma once

#include "../error_of.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "data/format/dataset_content.h"

namespace sigvit::data_testing {

// A fresh directory under the system temp dir, removed with its contents.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // PATH/name
  std::string file(const std::string& name) const;
  // Writes `text` to PATH/name and returns that path.
  std::string write(const std::string& name, const std::string& text) const;
  // The names of the files in the directory, sorted.
  std::vector<std::string> listing() const;

 private:
  std::string path_;
};

bool exists(const std::string& path);

// Runs Python `code` with Debian's /usr/bin/python3 in `dir` (its working
// directory), as users write their files with numpy, h5py, pandas or scipy;
// false when the script fails.
bool run_python(const TempDir& dir, const std::string& code);
// The whole file as text (empty when it cannot be read).
std::string file_contents(const std::string& path);

using sigvit::testing::error_of;

// A small valid two-split signal1d data set: train 3 cases, test 2, [C=2, L=4].
DatasetContent small_signal_content();

// Loader test data, float32, every value distinct. Signals: [C=2, L=16], case i
// valid for 1 + (5 * i) % 16 samples (zeros after), label i % 3; images
// [C=1, H=4, W=6], label i % 3. The test split holds 5 cases.
DatasetContent numbered_signal_content(int64_t train_cases);
DatasetContent numbered_image_content(int64_t train_cases);

}  // namespace sigvit::data_testing
