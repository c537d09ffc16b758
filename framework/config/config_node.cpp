#include "config/config_node.h"

#include <algorithm>

#include "core/text.h"

namespace sigvit {

ConfigNode::ConfigNode(YAML::Node node, std::string path, std::shared_ptr<const ConfigOrigins> origins)
    : node_(std::move(node)), path_(std::move(path)), origins_(std::move(origins)) {}

bool ConfigNode::has(const std::string& key) const {
  if (!node_.IsMap()) return false;
  YAML::Node value = node_[key];
  return value.IsDefined() && !value.IsNull();
}

ConfigNode ConfigNode::child(const std::string& key) const {
  if (!node_.IsMap()) fail("expected a mapping with key '" + key + "'");
  return ConfigNode(node_[key], child_path(key), origins_);
}

std::vector<ConfigNode> ConfigNode::elements() const {
  if (!node_.IsSequence()) fail_type("a list");
  std::vector<ConfigNode> out;
  for (size_t i = 0; i < node_.size(); ++i) {
    out.emplace_back(node_[i], path_ + "[" + std::to_string(i) + "]", origins_);
  }
  return out;
}

std::vector<std::string> ConfigNode::keys() const {
  std::vector<std::string> out;
  if (node_.IsMap()) {
    for (const auto& entry : node_) out.push_back(entry.first.as<std::string>());
  }
  return out;
}

void ConfigNode::expect_keys(const std::vector<std::string>& allowed) const {
  if (node_.IsNull() || !node_.IsDefined()) return;
  if (!node_.IsMap()) fail_type("a mapping");
  for (const auto& key : keys()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    ConfigNode offending(node_[key], child_path(key), origins_);
    offending.fail(unknown_name("unknown key", key, allowed, "allowed keys"));
  }
}

std::string ConfigNode::child_path(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

std::string ConfigNode::where() const {
  std::string origin;
  if (origins_) {
    // A value set on the command line or in a file; fall back to the closest
    // ancestor whose origin is known (a key that is absent has none itself).
    std::string probe = path_;
    while (true) {
      auto found = origins_->find(probe);
      if (found != origins_->end()) {
        origin = found->second;
        break;
      }
      size_t cut = probe.find_last_of(".[");
      if (cut == std::string::npos) {
        auto root = origins_->find("");
        if (root != origins_->end()) origin = root->second;
        break;
      }
      probe = probe.substr(0, cut);
    }
  }
  std::string label = path_.empty() ? "(top level)" : path_;
  return origin.empty() ? label : origin + ": " + label;
}

void ConfigNode::fail(const std::string& message) const { throw ConfigError(where() + ": " + message); }

void ConfigNode::fail_type(const std::string& expected) const {
  std::string got;
  if (node_.IsScalar()) {
    got = "'" + node_.Scalar() + "'";
  } else if (node_.IsSequence()) {
    got = "a list";
  } else if (node_.IsMap()) {
    got = "a mapping";
  } else {
    got = "nothing";
  }
  fail("expected " + expected + ", got " + got);
}

void ConfigNode::fail_missing(const std::string& key) const {
  ConfigNode(YAML::Node(), child_path(key), origins_).fail("required key is missing");
}

}  // namespace sigvit
