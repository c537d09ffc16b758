#pragma once

#include <boost/program_options.hpp>

#include <string>
#include <vector>

namespace sigvit::cli {

// Parses the arguments of a command that takes one positional CONFIG besides
// `options`. With --help the caller prints its help; otherwise a missing
// CONFIG is a usage error.
boost::program_options::variables_map parse_config_arguments(
    const std::vector<std::string>& args, const boost::program_options::options_description& options);

// Parses the arguments of a command that reads a --checkpoint (declared in
// `options`) and takes INPUT files besides. With --help the caller prints its
// help; otherwise a missing --checkpoint or INPUT is a usage error.
boost::program_options::variables_map parse_checkpoint_input_arguments(
    const std::vector<std::string>& args, const boost::program_options::options_description& options);

// The --set overrides given, in order.
std::vector<std::string> overrides_of(const boost::program_options::variables_map& vm);

}  // namespace sigvit::cli
