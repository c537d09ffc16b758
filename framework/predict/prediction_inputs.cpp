#include "predict/prediction_inputs.h"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <memory>

#include "core/text.h"
#include "data/convert/resample.h"
#include "data/format/dataset_reader.h"
#include "data/sources/audio_file.h"
#include "data/sources/image_file.h"
#include "predict/array_inputs.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

std::string channels_text(int64_t channels) {
  return std::to_string(channels) + (channels == 1 ? " channel" : " channels");
}

void check_image_size(const std::string& where, int64_t height, int64_t width,
                      const std::vector<int64_t>& input_shape) {
  if (height != input_shape[1] || width != input_shape[2]) {
    throw Error(where + ": " + std::to_string(height) + "x" + std::to_string(width) + " pixels, the model takes " +
                std::to_string(input_shape[1]) + "x" + std::to_string(input_shape[2]));
  }
}

std::vector<InputGroup> read_dataset(const std::string& path, const ModelCard& card,
                                     const std::vector<int64_t>& input_shape, const InputOptions& options) {
  const DatasetReader reader(path);
  const DatasetInfo& info = reader.info();
  if (info.kind != card.kind)
    throw Error(path + ": holds " + to_string(info.kind) + " data, the model takes " + to_string(card.kind));
  if (card.kind == DatasetKind::signal1d && card.sample_rate && info.sample_rate &&
      *card.sample_rate != *info.sample_rate) {
    throw Error(path + ": sampled at " + sample_rate_text(*info.sample_rate) + ", the model was trained at " +
                sample_rate_text(*card.sample_rate));
  }
  if (options.split && !reader.has_split(*options.split))
    throw Error(path + ": has no split '" + *options.split + "'");
  std::vector<InputGroup> groups;
  int64_t room = options.max_cases.value_or(std::numeric_limits<int64_t>::max());
  for (const SplitLayout& split : reader.splits()) {
    if (options.split && split.name != *options.split) continue;
    if (room <= 0) break;
    if (split.case_shape[0] != input_shape[0]) {
      throw Error(path + ": /" + split.name + " has " + channels_text(split.case_shape[0]) + ", the model takes " +
                  std::to_string(input_shape[0]));
    }
    if (card.kind == DatasetKind::image2d)
      check_image_size(path + ": /" + split.name, split.case_shape[1], split.case_shape[2], input_shape);
    const int64_t count = std::min(split.num_cases, room);
    room -= count;
    CaseBlock block = reader.read_cases(split.name, 0, count);
    InputGroup group;
    // The tensor keeps the decoded values alive instead of copying them.
    auto values = std::make_shared<std::vector<float>>(std::move(block.values));
    group.x = torch::from_blob(values->data(), block.shape, [values](void*) {}, torch::kFloat32);
    if (card.kind == DatasetKind::signal1d) group.lengths = torch::tensor(block.lengths, torch::kInt64);
    for (size_t i = 0; i < block.labels.size(); ++i) {
      group.names.push_back(path + ":" + split.name + "[" + std::to_string(i) + "]");
      group.labels.push_back(info.class_names.at(static_cast<size_t>(block.labels[i])));
    }
    groups.push_back(std::move(group));
  }
  return groups;
}

InputGroup read_audio(const std::string& path, const ModelCard& card, const std::vector<int64_t>& input_shape,
                      const InputOptions& options) {
  Recording recording;
  try {
    recording = read_audio_file(path);
  } catch (const Error& error) {
    throw Error(std::string(error.what()) + " (this model takes signals: an audio file or an .h5 data set)");
  }
  const int64_t channels = static_cast<int64_t>(recording.channels.size());
  if (channels != input_shape[0])
    throw Error(path + ": " + channels_text(channels) + ", the model takes " + std::to_string(input_shape[0]));
  if (card.sample_rate && recording.sample_rate != *card.sample_rate) {
    if (!options.resample) {
      throw Error(path + ": sampled at " + sample_rate_text(recording.sample_rate) + ", the model was trained at " +
                  sample_rate_text(*card.sample_rate) + "; pass --resample to convert it (linear interpolation)");
    }
    for (auto& samples : recording.channels)
      samples = resample_linear(samples, recording.sample_rate, *card.sample_rate);
  }
  const int64_t length = static_cast<int64_t>(recording.channels[0].size());
  InputGroup group;
  group.names = {path};
  group.x = torch::empty({1, channels, length}, torch::kFloat32);
  for (int64_t c = 0; c < channels; ++c)
    group.x[0][c].copy_(torch::from_blob(recording.channels[static_cast<size_t>(c)].data(), {length}, torch::kFloat32));
  group.lengths = torch::full({1}, length, torch::kInt64);
  return group;
}

InputGroup read_image(const std::string& path, const ModelCard& card, const std::vector<int64_t>& input_shape) {
  Picture picture;
  try {
    picture = read_picture_file(path);
  } catch (const Error& error) {
    throw Error(std::string(error.what()) + " (this model takes images: PNG, PGM, PPM or an .h5 data set)");
  }
  if (picture.channels != input_shape[0]) {
    throw Error(path + ": " + channels_text(picture.channels) + (picture.channels == 1 ? " (grey)" : " (RGB)") +
                ", the model takes " + std::to_string(input_shape[0]));
  }
  check_image_size(path, picture.height, picture.width, input_shape);
  // 8-bit training data was stored as bytes with a scale and offset; other
  // image data is expected in [0, 1], as the converters write it.
  const auto [scale, offset] = card.uint8_encoding.value_or(std::pair(1.0 / 255.0, 0.0));
  InputGroup group;
  group.names = {path};
  group.x = torch::from_blob(picture.values.data(), {1, picture.channels, picture.height, picture.width},
                             torch::kFloat32)
                .to(torch::kFloat64)
                .mul(scale)
                .add(offset)
                .to(torch::kFloat32);
  return group;
}

bool is_hdf5(const std::string& path) {
  const std::string extension = std::filesystem::path(path).extension().string();
  return extension == ".h5" || extension == ".hdf5";
}

}  // namespace

std::vector<InputGroup> read_prediction_inputs(const std::string& path, const ModelCard& card,
                                               const std::vector<int64_t>& input_shape,
                                               const InputOptions& options) {
  if (!std::filesystem::exists(path)) throw Error(path + ": no such file");
  if (is_hdf5(path)) return read_dataset(path, card, input_shape, options);
  if (options.split) throw Error("--split applies to .h5 inputs, not " + path);
  if (is_array_input(path)) return {read_array_input(path, card, input_shape)};
  if (card.kind == DatasetKind::signal1d) return {read_audio(path, card, input_shape, options)};
  return {read_image(path, card, input_shape)};
}

}  // namespace sigvit
