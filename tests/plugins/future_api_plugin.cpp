// A plugin built against a newer plugin API than the framework's.
#include "sigvit/plugin_api.h"

extern "C" __attribute__((visibility("default"))) int sigvit_plugin_register(sigvit::PluginRegistrar*, int) {
  return SIGVIT_PLUGIN_API_VERSION + 1;
}
