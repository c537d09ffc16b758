#include <boost/program_options.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>

#include "cli/parsing/command.h"
#include "core/text.h"
#include "data/convert/converter_registry.h"
#include "data/format/dataset_reader.h"
#include "data/format/dataset_writer.h"
#include "sigvit/error.h"

namespace po = boost::program_options;

namespace sigvit::cli {
namespace {

// Every converter's options, each name once: the command line is parsed
// before the format is known, and the registry then checks which apply.
po::options_description converter_options(const ConverterRegistry& registry) {
  po::options_description options("format options (sigvit convert --list says which apply to which format)");
  std::set<std::string> added;
  for (const auto& [format, spec] : registry.entries()) {
    for (const auto& option : spec.options) {
      if (!added.insert(option.name).second) continue;
      if (option.flag) {
        options.add_options()(option.name.c_str(), option.description.c_str());
      } else {
        options.add_options()(option.name.c_str(), po::value<std::string>(), option.description.c_str());
      }
    }
  }
  return options;
}

void print_formats(const ConverterRegistry& registry) {
  for (const auto& [format, spec] : registry.entries()) {
    std::cout << format << ": " << spec.description << "\n  INPUT: " << spec.inputs << '\n';
    for (const auto& option : spec.options) {
      std::string usage = "--" + option.name + (option.flag ? "" : " VALUE");
      std::cout << "  " << std::left << std::setw(26) << usage << option.description;
      if (!option.default_value.empty()) std::cout << " (default: " << option.default_value << ")";
      std::cout << '\n';
    }
  }
}

// "a 12, b 3": how many cases of each class, so that a skew shows at once.
std::string class_counts(const DatasetReader& reader, const std::string& split) {
  std::vector<int64_t> counts(reader.info().class_names.size(), 0);
  for (int64_t label : reader.read_labels(split)) ++counts[static_cast<size_t>(label)];
  const auto& names = reader.info().class_names;
  if (counts.size() > 10) {
    const auto [fewest, most] = std::minmax_element(counts.begin(), counts.end());
    return "from " + std::to_string(*fewest) + " (" + names[static_cast<size_t>(fewest - counts.begin())] + ") to " +
           std::to_string(*most) + " (" + names[static_cast<size_t>(most - counts.begin())] + ")";
  }
  std::vector<std::string> parts;
  for (size_t i = 0; i < counts.size(); ++i) parts.push_back(names[i] + " " + std::to_string(counts[i]));
  return join(parts, ", ");
}

void print_summary(const std::string& out, double seconds) {
  const DatasetReader reader(out);
  const DatasetInfo& info = reader.info();
  const auto bytes = static_cast<int64_t>(std::filesystem::file_size(out));
  std::cout << "wrote " << out << " (" << with_thousands(bytes) << " bytes) in " << std::fixed << std::setprecision(2)
            << seconds << " s: " << std::defaultfloat << std::setprecision(6)
            << to_string(info.kind) << ", " << info.class_names.size() << " classes (" << join(info.class_names, ", ")
            << ")";
  if (info.sample_rate) std::cout << ", " << *info.sample_rate << " Hz";
  std::cout << '\n';
  for (const auto& split : reader.splits()) {
    std::vector<int64_t> shape{split.num_cases};
    shape.insert(shape.end(), split.case_shape.begin(), split.case_shape.end());
    std::cout << "  " << split.name << ": N=" << split.num_cases << " x " << shape_to_string(shape) << ' '
              << to_string(split.encoding.type) << (split.has_lengths ? ", padded (length recorded)" : "")
              << (split.has_groups ? ", recordings recorded (group)" : "") << ", per class "
              << class_counts(reader, split.name) << '\n';
  }
}

}  // namespace

int run_convert(const std::vector<std::string>& args) {
  const ConverterRegistry& registry = builtin_converters();
  po::options_description options("usage: sigvit convert FORMAT INPUT... -o OUT.h5 [options]\n"
                                  "       sigvit convert --list\n\noptions");
  options.add_options()
      ("help,h", "show this help")
      ("list", "list the formats with their inputs and options")
      ("output,o", po::value<std::string>(), "the HDF5 file to write (replaced only once complete)")
      ("source", po::value<std::string>(), "root attribute 'source' (where the data came from)")
      ("license", po::value<std::string>(), "root attribute 'license'");
  const po::options_description format_options = converter_options(registry);
  po::options_description hidden;
  hidden.add_options()("format", po::value<std::string>())("input", po::value<std::vector<std::string>>());
  po::options_description visible;
  visible.add(options).add(format_options);
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("format", 1).add("input", -1);

  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << visible << "\nThe layout of OUT.h5 and examples: datasets/README.md\n";
    return 0;
  }
  if (vm.count("list")) {
    print_formats(registry);
    return 0;
  }
  const std::string expected = " (" + join(registry.formats(), ", ") + ")";
  if (!vm.count("format")) throw po::error("missing FORMAT" + expected);
  if (!vm.count("input")) throw po::error("missing INPUT");
  if (!vm.count("output")) throw po::error("missing -o OUT.h5");
  const std::string format = vm["format"].as<std::string>();
  std::map<std::string, std::string> given;
  for (const auto& option : format_options.options()) {
    const std::string& name = option->long_name();
    if (!vm.count(name)) continue;
    const auto* text = boost::any_cast<std::string>(&vm[name].value());
    given[name] = text ? *text : "true";
  }
  const ConverterSpec& converter = registry.find(format);
  const ConverterArguments arguments = registry.arguments(format, given);

  const auto start = std::chrono::steady_clock::now();
  DatasetContent content = converter.convert(vm["input"].as<std::vector<std::string>>(), arguments);
  if (vm.count("source")) content.info.source = vm["source"].as<std::string>();
  if (vm.count("license")) content.info.license = vm["license"].as<std::string>();
  const std::string out = vm["output"].as<std::string>();
  write_dataset(out, content);
  for (const std::string& note : content.notes) std::cout << "note: " << note << '\n';
  print_summary(out, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}

}  // namespace sigvit::cli
