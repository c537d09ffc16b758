#include "config/config_loader.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sigvit/error.h"

namespace sigvit {
namespace fs = std::filesystem;

namespace {

// `key: !replace {...}` in a derived file (or a --set value) replaces what the
// base has under `key` instead of merging into it, so a mapping can be swapped
// for one with other keys (another embedder with its own options).
const std::string replace_tag = "!replace";

bool replaces(const YAML::Node& node) { return node.Tag() == replace_tag; }

// A deep copy without !replace tags: they act while merging and must not reach
// the resolved config, where they would act again on a later merge.
YAML::Node resolved_copy(const YAML::Node& node) {
  YAML::Node copy = YAML::Clone(node);
  std::vector<YAML::Node> pending{copy};
  while (!pending.empty()) {
    YAML::Node current = pending.back();
    pending.pop_back();
    if (replaces(current)) current.SetTag("?");
    if (current.IsMap()) {
      for (auto entry : current) pending.push_back(entry.second);
    } else if (current.IsSequence()) {
      for (auto element : current) pending.push_back(element);
    }
  }
  return copy;
}

void record_origins(const YAML::Node& node, const std::string& path, const std::string& file,
                    ConfigOrigins& origins) {
  // Overwriting a subtree invalidates whatever the base said beneath it.
  std::string prefix = path.empty() ? "" : path + ".";
  for (auto it = origins.begin(); it != origins.end();) {
    bool below = !path.empty() && (it->first.rfind(prefix, 0) == 0 || it->first.rfind(path + "[", 0) == 0);
    it = (below && (!node.IsMap() || replaces(node))) ? origins.erase(it) : std::next(it);
  }
  origins[path] = file + ":" + std::to_string(node.Mark().line + 1);
  if (node.IsMap()) {
    for (const auto& entry : node) {
      record_origins(entry.second, prefix + entry.first.as<std::string>(), file, origins);
    }
  } else if (node.IsSequence()) {
    for (size_t i = 0; i < node.size(); ++i) {
      record_origins(node[i], path + "[" + std::to_string(i) + "]", file, origins);
    }
  }
}

void merge_into(YAML::Node target, const YAML::Node& overlay) {
  for (const auto& entry : overlay) {
    const std::string key = entry.first.as<std::string>();
    YAML::Node existing = target[key];
    if (existing.IsMap() && entry.second.IsMap() && !replaces(entry.second)) {
      merge_into(existing, entry.second);
    } else {
      target[key] = resolved_copy(entry.second);
    }
  }
}

YAML::Node parse_yaml(const std::string& text, const std::string& name) {
  try {
    YAML::Node node = YAML::Load(text);
    if (node.IsNull()) return YAML::Node(YAML::NodeType::Map);
    if (!node.IsMap()) throw ConfigError(name + ": expected a mapping of keys at the top level");
    return node;
  } catch (const YAML::ParserException& e) {
    throw ConfigError(name + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
                      ": YAML syntax error: " + e.msg);
  }
}

std::string read_file(const fs::path& path) {
  std::error_code status;
  if (fs::is_directory(path, status)) {
    throw ConfigError("config file '" + path.string() + "' is a directory, not a YAML file");
  }
  std::ifstream in(path);
  if (!in) throw ConfigError("config file '" + path.string() + "' cannot be read (does it exist?)");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

LoadedConfig resolve(const YAML::Node& own, const std::string& name, const fs::path& folder,
                     std::vector<fs::path>& chain);

LoadedConfig load_file(const fs::path& path, std::vector<fs::path>& chain) {
  fs::path canonical = fs::weakly_canonical(path);
  for (const auto& seen : chain) {
    if (seen == canonical) throw ConfigError(path.string() + ": 'base:' files include each other in a cycle");
  }
  chain.push_back(canonical);
  LoadedConfig loaded = resolve(parse_yaml(read_file(path), path.string()), path.string(), path.parent_path(), chain);
  chain.pop_back();
  return loaded;
}

LoadedConfig resolve(const YAML::Node& own, const std::string& name, const fs::path& folder,
                     std::vector<fs::path>& chain) {
  LoadedConfig result{YAML::Node(YAML::NodeType::Map), std::make_shared<ConfigOrigins>(), name};
  for (const auto& entry : own) {
    if (!entry.first.IsScalar()) {
      throw ConfigError(name + ":" + std::to_string(entry.first.Mark().line + 1) +
                        ": expected a plain key, got a mapping or list as a key");
    }
  }
  if (own["base"]) {
    const YAML::Node base_yaml = own["base"];
    bool names_only = base_yaml.IsScalar() || base_yaml.IsSequence();
    if (base_yaml.IsSequence()) {
      for (const auto& item : base_yaml) names_only = names_only && item.IsScalar();
    }
    if (!names_only) {
      throw ConfigError(name + ":" + std::to_string(base_yaml.Mark().line + 1) +
                        ": base: expected a file name or a list of file names");
    }
    ConfigNode base_node(base_yaml, "base", nullptr);
    std::vector<std::string> bases;
    if (base_node.is_sequence()) {
      bases = base_node.as<std::vector<std::string>>();
    } else {
      bases.push_back(base_node.as<std::string>());
    }
    for (const auto& base : bases) {
      fs::path base_path = fs::path(base).is_absolute() ? fs::path(base) : folder / base;
      std::error_code status;
      if (!fs::exists(base_path, status)) {
        throw ConfigError(name + ":" + std::to_string(own["base"].Mark().line + 1) + ": base: file '" +
                          base_path.string() + "' " + (status ? "cannot be read: " + status.message() : "does not exist"));
      }
      LoadedConfig parent = load_file(base_path, chain);
      merge_into(result.root, parent.root);
      for (auto& [key, origin] : *parent.origins) (*result.origins)[key] = origin;
    }
  }
  // Origins come from `own`: clones carry no line marks.
  for (const auto& entry : own) {
    const std::string key = entry.first.as<std::string>();
    if (key == "base") continue;
    YAML::Node single(YAML::NodeType::Map);
    single[key] = entry.second;
    merge_into(result.root, single);
    record_origins(entry.second, key, name, *result.origins);
  }
  (*result.origins)[""] = name;
  return result;
}

}  // namespace

void apply_override(LoadedConfig& config, const std::string& assignment, const std::string& origin) {
  const std::string label = origin.empty() ? "--set " + assignment : origin;
  size_t equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw ConfigError(label + ": expected KEY=VALUE with a dotted key, e.g. model.num_classes=5");
  }
  std::string key = assignment.substr(0, equals);
  YAML::Node value;
  try {
    value = YAML::Load(assignment.substr(equals + 1));
  } catch (const YAML::ParserException& e) {
    throw ConfigError(label + ": the value is not valid YAML: " + e.msg);
  }

