// A plugin built against version 1 of the plugin API, before builders read
// sigvit::Options: its SIGVIT_PLUGIN entry point registers nothing for a host
// of another version and answers with the version it was built for.
#include "sigvit/plugin_api.h"

extern "C" __attribute__((visibility("default"))) int sigvit_plugin_register(sigvit::PluginRegistrar*, int) {
  return 1;
}
