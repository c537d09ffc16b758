#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/config_node.h"
#include "sigvit/embedder_spec.h"

namespace sigvit {

// Maps a YAML name (`model.embedder.name`) to the spec that builds it.
class EmbedderRegistry {
 public:
  struct Entry {
    EmbedderSpec spec;
    std::string origin;  // the plugin library that registered it
  };

  // Throws sigvit::Error if the name is taken, naming both origins.
  void add(EmbedderSpec spec, const std::string& origin);

  bool contains(const std::string& name) const { return entries_.count(name) > 0; }
  // Throws sigvit::ConfigError (listing the registered names) for an unknown name.
  const Entry& find(const std::string& name, const ConfigNode& where) const;
  std::vector<std::string> names() const;
  const std::map<std::string, Entry>& entries() const { return entries_; }

  // Builds the embedder `node` describes: {name: ..., <options>}.
  std::shared_ptr<Embedder> create(const ConfigNode& node, const EmbedderContext& context) const;

  // Plugin libraries already loaded into this registry (canonical paths).
  std::vector<std::string>& loaded_libraries() { return loaded_libraries_; }

 private:
  std::map<std::string, Entry> entries_;
  std::vector<std::string> loaded_libraries_;
};

}  // namespace sigvit