  std::vector<std::string> parts;
  std::stringstream stream(key);
  for (std::string part; std::getline(stream, part, '.');) {
    if (part.empty()) throw ConfigError(label + ": empty component in key '" + key + "'");
    parts.push_back(part);
  }
  YAML::Node node = config.root;
  std::string path;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    path += (i ? "." : "") + parts[i];
    YAML::Node next = node[parts[i]];
    if (next.IsDefined() && !next.IsNull() && !next.IsMap()) {
      throw ConfigError(label + ": '" + path + "' is not a mapping, so it has no key '" + parts[i + 1] + "'");
    }
    if (!next.IsDefined() || next.IsNull()) node[parts[i]] = YAML::Node(YAML::NodeType::Map);
    node.reset(node[parts[i]]);
  }
  node[parts.back()] = resolved_copy(value);
  record_origins(value, key, label, *config.origins);
  (*config.origins)[key] = label;
}

LoadedConfig load_config(const std::string& path, const std::vector<std::string>& overrides) {
  std::vector<fs::path> chain;
  try {
    LoadedConfig config = load_file(path, chain);
    for (const auto& assignment : overrides) apply_override(config, assignment);
    return config;
  } catch (const YAML::Exception& e) {
    // Whatever the checks above did not foresee still names the file.
    throw ConfigError((chain.empty() ? path : chain.back().string()) + ": " + e.what());
  } catch (const fs::filesystem_error& e) {
    throw ConfigError((chain.empty() ? path : chain.back().string()) + ": " + e.code().message() + " (" +
                      e.path1().string() + ")");
  }
}

LoadedConfig parse_config(const std::string& text, const std::string& name,
                          const std::vector<std::string>& overrides) {
  std::vector<fs::path> chain;
  LoadedConfig config = resolve(parse_yaml(text, name), name, fs::current_path(), chain);
  for (const auto& assignment : overrides) apply_override(config, assignment);
  return config;
}

}  // namespace sigvit
