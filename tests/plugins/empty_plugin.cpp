// A plugin whose entry point registers nothing.
#include "sigvit/plugin_api.h"

SIGVIT_PLUGIN(registrar) { (void)registrar; }
