#include <boost/program_options.hpp>

#include <iostream>

#include "cli/parsing/command.h"
#include "cli/parsing/config_arguments.h"
#include "config/config_loader.h"
#include "model/builtin_models.h"
#include "runtime/threads.h"
#include "summary/model_summary.h"

namespace po = boost::program_options;

namespace sigvit::cli {

int run_summary(const std::vector<std::string>& args) {
  po::options_description options("usage: sigvit summary CONFIG [--set KEY=VALUE]...\n\noptions");
  options.add_options()
      ("help,h", "show this help")
      ("set", po::value<std::vector<std::string>>()->composing(), "override a config key, e.g. --set model.num_classes=5")
      ("threads", po::value<int>()->default_value(0), "intra-op threads (0: all cores)");
  const po::variables_map vm = parse_config_arguments(args, options);
  if (vm.count("help")) {
    std::cout << options << "\nCONFIG is a YAML file with a `model:` section, e.g. configs/models/vit_base_patch16_224.yaml\n";
    return 0;
  }

  configure_threads(vm["threads"].as<int>());
  const std::string path = vm["config"].as<std::string>();
  auto overrides = overrides_of(vm);
  LoadedConfig config = load_config(path, overrides);

  auto model = build_model_from_config(config.node(), path);
  std::cout << format_summary(summarize(*model));
  return 0;
}

}  // namespace sigvit::cli
