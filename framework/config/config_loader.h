#pragma once

#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>
#include <vector>

#include "config/config_node.h"

namespace sigvit {

// A config file resolved against its `base:` files and command-line overrides.
struct LoadedConfig {
  YAML::Node root;
  std::shared_ptr<ConfigOrigins> origins;
  std::string source;  // the file it was loaded from, or the name given to a string

  ConfigNode node() const { return ConfigNode(root, "", origins); }
};

// Loads `path`. A top-level `base: other.yaml` (or a list of files) is loaded
// first, relative to the including file, and this file's keys are merged over it
// (mappings merge key by key; lists and scalars replace). A mapping tagged
// `!replace` (`embedder: !replace {name: mine}`) replaces the base's mapping
// whole instead of merging into it. Then every override "a.b.c=value" (value
// parsed as YAML) is applied in order; an override always replaces.
LoadedConfig load_config(const std::string& path, const std::vector<std::string>& overrides = {});

// The same for YAML text (no `base:` resolution relative to a folder other than
// the working directory); `name` labels its errors.
LoadedConfig parse_config(const std::string& text, const std::string& name,
                          const std::vector<std::string>& overrides = {});

// Applies "a.b.c=value". Errors about the value name `origin` as where it came
// from; by default "--set a.b.c=value", as the command line gave it.
void apply_override(LoadedConfig& config, const std::string& assignment, const std::string& origin = "");

}  // namespace sigvit
