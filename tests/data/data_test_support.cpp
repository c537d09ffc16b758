#include "data_test_support.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sigvit::data_testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "sigvit-data-test-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary directory");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::string TempDir::file(const std::string& name) const { return (fs::path(path_) / name).string(); }

std::string TempDir::write(const std::string& name, const std::string& text) const {
  const std::string path = file(name);
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

bool run_python(const TempDir& dir, const std::string& code) {
  dir.write("write_inputs.py", code + "\n");
  const std::string command = "cd '" + dir.file("") + "' && /usr/bin/python3 write_inputs.py";
  return std::system(command.c_str()) == 0;
}

std::vector<std::string> TempDir::listing() const {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(path_)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

bool exists(const std::string& path) { return fs::exists(path); }

std::string file_contents(const std::string& path) {
  std::ostringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

DatasetContent small_signal_content() {
  DatasetContent content;
  content.info.kind = DatasetKind::signal1d;
  content.info.class_names = {"low", "high"};
  content.info.sample_rate = 100.0;
  content.info.source = "unit test";
  content.info.license = "CC0";
  SplitData train;
  train.name = "train";
  train.case_shape = {2, 4};
  for (int i = 0; i < 3 * 2 * 4; ++i) train.float32_values.push_back(0.5f * static_cast<float>(i));
  train.labels = {0, 1, 1};
  train.lengths = {4, 2, 3};
  SplitData test;
  test.name = "test";
  test.case_shape = {2, 4};
  test.float32_values.assign(2 * 2 * 4, -1.25f);
  test.labels = {1, 0};
  content.splits = {train, test};
  return content;
}

namespace {

SplitData numbered_split(const std::string& name, int64_t cases, const std::vector<int64_t>& case_shape,
                         bool padded) {
  SplitData split;
  split.name = name;
  split.case_shape = case_shape;
  const int64_t samples = case_shape.back();
  const int64_t values_per_case = split.values_per_case();
  for (int64_t i = 0; i < cases; ++i) {
    const int64_t length = padded ? 1 + (5 * i) % samples : samples;
    for (int64_t v = 0; v < values_per_case; ++v) {
      const bool valid = v % samples < length;
      split.float32_values.push_back(valid ? static_cast<float>(i * 1000 + v) * 0.01f : 0.0f);
    }
    split.labels.push_back(i % 3);
    if (padded) split.lengths.push_back(length);
  }
  return split;
}

}  // namespace

DatasetContent numbered_signal_content(int64_t train_cases) {
  DatasetContent content;
  content.info.kind = DatasetKind::signal1d;
  content.info.class_names = {"a", "b", "c"};
  content.splits = {numbered_split("train", train_cases, {2, 16}, true),
                    numbered_split("test", 5, {2, 16}, true)};
  return content;
}

DatasetContent numbered_image_content(int64_t train_cases) {
  DatasetContent content;
  content.info.kind = DatasetKind::image2d;
  content.info.class_names = {"a", "b", "c"};
  content.splits = {numbered_split("train", train_cases, {1, 4, 6}, false),
                    numbered_split("test", 5, {1, 4, 6}, false)};
  return content;
}

}  // namespace sigvit::data_testing
