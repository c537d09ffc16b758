#include "model/api/config_options.h"

namespace sigvit {

bool ConfigOptions::is_list(const std::string& key) const { return node_.has(key) && node_.child(key).is_sequence(); }

void ConfigOptions::fail(const std::string& key, const std::string& message) const {
  node_.child(key).fail(message);
}

}  // namespace sigvit
