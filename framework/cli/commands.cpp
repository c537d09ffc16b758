#include "cli/command.h"

namespace sigvit::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> all{
      {"summary", "per-layer table, parameter counts, memory and GFLOPs of a model config", run_summary},
      {"plugins", "list the registered embedders with their options and origin", run_plugins},
      {"convert", "convert ucr/uea, idx (mnist), wav or csv data to the HDF5 data-set layout", run_convert},
  };
  return all;
}

}  // namespace sigvit::cli
