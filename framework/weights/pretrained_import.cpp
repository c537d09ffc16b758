#include "weights/pretrained_import.h"

#include <fnmatch.h>
#include <torch/utils.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "checkpoint/checkpoint.h"
#include "core/text.h"
#include "model/vit/vision_transformer.h"
#include "sigvit/error.h"
#include "weights/safetensors.h"
#include "weights/torch_state_file.h"
#include "weights/weight_adaptation.h"

namespace sigvit {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

WeightFormat parse_format(const ConfigNode& node) {
  const std::string text = node.as<std::string>();
  if (text == "safetensors") return WeightFormat::safetensors;
  if (text == "torch") return WeightFormat::torch;
  if (text == "checkpoint") return WeightFormat::checkpoint;
  node.fail("expected auto, safetensors, torch or checkpoint, got '" + text + "'");
}

std::vector<std::string> read_patterns(const ConfigNode& pretrained, const std::string& key) {
  if (!pretrained.has(key)) return {};
  const ConfigNode node = pretrained.child(key);
  if (node.is_scalar()) return {node.as<std::string>()};
  return node.as<std::vector<std::string>>();
}

// safetensors starts with its header's length and then '{'; torch.save and
// sigvit checkpoints are zip archives, told apart by sigvit's .ckpt suffix.
WeightFormat detect_format(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("model.pretrained.path: cannot open '" + path + "'");
  char head[9] = {};
  in.read(head, sizeof head);
  if (in.gcount() == 9 && head[8] == '{') return WeightFormat::safetensors;
  if (in.gcount() >= 2 && head[0] == 'P' && head[1] == 'K') {
    return ends_with(path, ".ckpt") ? WeightFormat::checkpoint : WeightFormat::torch;
  }
  throw Error("weights file '" + path + "' is neither safetensors nor a zip archive (torch.save, sigvit checkpoint)" +
              "; set model.pretrained.format if it is one of them");
}

// A sigvit checkpoint's weights, by way of the model its card describes.
NamedTensors read_checkpoint_tensors(const std::string& path) {
  const CheckpointContent content = read_checkpoint(path);
  std::shared_ptr<Classifier> source = build_model_from_card(content.card, path);
  load_checkpoint_weights(path, *source, nullptr);
  NamedTensors tensors;
  for (const auto& item : source->named_parameters()) tensors.emplace_back(item.key(), item.value().detach());
  for (const auto& item : source->named_buffers()) tensors.emplace_back(item.key(), item.value());
  return tensors;
}

NamedTensors read_tensors(const std::string& path, WeightFormat format) {
  switch (format) {
    case WeightFormat::safetensors: return read_safetensors(path).tensors;
    case WeightFormat::torch: return read_torch_state_dict(path);
    case WeightFormat::checkpoint: return read_checkpoint_tensors(path);
  }
  return {};
}

bool matches_any(const std::string& name, const std::vector<std::string>& patterns) {
  for (const std::string& pattern : patterns) {
    if (fnmatch(pattern.c_str(), name.c_str(), 0) == 0) return true;
  }
  return false;
}

// Whether include/exclude let `name` (a sigvit name) through.
bool selected(const std::string& name, const PretrainedOptions& options) {
  return (options.include.empty() || matches_any(name, options.include)) && !matches_any(name, options.exclude);
}

bool is_head(const std::string& name) {
  return name == "head.weight" || name == "head.bias" || name == "head_dist.weight" || name == "head_dist.bias";
}

bool same_except(const torch::Tensor& a, const torch::Tensor& b, int64_t dim) {
  if (a.dim() != b.dim()) return false;
  for (int64_t i = 0; i < a.dim(); ++i) {
    if (i != dim && a.size(i) != b.size(i)) return false;
  }
  return true;
}

std::string grid_text(const std::vector<int64_t>& grid) {
  std::string out;
  for (int64_t extent : grid) out += (out.empty() ? "" : "x") + std::to_string(extent);
  return out;
}

// How many of the file's leading position rows belong to prefix tokens: the
// cls and dist tokens it holds, unless its table leaves them out (timm's
// no_embed_class), which shows as a square without them on an image grid.
int64_t source_prefix_of(const std::set<std::string>& file_names, int64_t rows, size_t rank) {
  int64_t prefix = static_cast<int64_t>(file_names.count("cls_token") + file_names.count("dist_token"));
  if (rank == 2 && prefix > 0) {
    const auto is_square = [](int64_t n) {
      const auto side = static_cast<int64_t>(std::llround(std::sqrt(static_cast<double>(n))));
      return side * side == n;
    };
    if (!is_square(rows - prefix) && is_square(rows)) prefix = 0;
  }
  return prefix;
}

std::string listed(const std::vector<std::string>& names, size_t limit = 8) {
  std::vector<std::string> shown(names.begin(), names.begin() + static_cast<long>(std::min(limit, names.size())));
  std::string out = join(shown, ", ");
  if (names.size() > limit) out += ", ... (" + std::to_string(names.size() - limit) + " more)";
  return out;
}

}  // namespace

