#include "fuzz_parsers.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "checkpoint/checkpoint.h"
#include "results/training_state.h"
#include "weights/safetensors.h"
#include "weights/torch_state_file.h"
#include "config/config_loader.h"
#include "data/convert/csv_converter.h"
#include "data/format/dataset_reader.h"
#include "data/format/dataset_validator.h"
#include "data/sources/audio_file.h"
#include "data/sources/edf_file.h"
#include "data/sources/mat_file.h"
#include "data/sources/hdf5_array_file.h"
#include "data/sources/idx_file.h"
#include "data/sources/numpy_file.h"
#include "data/sources/image_file.h"
#include "data/sources/ts_file.h"
#include "experiment/experiment_options.h"
#include "fuzz_input.h"

namespace sigvit::fuzzing {
namespace {

constexpr char kBase[] = "model:\n  embedder: {name: conv1d_signal, patch_size: 4}\n  encoder: {embed_dim: 16, depth: 1}\n"
                        "data: {path: toy.h5, batch_size: 8}\ntrain: {epochs: 2}\n";

}  // namespace

void feed_config(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  write_input(reinterpret_cast<const uint8_t*>(kBase), sizeof kBase - 1, "base.yaml");
  const std::string path = write_input(data, size, "experiment.yaml");
  std::vector<std::string> overrides;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("#set ", 0) == 0) overrides.push_back(line.substr(5));
  }
  expect_clean_rejection([&] { parse_experiment_options(load_config(path, overrides).node()); });
}

void feed_dataset(const uint8_t* data, size_t size) {
  const std::string path = write_input(data, size, "data.h5");
  expect_clean_rejection([&] {
    validate_dataset(path);
    const DatasetReader reader(path);
    for (const SplitLayout& split : reader.splits()) {
      reader.read_cases(split.name, 0, std::min<int64_t>(split.num_cases, 4));
    }
  });
}

void feed_checkpoint(const uint8_t* data, size_t size) {
  const std::string path = write_input(data, size, "model.ckpt");
  expect_clean_rejection([&] {
    read_checkpoint(path);
    read_weight_average(path);
  });
}

void feed_metrics_csv(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  expect_clean_rejection([&] { parse_metrics_csv(text, "metrics.csv"); });
}

void feed_ts(const uint8_t* data, size_t size) {
  const std::string ts = write_input(data, size, "data.ts");
  expect_clean_rejection([&] { read_ts_file(ts); });
  const std::string tsv = write_input(data, size, "data.tsv");
  expect_clean_rejection([&] { read_ucr_tsv_file(tsv); });
}

void feed_csv(const uint8_t* data, size_t size) {
  const std::string path = write_input(data, size, "data.csv");
  CsvOptions options;
  options.assembly.test_fraction = 0.5;
  options.missing = MissingPolicy::interpolate;
  expect_clean_rejection([&] { convert_csv({path}, options); });
  // The same bytes as a long table: a time step per row, windows of 4.
  options.layout = CsvLayout::long_format;
  options.assembly.window = {4, 2};
  expect_clean_rejection([&] { convert_csv({path}, options); });
}

void feed_npy(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  expect_clean_rejection([&] { parse_npy(bytes, "data.npy"); });
  expect_clean_rejection([&] { parse_npz(bytes, "data.npz"); });
}

void feed_edf(const uint8_t* data, size_t size) {
  const std::string path = write_input(data, size, "recording.edf");
  expect_clean_rejection([&] { read_edf_file(path); });
}

void feed_mat(const uint8_t* data, size_t size) {
  const std::string path = write_input(data, size, "data.mat");
  std::map<std::string, std::string> skipped;
  expect_clean_rejection([&] { read_mat_file(path, &skipped); });
}

void feed_h5_arrays(const uint8_t* data, size_t size) {
  const std::string path = write_input(data, size, "arrays.h5");
  expect_clean_rejection([&] {
    for (const std::string& name : hdf5_array_names(path)) read_hdf5_array(path, name);
  });
}

void feed_idx(const uint8_t* data, size_t size) {
  const std::string path = write_input(data, size, "data.idx");
  expect_clean_rejection([&] { read_idx_file(path); });
}

void feed_picture(const uint8_t* data, size_t size) {
  const std::string path = write_input(data, size, "picture");
  expect_clean_rejection([&] { read_picture_file(path); });
}

void feed_audio(const uint8_t* data, size_t size) {
  const std::string path = write_input(data, size, "audio.wav");
  expect_clean_rejection([&] { read_audio_file(path); });
}

void feed_weights(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  expect_clean_rejection([&] { parse_safetensors(bytes, "weights.safetensors"); });
  const std::string path = write_input(data, size, "weights.pt");
  expect_clean_rejection([&] { read_torch_state_dict(path); });
}

const std::vector<FuzzTarget>& fuzz_targets() {
  static const std::vector<FuzzTarget> all{
      {"config", feed_config},
      {"dataset", feed_dataset},
      {"checkpoint", feed_checkpoint},
      {"weights", feed_weights},
      {"metrics_csv", feed_metrics_csv},
      {"ts", feed_ts},
      {"csv", feed_csv},
      {"h5_arrays", feed_h5_arrays},
      {"npy", feed_npy},
      {"edf", feed_edf},
      {"mat", feed_mat},
      {"idx", feed_idx},
      {"picture", feed_picture},
      {"audio", feed_audio},
  };
  return all;
}

}  // namespace sigvit::fuzzing
