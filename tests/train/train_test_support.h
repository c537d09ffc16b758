#pragma once

#include <string>
#include <vector>

#include "../data/data_test_support.h"

namespace sigvit::train_testing {

using data_testing::TempDir;

// A toy signal1d data set at `path`, learnable in a few steps: 3 classes of
// [1, 32] noisy signals, class c offset by 1.2 * (c - 1). (Where a class lies
// in time would take a ViT hundreds of steps: it must learn positions first.)
// `val` adds a val split.
void write_toy_dataset(const std::string& path, int64_t train_cases, int64_t test_cases, bool val = false);

// Replaces the test split's values of a toy data set with NaN: any read of a
// test case then fails, naming it (with python3-h5py).
void poison_test_split(const std::string& path);

// An experiment on `data` writing to `output`: a tiny 1D ViT, 3 epochs,
// batches of 8, validation carved from train (vary it with --set overrides).
std::string toy_experiment_yaml(const std::string& data, const std::string& output);

// The lines of a text file.
std::vector<std::string> read_lines(const std::string& path);
std::string read_text(const std::string& path);

// metrics.csv without its seconds column, which timing makes differ.
std::vector<std::string> metrics_without_seconds(const std::string& path);

}  // namespace sigvit::train_testing
