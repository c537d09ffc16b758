#pragma once

#include <string>
#include <vector>

#include "config/config_node.h"
#include "sigvit/options.h"

namespace sigvit {

// The host's side of the plugin SDK's Options: reads an embedder's options from
// its config node, so every error names the file, the line and the key.
class ConfigOptions : public Options {
 public:
  explicit ConfigOptions(ConfigNode node) : node_(std::move(node)) {}

  bool has(const std::string& key) const override { return node_.has(key); }
  bool is_list(const std::string& key) const override;
  int64_t integer(const std::string& key) const override { return node_.require<int64_t>(key); }
  double number(const std::string& key) const override { return node_.require<double>(key); }
  bool flag(const std::string& key) const override { return node_.require<bool>(key); }
  std::string text(const std::string& key) const override { return node_.require<std::string>(key); }
  std::vector<int64_t> integers(const std::string& key) const override {
    return node_.require<std::vector<int64_t>>(key);
  }
  std::vector<double> numbers(const std::string& key) const override {
    return node_.require<std::vector<double>>(key);
  }
  [[noreturn]] void fail(const std::string& key, const std::string& message) const override;

 private:
  ConfigNode node_;
};

}  // namespace sigvit
