#include "checkpoint/checkpoint.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <filesystem>
#include <mutex>

#include "checkpoint/pickle_check.h"
#include "core/atomic_file.h"
#include "core/text.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

constexpr const char* kFormat = "sigvit-checkpoint";
constexpr int64_t kVersion = 1;

YAML::Node card_to_yaml(const ModelCard& card) {
  YAML::Node node;
  node["config"] = card.config_yaml;
  node["class_names"] = card.class_names;
  node["kind"] = to_string(card.kind);
  if (card.sample_rate) node["sample_rate"] = *card.sample_rate;
  node["normalization"] = to_string(card.normalization);
  if (card.normalization == NormalizationMode::per_channel) node["stats"] = card.stats.to_yaml();
  if (card.uint8_encoding) {
    node["uint8_encoding"]["scale"] = card.uint8_encoding->first;
    node["uint8_encoding"]["offset"] = card.uint8_encoding->second;
  }
  if (!card.initial_weights.empty()) node["initial_weights"] = card.initial_weights;
  return node;
}

ModelCard card_from_yaml(const YAML::Node& node, const std::string& path) {
  ModelCard card;
  card.config_yaml = node["config"].as<std::string>();
  card.class_names = node["class_names"].as<std::vector<std::string>>();
  card.kind = parse_dataset_kind(node["kind"].as<std::string>(), path + ": kind");
  if (node["sample_rate"]) card.sample_rate = node["sample_rate"].as<double>();
  card.normalization = parse_normalization_mode(node["normalization"].as<std::string>(), path + ": normalization");
  if (node["stats"]) {
    card.stats = NormalizationStats::from_yaml(ConfigNode(node["stats"], "stats", nullptr));
  }
  if (node["uint8_encoding"]) {
    card.uint8_encoding = std::pair(node["uint8_encoding"]["scale"].as<double>(),
                                    node["uint8_encoding"]["offset"].as<double>());
  }
  if (node["initial_weights"]) card.initial_weights = node["initial_weights"].as<std::string>();
  return card;
}

// LibTorch reports a damaged archive with c10::Error or, from its
// TorchScript type parser, with other exceptions; their first line says why.
std::string reason(const std::exception& e) {
  const auto* torch_error = dynamic_cast<const c10::Error*>(&e);
  const std::string text = torch_error ? torch_error->what_without_backtrace() : e.what();
  return text.substr(0, text.find('\n'));
}

torch::serialize::InputArchive open_archive(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) throw Error("checkpoint '" + path + "' does not exist");
  check_checkpoint_archive(path);
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error("checkpoint '" + path + "' cannot be read: not a sigvit checkpoint, or truncated or corrupt (" +
                reason(e) + ")");
  }
  return archive;
}

std::string read_string(torch::serialize::InputArchive& archive, const std::string& key, const std::string& path) {
  c10::IValue value;
  if (!archive.try_read(key, value) || !value.isString()) {
    throw Error("checkpoint '" + path + "' has no '" + key + "' record: not a sigvit checkpoint");
  }
  return value.toStringRef();
}

// Dropout and stochastic depth draw from the global CPU generator, so a
// resumed run must continue its stream.
torch::Tensor global_generator_state() {
  auto generator = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  return generator.get_state();
}

void restore_global_generator(const torch::Tensor& state) {
  auto generator = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  generator.set_state(state);
}

}  // namespace

std::string serialize_checkpoint(const CheckpointContent& content, Classifier& model,
                                 torch::optim::Optimizer* optimizer, const WeightAverageRecord* average) {
  torch::serialize::OutputArchive archive;
  archive.write("format", c10::IValue(std::string(kFormat)));
  archive.write("version", c10::IValue(kVersion));
  YAML::Emitter card;
  card << card_to_yaml(content.card);
  archive.write("card", c10::IValue(std::string(card.c_str())));
  YAML::Emitter state;
  state << content.state.to_yaml();
  archive.write("state", c10::IValue(std::string(state.c_str())));

  torch::serialize::OutputArchive weights;
  model.save(weights);
  archive.write("model", weights);
  if (optimizer) {
    torch::serialize::OutputArchive optimizer_state;
    optimizer->save(optimizer_state);
    archive.write("optimizer", optimizer_state);
    archive.write("rng", global_generator_state());
  }
  if (average) {
    // Numbered keys: a parameter's dotted name is not a valid archive key.
    torch::serialize::OutputArchive section;
    std::string names;
    for (size_t i = 0; i < average->tensors.size(); ++i) {
      names += average->tensors[i].first + "\n";
      section.write("tensor_" + std::to_string(i), average->tensors[i].second, /*is_buffer=*/true);
    }
    section.write("names", c10::IValue(names));
    section.write("updates", c10::IValue(average->updates));
    archive.write("weight_average", section);
  }
  // Serialised in memory first: LibTorch's zip writer reports a failed write
  // from its destructor, which ends the process. The bytes are then written
  // with every error checked.
  std::string bytes;
  archive.save_to([&bytes](const void* data, size_t size) {
    bytes.append(static_cast<const char*>(data), size);
    return size;
  });
  return bytes;
}

