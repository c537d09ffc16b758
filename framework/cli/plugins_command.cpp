#include <boost/program_options.hpp>

#include <algorithm>
#include <iomanip>
#include <iostream>

#include "cli/parsing/command.h"
#include "model/api/plugin_loader.h"

namespace po = boost::program_options;

namespace sigvit::cli {

int run_plugins(const std::vector<std::string>& args) {
  po::options_description options("usage: sigvit plugins [--load PATH]...\n\noptions");
  options.add_options()
      ("help,h", "show this help")
      ("load", po::value<std::vector<std::string>>()->composing(), "also load this plugin library");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(options).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << options << "\nLists every registered embedder with its options, defaults and origin.\n";
    return 0;
  }

  EmbedderRegistry registry = registry_with_builtins();
  if (vm.count("load")) {
    for (const auto& path : vm["load"].as<std::vector<std::string>>()) load_plugin(path, registry);
  }
  for (const auto& [name, entry] : registry.entries()) {
    std::cout << name << "\n  " << entry.spec.description << "\n  from " << entry.origin << '\n';
    size_t width = 0;
    for (const auto& option : entry.spec.options) width = std::max(width, option.name.size());
    for (const auto& option : entry.spec.options) {
      const std::string fallback = option.default_value.empty() ? "(required)" : option.default_value;
      std::cout << "    " << std::left << std::setw(width + 2) << option.name << std::setw(16) << fallback
                << option.description << '\n';
    }
    std::cout << '\n';
  }
  return 0;
}

}  // namespace sigvit::cli
