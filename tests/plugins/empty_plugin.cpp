// A plugin whose entry point registers nothing.
#include "plugin/plugin_api.h"

SIGVIT_PLUGIN(registrar) { (void)registrar; }
