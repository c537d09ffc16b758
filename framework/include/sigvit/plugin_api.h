#pragma once

// The interface between sigvit and a plugin library. A plugin is a shared
// library that exports one C entry point, `sigvit_plugin_register`, which the
// SIGVIT_PLUGIN macro below defines. The framework's own embedders are plugins
// built this way, loaded from <libdir>/sigvit/plugins.

#include "sigvit/embedder_spec.h"

/// Covers every type and function declared under include/sigvit/ (docs/plugins.md,
/// "ABI policy"). Raised whenever one of them changes incompatibly.
/// 2: builders read sigvit::Options instead of the host's YAML-backed ConfigNode;
///    padding and tracing helpers joined the SDK.
#define SIGVIT_PLUGIN_API_VERSION 2

namespace sigvit {

/// Collects what one plugin library registers.
class PluginRegistrar {
 public:
  virtual ~PluginRegistrar() = default;
  /// Registers one embedder; a name another plugin took is an error naming both.
  virtual void add_embedder(EmbedderSpec spec) = 0;
};

}  // namespace sigvit

/// The entry point: registers the plugin's embedders only when the host's API
/// version equals the one the plugin was compiled against, and returns the
/// latter so the host can explain a mismatch.
extern "C" {
typedef int (*sigvit_plugin_register_fn)(sigvit::PluginRegistrar* registrar, int host_api_version);
}

#define SIGVIT_PLUGIN_ENTRY_SYMBOL "sigvit_plugin_register"

/// Usage, in exactly one source file of a plugin:
///   SIGVIT_PLUGIN(registrar) { registrar.add_embedder(my_embedder_spec()); }
#define SIGVIT_PLUGIN(registrar)                                                              \
  static void sigvit_plugin_body(sigvit::PluginRegistrar& registrar);                         \
  extern "C" __attribute__((visibility("default"))) int sigvit_plugin_register(               \
      sigvit::PluginRegistrar* host_registrar, int host_api_version) {                        \
    if (host_api_version == SIGVIT_PLUGIN_API_VERSION) sigvit_plugin_body(*host_registrar);   \
    return SIGVIT_PLUGIN_API_VERSION;                                                         \
  }                                                                                           \
  static void sigvit_plugin_body(sigvit::PluginRegistrar& registrar)
