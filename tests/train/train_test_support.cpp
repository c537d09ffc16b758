#include "train_test_support.h"

#include <torch/types.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "data/format/dataset_writer.h"

namespace sigvit::train_testing {
namespace {

SplitData toy_split(const std::string& name, int64_t cases, uint64_t seed) {
  torch::manual_seed(seed);
  SplitData split;
  split.name = name;
  split.case_shape = {1, 32};
  torch::Tensor x = 0.3 * torch::randn({cases, 1, 32});
  for (int64_t i = 0; i < cases; ++i) {
    const int64_t label = i % 3;
    x[i] += 1.2 * static_cast<double>(label - 1);
    split.labels.push_back(label);
  }
  split.float32_values.assign(x.data_ptr<float>(), x.data_ptr<float>() + x.numel());
  return split;
}

}  // namespace

void write_toy_dataset(const std::string& path, int64_t train_cases, int64_t test_cases, bool val) {
  DatasetContent content;
  content.info.kind = DatasetKind::signal1d;
  content.info.class_names = {"early", "middle", "late"};
  content.info.sample_rate = 32.0;
  content.info.source = "unit test";
  content.info.license = "CC0";
  content.splits.push_back(toy_split("train", train_cases, 1));
  if (val) content.splits.push_back(toy_split("val", test_cases, 2));
  content.splits.push_back(toy_split("test", test_cases, 3));
  write_dataset(path, content);
}

void poison_test_split(const std::string& path) {
  const std::string command = "/usr/bin/python3 -c \"import h5py, numpy as np\n"
                              "with h5py.File('" + path + "', 'r+') as f:\n"
                              "    f['test/x'][...] = np.nan\"";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("could not rewrite " + path + " with python3-h5py");
}

std::string toy_experiment_yaml(const std::string& data, const std::string& output) {
  return "name: toy\n"
         "seed: 3\n"
         "threads: 1\n"
         "output: " + output + "\n"
         "model:\n"
         "  embedder: {name: conv1d_signal, patch_size: 4}\n"
         "  encoder: {embed_dim: 16, depth: 1, num_heads: 2, mlp_ratio: 2, drop_rate: 0.1, drop_path_rate: 0.1}\n"
         "data:\n"
         "  path: " + data + "\n"
         "  batch_size: 8\n"
         "  val_fraction: 0.2\n"
         "  augment: {noise_std: 0.05}\n"
         "train:\n"
         "  epochs: 3\n"
         "  lr: 0.005\n"
         "  warmup_epochs: 0.5\n"
         "  label_smoothing: 0.1\n";
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> metrics_without_seconds(const std::string& path) {
  std::vector<std::string> rows = read_lines(path);
  for (std::string& row : rows) {
    // seconds is the 7th of the 9 columns
    size_t start = 0;
    for (int column = 0; column < 6; ++column) start = row.find(',', start) + 1;
    row.erase(start, row.find(',', start) - start);
  }
  return rows;
}

}  // namespace sigvit::train_testing
