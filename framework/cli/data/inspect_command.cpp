#include <boost/program_options.hpp>

#include <iostream>

#include "cli/parsing/command.h"
#include "data/profile/profile_report.h"

namespace po = boost::program_options;

namespace sigvit::cli {

int run_inspect(const std::vector<std::string>& args) {
  po::options_description options("usage: sigvit inspect DATA.h5 [--json]\n\noptions");
  options.add_options()
      ("help,h", "show this help")
      ("json", "print the figures as JSON");
  po::options_description hidden;
  hidden.add_options()("data", po::value<std::string>());
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("data", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << options
              << "\nPer split: cases, classes and their balance, lengths, and per channel mean, std, min and max,\n"
                 "and how well each case's mean level and scale tell the classes apart (one-way ANOVA:\n"
                 "eta^2, F, p). per_sample normalisation removes level and scale; the last line says whether\n"
                 "that loses what separates the classes of the train split.\n";
    return 0;
  }
  if (!vm.count("data")) throw po::error("missing DATA.h5");
  const DatasetProfile profile = profile_dataset(vm["data"].as<std::string>());
  std::cout << (vm.count("json") ? profile_json(profile) : format_profile(profile));
  return 0;
}

}  // namespace sigvit::cli