void write_checkpoint(const std::string& path, const std::string& bytes) {
  try {
    write_file_atomically(path, [&](const std::string& temporary) { write_bytes(temporary, bytes); });
  } catch (const Error& e) {
    throw Error(std::string("checkpoint ") + e.what());
  }
}

void save_checkpoint(const std::string& path, const CheckpointContent& content, Classifier& model,
                     torch::optim::Optimizer* optimizer, const WeightAverageRecord* average) {
  write_checkpoint(path, serialize_checkpoint(content, model, optimizer, average));
}

CheckpointContent read_checkpoint(const std::string& path) {
  torch::serialize::InputArchive archive = open_archive(path);
  if (read_string(archive, "format", path) != kFormat) {
    throw Error("checkpoint '" + path + "' is not a sigvit checkpoint");
  }
  c10::IValue version;
  archive.try_read("version", version);
  if (!version.isInt() || version.toInt() != kVersion) {
    throw Error("checkpoint '" + path + "' has format version " + (version.isInt() ? std::to_string(version.toInt()) : "?") +
                "; this sigvit reads version " + std::to_string(kVersion));
  }
  CheckpointContent content;
  try {
    content.card = card_from_yaml(YAML::Load(read_string(archive, "card", path)), path);
  } catch (const YAML::Exception& e) {
    throw Error("checkpoint '" + path + "': its model card is malformed (" + e.what() + ")");
  }
  try {
    content.state = TrainingState::from_yaml(YAML::Load(read_string(archive, "state", path)), "checkpoint '" + path + "'");
  } catch (const YAML::Exception& e) {
    throw Error("checkpoint '" + path + "': its training state is malformed (" + e.what() + ")");
  }
  return content;
}

void load_checkpoint_weights(const std::string& path, Classifier& model, torch::optim::Optimizer* optimizer) {
  torch::serialize::InputArchive archive = open_archive(path);
  // Loading replaces a tensor of another shape silently, so shapes are compared here.
  std::vector<std::pair<std::string, std::vector<int64_t>>> shapes;
  for (const auto& item : model.named_parameters()) shapes.emplace_back(item.key(), item.value().sizes().vec());
  for (const auto& item : model.named_buffers()) shapes.emplace_back(item.key(), item.value().sizes().vec());
  try {
    torch::serialize::InputArchive weights;
    archive.read("model", weights);
    model.load(weights);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error("checkpoint '" + path + "' does not fit the model its config describes (" +
                reason(e) + ")");
  }
  const auto parameters = model.named_parameters();
  const auto buffers = model.named_buffers();
  for (const auto& [name, shape] : shapes) {
    const torch::Tensor* loaded = parameters.find(name);
    if (!loaded) loaded = buffers.find(name);
    if (loaded->sizes().vec() != shape) {
      throw Error("checkpoint '" + path + "' does not fit the model its config describes: " + name + " is " +
                  shape_to_string(loaded->sizes().vec()) + " in the checkpoint, " + shape_to_string(shape) +
                  " in the model");
    }
  }
  if (!optimizer) return;
  torch::serialize::InputArchive optimizer_state;
  if (!archive.try_read("optimizer", optimizer_state)) {
    throw Error("checkpoint '" + path + "' holds no optimizer state: it cannot resume training");
  }
  try {
    optimizer->load(optimizer_state);
    torch::Tensor generator_state;
    archive.read("rng", generator_state);
    restore_global_generator(generator_state);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error("checkpoint '" + path + "': its optimizer or generator state cannot be restored (" +
                reason(e) + ")");
  }
}

std::optional<WeightAverageRecord> read_weight_average(const std::string& path) {
  torch::serialize::InputArchive archive = open_archive(path);
  torch::serialize::InputArchive section;
  if (!archive.try_read("weight_average", section)) return std::nullopt;
  WeightAverageRecord record;
  try {
    const std::string names = read_string(section, "names", path);
    c10::IValue updates;
    section.read("updates", updates);
    record.updates = updates.toInt();
    size_t start = 0;
    for (size_t end; (end = names.find('\n', start)) != std::string::npos; start = end + 1) {
      torch::Tensor tensor;
      section.read("tensor_" + std::to_string(record.tensors.size()), tensor, /*is_buffer=*/true);
      record.tensors.emplace_back(names.substr(start, end - start), tensor);
    }
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error("checkpoint '" + path + "': its weight average cannot be read (" + reason(e) + ")");
  }
  return record;
}

}  // namespace sigvit