std::string to_string(WeightFormat format) {
  switch (format) {
    case WeightFormat::safetensors: return "safetensors";
    case WeightFormat::torch: return "torch";
    case WeightFormat::checkpoint: return "checkpoint";
  }
  return "?";
}

std::optional<PretrainedOptions> parse_pretrained_options(const ConfigNode& model) {
  if (!model.has("pretrained")) return std::nullopt;
  const ConfigNode pretrained = model.child("pretrained");
  PretrainedOptions options;
  if (pretrained.is_scalar()) {
    options.path = pretrained.as<std::string>();
  } else {
    if (!pretrained.is_map()) pretrained.fail("expected a path or a mapping with at least 'path'");
    pretrained.expect_keys({"path", "format", "names", "include", "exclude", "strict"});
    options.path = pretrained.require<std::string>("path");
    if (pretrained.has("format") && pretrained.child("format").as<std::string>() != "auto") {
      options.format = parse_format(pretrained.child("format"));
    }
    if (pretrained.has("names")) {
      const ConfigNode names = pretrained.child("names");
      const std::string text = names.as<std::string>();
      if (text != "auto") {
        try {
          options.names = parse_weight_names(text, names.where());
        } catch (const Error&) {
          names.fail("expected auto, timm, torchvision or sigvit, got '" + text + "'");
        }
      }
    }
    options.include = read_patterns(pretrained, "include");
    options.exclude = read_patterns(pretrained, "exclude");
    options.strict = pretrained.get<bool>("strict", false);
  }
  if (options.path.empty()) pretrained.fail("expected the path of a weights file");
  return options;
}

