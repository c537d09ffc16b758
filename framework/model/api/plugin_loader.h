#pragma once

#include <string>
#include <vector>

#include "model/api/embedder_registry.h"

namespace sigvit {

// Loads a plugin library and adds what it registers to `registry`, all or
// nothing. Every failure names the file: the library cannot be loaded (with the
// dynamic loader's message), has no entry point, was built for another API
// version, registers a name already taken, or registers nothing. Loading the
// same file twice into one registry is a no-op.
void load_plugin(const std::string& path, EmbedderRegistry& registry);

// The folder of the built-in embedder plugins: $SIGVIT_BUILTIN_PLUGIN_DIR when
// set, else <folder of the sigvit library>/sigvit/plugins.
std::string builtin_plugin_dir();

// A registry holding every plugin found in builtin_plugin_dir().
EmbedderRegistry registry_with_builtins();

// Loads the plugins a config lists under `plugins:`. A relative path is looked
// up beside the config file, then in each folder of $SIGVIT_PLUGIN_PATH.
// Returns the absolute paths of the libraries it loaded, in order.
std::vector<std::string> load_config_plugins(const ConfigNode& root, const std::string& config_file,
                                             EmbedderRegistry& registry);

}  // namespace sigvit
