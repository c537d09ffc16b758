#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sigvit/error.h"

namespace sigvit {

// Where each value of a resolved config came from ("experiment.yaml:12" or
// "--set model.depth=4"), keyed by dotted path.
using ConfigOrigins = std::map<std::string, std::string>;

// A view of one node of a resolved config that knows its dotted path and its
// origin, so that every error it raises names the file, the line and the key.
class ConfigNode {
 public:
  ConfigNode(YAML::Node node, std::string path, std::shared_ptr<const ConfigOrigins> origins);

  bool has(const std::string& key) const;
  ConfigNode child(const std::string& key) const;
  std::vector<ConfigNode> elements() const;
  std::vector<std::string> keys() const;

  template <typename T>
  T as() const {
    try {
      return node_.as<T>();
    } catch (const YAML::Exception&) {
      fail_type(type_description<T>());
    }
  }
  template <typename T>
  T get(const std::string& key, const T& fallback) const {
    return has(key) ? child(key).as<T>() : fallback;
  }
  template <typename T>
  std::optional<T> get_optional(const std::string& key) const {
    if (!has(key)) return std::nullopt;
    return child(key).as<T>();
  }
  template <typename T>
  T require(const std::string& key) const {
    if (!has(key)) fail_missing(key);
    return child(key).as<T>();
  }

  // Rejects keys outside `allowed`, suggesting the closest allowed key.
  void expect_keys(const std::vector<std::string>& allowed) const;

  bool is_map() const { return node_.IsMap(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }
  const YAML::Node& yaml() const { return node_; }
  const std::string& path() const { return path_; }
  const std::shared_ptr<const ConfigOrigins>& origins() const { return origins_; }
  // "file.yaml:12: model.encoder.depth" (the prefix of every message about this node).
  std::string where() const;
  [[noreturn]] void fail(const std::string& message) const;

 private:
  [[noreturn]] void fail_type(const std::string& expected) const;
  [[noreturn]] void fail_missing(const std::string& key) const;
  std::string child_path(const std::string& key) const;

  template <typename T>
  static std::string type_description();

  YAML::Node node_;
  std::string path_;
  std::shared_ptr<const ConfigOrigins> origins_;
};

template <> inline std::string ConfigNode::type_description<int64_t>() { return "an integer"; }
template <> inline std::string ConfigNode::type_description<int>() { return "an integer"; }
template <> inline std::string ConfigNode::type_description<double>() { return "a number"; }
template <> inline std::string ConfigNode::type_description<bool>() { return "true or false"; }
template <> inline std::string ConfigNode::type_description<std::string>() { return "a string"; }
template <> inline std::string ConfigNode::type_description<std::vector<int64_t>>() {
  return "a list of integers";
}
template <> inline std::string ConfigNode::type_description<std::vector<double>>() {
  return "a list of numbers";
}
template <> inline std::string ConfigNode::type_description<std::vector<std::string>>() {
  return "a list of strings";
}

}  // namespace sigvit
