#include "model/api/embedder_registry.h"

#include "core/text.h"
#include "model/api/config_options.h"
#include "sigvit/error.h"

namespace sigvit {

void EmbedderRegistry::add(EmbedderSpec spec, const std::string& origin) {
  if (spec.name.empty()) throw Error(origin + ": an embedder was registered without a name");
  if (!spec.build) throw Error(origin + ": embedder '" + spec.name + "' was registered without a builder");
  auto existing = entries_.find(spec.name);
  if (existing != entries_.end()) {
    throw Error(origin + ": embedder '" + spec.name + "' is already registered by " + existing->second.origin);
  }
  std::string name = spec.name;
  entries_.emplace(name, Entry{std::move(spec), origin});
}

const EmbedderRegistry::Entry& EmbedderRegistry::find(const std::string& name, const ConfigNode& where) const {
  auto found = entries_.find(name);
  if (found != entries_.end()) return found->second;
  where.fail(unknown_name("unknown embedder", name, names(), "registered embedders"));
}

std::vector<std::string> EmbedderRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& entry : entries_) out.push_back(entry.first);
  return out;
}

std::shared_ptr<Embedder> EmbedderRegistry::create(const ConfigNode& node, const EmbedderContext& context) const {
  std::string name = node.require<std::string>("name");
  const Entry& entry = find(name, node.child("name"));

  std::vector<std::string> allowed{"name"};
  for (const auto& option : entry.spec.options) allowed.push_back(option.name);
  node.expect_keys(allowed);

  // Fill defaults into a copy so the builder sees every declared option.
  YAML::Node filled = YAML::Clone(node.yaml());
  for (const auto& option : entry.spec.options) {
    if (node.has(option.name) || option.default_value.empty()) continue;
    filled[option.name] = YAML::Load(option.default_value);
  }
  const ConfigOptions options(ConfigNode(filled, node.path(), node.origins()));
  std::shared_ptr<Embedder> embedder = entry.spec.build(options, context);
  if (!embedder) node.fail("embedder '" + name + "' (" + entry.origin + ") built nothing");
  return embedder;
}

}  // namespace sigvit
