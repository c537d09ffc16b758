#include <boost/program_options.hpp>

#include <iostream>

#include "cli/command.h"
#include "config/config_loader.h"
#include "model/model_factory.h"
#include "plugin/plugin_loader.h"
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
  po::options_description hidden;
  hidden.add_options()("config", po::value<std::string>());
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("config", 1);

  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << options << "\nCONFIG is a YAML file with a `model:` section, e.g. configs/models/vit_base_patch16_224.yaml\n";
    return 0;
  }
  if (!vm.count("config")) throw po::error("missing CONFIG");

  configure_threads(vm["threads"].as<int>());
  const std::string path = vm["config"].as<std::string>();
  auto overrides = vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
  LoadedConfig config = load_config(path, overrides);

  EmbedderRegistry registry = registry_with_builtins();
  load_config_plugins(config.node(), path, registry);
  auto model = build_model(config.node().child("model"), registry);
  std::cout << format_summary(summarize(*model));
  return 0;
}

}  // namespace sigvit::cli
