#include "cli/command.h"

namespace sigvit::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> all{
      {"summary", "per-layer table, parameter counts, memory and GFLOPs of a model config", run_summary},
      {"plugins", "list the registered embedders with their options and origin", run_plugins},
  };
  return all;
}

}  // namespace sigvit::cli
