#include "export/model_export.h"

#include <nlohmann/json.hpp>

#include "checkpoint/checkpoint.h"
#include "core/atomic_file.h"
#include "core/text.h"
#include "export/torchscript_export.h"
#include "sigvit/error.h"
#include "weights/safetensors.h"
#include "weights/weight_export.h"

namespace sigvit {
namespace {

// What a user of the exported file needs besides the weights.
nlohmann::json usage_of(const ModelCard& card, const Classifier& model, const std::string& checkpoint) {
  nlohmann::json usage;
  usage["source_checkpoint"] = checkpoint;
  usage["classes"] = card.class_names;
  usage["input_shape"] = model.input_shape();
  usage["normalization"] = to_string(card.normalization);
  if (card.normalization == NormalizationMode::per_channel) {
    usage["channel_mean"] = card.stats.mean;
    usage["channel_std"] = card.stats.std;
  }
  if (card.sample_rate) usage["sample_rate"] = *card.sample_rate;
  if (!card.initial_weights.empty()) usage["initial_weights"] = card.initial_weights;
  return usage;
}

}  // namespace

ExportFormat parse_export_format(const std::string& text) {
  if (text == "safetensors") return ExportFormat::safetensors;
  if (text == "torchscript") return ExportFormat::torchscript;
  throw Error("--format: expected safetensors or torchscript, got '" + text + "'");
}

std::string export_checkpoint(const ExportRequest& request) {
  const CheckpointContent content = read_checkpoint(request.checkpoint);
  std::shared_ptr<Classifier> model = build_model_from_card(content.card, request.checkpoint);
  load_checkpoint_weights(request.checkpoint, *model, nullptr);
  model->eval();
  const nlohmann::json usage = usage_of(content.card, *model, request.checkpoint);

  if (request.format == ExportFormat::safetensors) {
    const NamedTensors tensors = tensors_for_export(*model, request.names);
    write_safetensors(request.output, tensors,
                      {{"format", "pt"}, {"sigvit", usage.dump()}, {"sigvit.config", content.card.config_yaml}});
    return "wrote " + request.output + ": " + std::to_string(tensors.size()) + " tensors with " +
           to_string(request.names) + " names (safetensors)";
  }
  if (request.names != WeightNames::sigvit) {
    throw Error("--names: a TorchScript export keeps sigvit's names; --names applies to --format safetensors");
  }
  torch::jit::Module module = trace_to_torchscript(*model);
  torch::jit::ExtraFilesMap extra{{"sigvit.json", usage.dump(2)}};
  write_file_atomically(request.output, [&](const std::string& temporary) { module.save(temporary, extra); });
  std::vector<std::string> shape{"B"};
  for (int64_t extent : model->input_shape()) shape.push_back(std::to_string(extent));
  return "wrote " + request.output + ": TorchScript, forward(x [" + join(shape, ", ") + "]) -> logits [B, " +
         std::to_string(model->num_classes()) + "]";
}

}  // namespace sigvit
