#include "weights/weight_names.h"

#include <regex>

#include "sigvit/error.h"

namespace sigvit {
namespace {

// One name in both conventions: `outside` is the other library's pattern,
// `inside` sigvit's, each with the same capture groups. An import-only rule
// reads an older spelling that exports never write.
struct NameRule {
  std::regex outside;
  std::string outside_format;
  std::regex inside;
  std::string inside_format;
  bool import_only = false;
};

NameRule rule(const std::string& outside, const std::string& outside_format, const std::string& inside,
              const std::string& inside_format, bool import_only = false) {
  return {std::regex(outside), outside_format, std::regex(inside), inside_format, import_only};
}

const std::vector<NameRule>& timm_rules() {
  static const std::vector<NameRule> rules{
      rule("(cls_token|dist_token)", "$1", "(cls_token|dist_token)", "$1"),
      rule("pos_embed", "pos_embed", "pos_embed\\.table", "pos_embed.table"),
      rule("patch_embed\\.(.+)", "patch_embed.$1", "patch_embed\\.(.+)", "patch_embed.$1"),
      rule("blocks\\.(\\d+)\\.(.+)", "blocks.$1.$2", "encoder\\.blocks\\.(\\d+)\\.(.+)", "encoder.blocks.$1.$2"),
      rule("norm\\.(weight|bias)", "norm.$1", "encoder\\.norm\\.(weight|bias)", "encoder.norm.$1"),
      rule("pre_logits\\.fc\\.(weight|bias)", "pre_logits.fc.$1", "pre_logits\\.(weight|bias)", "pre_logits.$1"),
      rule("(head|head_dist)\\.(weight|bias)", "$1.$2", "(head|head_dist)\\.(weight|bias)", "$1.$2"),
  };
  return rules;
}

const std::vector<NameRule>& torchvision_rules() {
  static const std::string layer = "encoder\\.layers\\.encoder_layer_(\\d+)\\.";
  static const std::string block = "encoder\\.blocks\\.(\\d+)\\.";
  static const std::vector<NameRule> rules{
      rule("class_token", "class_token", "cls_token", "cls_token"),
      rule("conv_proj\\.(weight|bias)", "conv_proj.$1", "patch_embed\\.proj\\.(weight|bias)", "patch_embed.proj.$1"),
      rule("encoder\\.pos_embedding", "encoder.pos_embedding", "pos_embed\\.table", "pos_embed.table"),
      rule(layer + "ln_1\\.(weight|bias)", "encoder.layers.encoder_layer_$1.ln_1.$2", block + "norm1\\.(weight|bias)",
           "encoder.blocks.$1.norm1.$2"),
      rule(layer + "self_attention\\.in_proj_(weight|bias)", "encoder.layers.encoder_layer_$1.self_attention.in_proj_$2",
           block + "attn\\.qkv\\.(weight|bias)", "encoder.blocks.$1.attn.qkv.$2"),
      rule(layer + "self_attention\\.out_proj\\.(weight|bias)",
           "encoder.layers.encoder_layer_$1.self_attention.out_proj.$2", block + "attn\\.proj\\.(weight|bias)",
           "encoder.blocks.$1.attn.proj.$2"),
      rule(layer + "ln_2\\.(weight|bias)", "encoder.layers.encoder_layer_$1.ln_2.$2", block + "norm2\\.(weight|bias)",
           "encoder.blocks.$1.norm2.$2"),
      rule(layer + "mlp\\.0\\.(weight|bias)", "encoder.layers.encoder_layer_$1.mlp.0.$2", block + "mlp\\.fc1\\.(weight|bias)",
           "encoder.blocks.$1.mlp.fc1.$2"),
      rule(layer + "mlp\\.3\\.(weight|bias)", "encoder.layers.encoder_layer_$1.mlp.3.$2", block + "mlp\\.fc2\\.(weight|bias)",
           "encoder.blocks.$1.mlp.fc2.$2"),
      // torchvision before 0.13 named the MLP's layers linear_1 and linear_2.
      rule(layer + "mlp\\.linear_1\\.(weight|bias)", "", block + "mlp\\.fc1\\.(weight|bias)",
           "encoder.blocks.$1.mlp.fc1.$2", true),
      rule(layer + "mlp\\.linear_2\\.(weight|bias)", "", block + "mlp\\.fc2\\.(weight|bias)",
           "encoder.blocks.$1.mlp.fc2.$2", true),
      rule("encoder\\.ln\\.(weight|bias)", "encoder.ln.$1", "encoder\\.norm\\.(weight|bias)", "encoder.norm.$1"),
      rule("heads\\.head\\.(weight|bias)", "heads.head.$1", "head\\.(weight|bias)", "head.$1"),
      rule("heads\\.pre_logits\\.(weight|bias)", "heads.pre_logits.$1", "pre_logits\\.(weight|bias)",
           "pre_logits.$1"),
  };
  return rules;
}

const std::vector<NameRule>& rules_of(WeightNames names) {
  return names == WeightNames::timm ? timm_rules() : torchvision_rules();
}

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

}  // namespace

std::string to_string(WeightNames names) {
  switch (names) {
    case WeightNames::sigvit: return "sigvit";
    case WeightNames::timm: return "timm";
    case WeightNames::torchvision: return "torchvision";
  }
  return "?";
}

WeightNames parse_weight_names(const std::string& text, const std::string& where) {
  for (WeightNames names : {WeightNames::sigvit, WeightNames::timm, WeightNames::torchvision}) {
    if (text == to_string(names)) return names;
  }
  throw Error(where + ": expected sigvit, timm or torchvision, got '" + text + "'");
}

std::optional<std::string> to_sigvit_name(WeightNames names, const std::string& name) {
  if (names == WeightNames::sigvit) return name;
  for (const NameRule& rule : rules_of(names)) {
    std::smatch match;
    if (std::regex_match(name, match, rule.outside)) return match.format(rule.inside_format);
  }
  return std::nullopt;
}

std::optional<std::string> from_sigvit_name(WeightNames names, const std::string& name) {
  if (names == WeightNames::sigvit) return name;
  for (const NameRule& rule : rules_of(names)) {
    if (rule.import_only) continue;
    std::smatch match;
    if (std::regex_match(name, match, rule.inside)) return match.format(rule.outside_format);
  }
  return std::nullopt;
}

WeightNames detect_weight_names(const std::vector<std::string>& keys, const std::string& origin) {
  for (const std::string& key : keys) {
    if (starts_with(key, "encoder.layers.encoder_layer_") || key == "class_token" || starts_with(key, "conv_proj.")) {
      return WeightNames::torchvision;
    }
    if (starts_with(key, "encoder.blocks.") || key == "pos_embed.table") return WeightNames::sigvit;
    if (starts_with(key, "blocks.") || key == "pos_embed") return WeightNames::timm;
  }
  throw Error(origin + ": cannot tell whose parameter names it uses (no 'blocks.N.', 'encoder.blocks.N.' or " +
              "'encoder.layers.encoder_layer_N.' keys); set model.pretrained.names to timm, torchvision or sigvit");
}

}  // namespace sigvit
