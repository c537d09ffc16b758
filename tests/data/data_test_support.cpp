#include "data_test_support.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

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

std::vector<std::string> TempDir::listing() const {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(path_)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

bool exists(const std::string& path) { return fs::exists(path); }

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

}  // namespace sigvit::data_testing
