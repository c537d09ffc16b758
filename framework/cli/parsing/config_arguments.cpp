#include "cli/parsing/config_arguments.h"

namespace po = boost::program_options;

namespace sigvit::cli {

po::variables_map parse_config_arguments(const std::vector<std::string>& args, const po::options_description& options) {
  po::options_description hidden;
  hidden.add_options()("config", po::value<std::string>());
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("config", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (!vm.count("help") && !vm.count("config")) throw po::error("missing CONFIG");
  return vm;
}

po::variables_map parse_checkpoint_input_arguments(const std::vector<std::string>& args,
                                                   const po::options_description& options) {
  po::options_description hidden;
  hidden.add_options()("input", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) return vm;
  if (!vm.count("checkpoint")) throw po::error("missing --checkpoint FILE");
  if (!vm.count("input")) throw po::error("no INPUT file given");
  return vm;
}

std::vector<std::string> overrides_of(const po::variables_map& vm) {
  return vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
}

}  // namespace sigvit::cli
