#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sigvit/embedder.h"
#include "sigvit/options.h"

namespace sigvit {

/// One YAML option of an embedder, as `sigvit plugins` lists it. The default is
/// YAML text ("16", "false", "[64, 128]"); an empty default makes it required.
struct OptionSpec {
  std::string name;           ///< the YAML key under `model.embedder`
  std::string default_value;  ///< YAML text; empty: the option is required
  std::string description;    ///< one line for `sigvit plugins`
};

/// Builds an embedder from its options (`model.embedder`). The registry has
/// already rejected unknown keys and filled in defaults, so every declared
/// option with a default is there to read.
using EmbedderBuilder =
    std::function<std::shared_ptr<Embedder>(const Options& options, const EmbedderContext& context)>;

/// What a plugin registers for each embedder it provides.
struct EmbedderSpec {
  std::string name;                 ///< `model.embedder.name` in YAML; unique among all plugins
  std::string description;          ///< one line for `sigvit plugins`
  std::vector<OptionSpec> options;  ///< every key the builder reads
  EmbedderBuilder build;            ///< called once per model built
};

}  // namespace sigvit