ImportReport import_pretrained(Classifier& model, const PretrainedOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  ImportReport report;
  report.path = options.path;
  report.format = options.format ? *options.format : detect_format(options.path);
  const NamedTensors file = read_tensors(options.path, report.format);
  std::vector<std::string> file_keys;
  for (const auto& entry : file) file_keys.push_back(entry.first);
  report.names = options.names ? *options.names
                               : detect_weight_names(file_keys, "weights file '" + options.path + "'");

  std::map<std::string, torch::Tensor> targets;
  for (const auto& item : model.named_parameters()) targets.emplace(item.key(), item.value());
  for (const auto& item : model.named_buffers()) targets.emplace(item.key(), item.value());
  auto* vit = dynamic_cast<VisionTransformer*>(&model);

  std::set<std::string> mapped_names;
  for (const auto& [name, tensor] : file) {
    if (auto mapped = to_sigvit_name(report.names, name)) mapped_names.insert(*mapped);
  }

  std::vector<std::pair<torch::Tensor, torch::Tensor>> copies;  // (model tensor, value)
  std::set<std::string> accounted;  // model names the file spoke for
  for (const auto& [file_name, value] : file) {
    const std::optional<std::string> mapped = to_sigvit_name(report.names, file_name);
    if (!mapped) {
      report.unexpected.push_back(file_name);
      continue;
    }
    const std::string& name = *mapped;
    if (!selected(name, options)) {
      report.skipped.push_back(name);
      continue;
    }
    auto target = targets.find(name);
    if (name == "pos_embed.table" && vit && vit->options().position_embedding != PositionEmbeddingKind::learnable) {
      if (target != targets.end()) accounted.insert(name);
      report.skipped.push_back(name + (vit->options().position_embedding == PositionEmbeddingKind::sinusoidal
                                           ? " (the model's position embedding is sinusoidal)"
                                           : " (the model has no position embedding)"));
      continue;
    }
    if (target == targets.end()) {
      report.unexpected.push_back(file_name == name ? file_name : file_name + " (" + name + ")");
      continue;
    }
    const torch::Tensor& current = target->second;
    accounted.insert(name);
    if (value.sizes() == current.sizes()) {
      copies.emplace_back(current, value);
      report.loaded.push_back(name);
    } else if (name == "pos_embed.table" && vit && value.dim() == 3 && value.size(2) == current.size(2)) {
      const std::vector<int64_t>& grid = vit->layout().grid;
      const int64_t prefix = source_prefix_of(mapped_names, value.size(1), grid.size());
      const std::vector<int64_t> source_grid = source_grid_of(value.size(1) - prefix, grid.size());
      copies.emplace_back(current,
                          resample_position_table(value, prefix, source_grid, current, vit->num_prefix_tokens(), grid));
      report.adapted.push_back(name + ": grid " + grid_text(source_grid) + " -> " + grid_text(grid) +
                               (grid.size() == 2 ? " (bicubic)" : " (linear)") + ", prefix tokens " +
                               std::to_string(prefix) + " -> " + std::to_string(vit->num_prefix_tokens()));
    } else if (name == "patch_embed.proj.weight" && value.dim() >= 3 && same_except(value, current, 1)) {
      copies.emplace_back(current, adapt_input_channels(value, current.size(1)));
      report.adapted.push_back(name + ": " + std::to_string(value.size(1)) + " -> " + std::to_string(current.size(1)) +
                               " input channels" + (current.size(1) == 1 ? " (summed)" : " (repeated, rescaled)"));
    } else if (is_head(name) && same_except(value, current, 0)) {
      report.reinitialised.push_back(name + ": " + std::to_string(value.size(0)) + " classes in the file, " +
                                     std::to_string(current.size(0)) + " in the model");
    } else {
      report.mismatched.push_back(name + ": " + shape_to_string(value.sizes().vec()) + " in the file, " +
                                  shape_to_string(current.sizes().vec()) + " in the model");
    }
  }
  for (const auto& [name, tensor] : targets) {
    if (!accounted.count(name) && selected(name, options)) report.missing.push_back(name);
  }

  if (options.strict && (!report.missing.empty() || !report.unexpected.empty() || !report.mismatched.empty())) {
    std::string problems;
    if (!report.missing.empty()) problems += "\n  missing from the file: " + listed(report.missing);
    if (!report.unexpected.empty()) problems += "\n  not in the model: " + listed(report.unexpected);
    if (!report.mismatched.empty()) problems += "\n  shapes that differ: " + listed(report.mismatched);
    throw Error("model.pretrained: '" + options.path + "' (" + to_string(report.names) +
                " names) does not fit the model and strict is true; nothing was loaded:" + problems);
  }
  {
    torch::NoGradGuard no_grad;
    for (auto& [target, value] : copies) target.copy_(value);
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

std::string format_import_report(const ImportReport& report) {
  std::string out = "pretrained " + report.path + " (" + to_string(report.format) + ", " + to_string(report.names) +
                    " names) in " + format_number("%.2f", report.seconds) + " s: " + import_summary(report) + "\n";
  const std::pair<const char*, const std::vector<std::string>*> lists[] = {
      {"adapted", &report.adapted},   {"re-initialised", &report.reinitialised},
      {"skipped", &report.skipped},   {"missing from the file", &report.missing},
      {"not in the model", &report.unexpected}, {"shapes that differ", &report.mismatched},
  };
  for (const auto& [heading, names] : lists) {
    if (!names->empty()) out += std::string("  ") + heading + ": " + listed(*names) + "\n";
  }
  return out;
}

std::string import_summary(const ImportReport& report) {
  return std::to_string(report.loaded.size() + report.adapted.size()) + " tensors loaded (" +
         std::to_string(report.adapted.size()) + " adapted), " + std::to_string(report.reinitialised.size()) +
         " re-initialised, " + std::to_string(report.skipped.size()) + " skipped, " +
         std::to_string(report.missing.size()) + " missing, " + std::to_string(report.unexpected.size()) +
         " unexpected, " + std::to_string(report.mismatched.size()) + " mismatched";
}

}  // namespace sigvit
