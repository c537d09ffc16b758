#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sigvit {

// The parameter-name conventions sigvit reads and writes: its own
// (docs/architecture.md), timm's VisionTransformer and torchvision's
// VisionTransformer (vit_b_16 and its family). The tensors themselves have the
// same layout in all three (torchvision's in_proj_weight is [q; k; v], as
// timm's and sigvit's qkv), so converting is renaming.
enum class WeightNames { sigvit, timm, torchvision };

std::string to_string(WeightNames names);
// "sigvit", "timm" or "torchvision"; `where` prefixes the error.
WeightNames parse_weight_names(const std::string& text, const std::string& where);

// A file's name in sigvit's convention, or nullopt when the name has no
// counterpart in a sigvit ViT (timm's fc_norm, torchvision's conv stem...).
std::optional<std::string> to_sigvit_name(WeightNames names, const std::string& name);
// The other way: a sigvit name in `names`' convention, or nullopt.
std::optional<std::string> from_sigvit_name(WeightNames names, const std::string& name);

// The convention `keys` follow, told by names only one of them uses; an
// Error naming `origin` when none fits.
WeightNames detect_weight_names(const std::vector<std::string>& keys, const std::string& origin);

}  // namespace sigvit
