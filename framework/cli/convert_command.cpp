#include <boost/program_options.hpp>

#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>

#include "cli/command.h"
#include "core/text.h"
#include "data/convert/csv_converter.h"
#include "data/convert/idx_converter.h"
#include "data/convert/ucr_converter.h"
#include "data/convert/wav_converter.h"
#include "data/format/dataset_reader.h"
#include "data/format/dataset_writer.h"
#include "data/sources/text_fields.h"
#include "sigvit/error.h"

namespace po = boost::program_options;

namespace sigvit::cli {
namespace {

// Options that only make sense for some formats; using one elsewhere is an error.
const std::map<std::string, std::set<std::string>> format_options{
    {"missing", {"ucr"}},
    {"preset", {"idx"}},
    {"class-names", {"idx", "csv"}},
    {"dtype", {"idx", "wav"}},
    {"pattern", {"wav"}},
    {"split-by", {"wav"}},
    {"test-speakers", {"wav"}},
    {"split-fraction", {"wav", "csv"}},
    {"seed", {"wav", "csv"}},
    {"length", {"wav"}},
    {"sample-rate", {"wav"}},
    {"resample", {"wav"}},
    {"label-column", {"csv"}},
    {"channels", {"csv"}},
};

std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> items;
  for (const auto& item : split_fields(text, ',')) items.push_back(trim(item));
  return items;
}

DatasetContent convert(const std::string& format, const std::vector<std::string>& inputs, const po::variables_map& vm) {
  auto class_names = [&]() -> std::vector<std::string> {
    if (vm.count("class-names")) return comma_list(vm["class-names"].as<std::string>());
    return {};
  };
  if (format == "ucr") return convert_ucr(inputs, {parse_missing_policy(vm["missing"].as<std::string>())});
  if (format == "idx") {
    IdxOptions options;
    options.class_names = class_names();
    if (vm.count("preset")) {
      if (!options.class_names.empty()) throw Error("give --preset or --class-names, not both");
      options.class_names = idx_preset_class_names(vm["preset"].as<std::string>());
    }
    if (vm.count("dtype")) options.storage = parse_storage_type(vm["dtype"].as<std::string>(), "--dtype");
    DatasetContent content = convert_idx(inputs, options);
    if (vm.count("preset") && vm["preset"].as<std::string>() == "fashion-mnist") {
      content.info.source = "Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017)";
      content.info.license = "MIT";
    }
    return content;
  }
  if (format == "wav") {
    WavOptions options;
    options.pattern = vm["pattern"].as<std::string>();
    if (vm.count("split-by")) options.split.rule = parse_split_rule(vm["split-by"].as<std::string>());
    if (vm.count("test-speakers")) options.split.test_speakers = comma_list(vm["test-speakers"].as<std::string>());
    if (vm.count("split-fraction")) {
      options.split.rule = SplitRule::fraction;
      options.split.test_fraction = vm["split-fraction"].as<double>();
    }
    options.split.seed = vm["seed"].as<uint64_t>();
    if (vm.count("length")) options.length = vm["length"].as<int64_t>();
    if (vm.count("sample-rate")) options.sample_rate = vm["sample-rate"].as<double>();
    options.resample = vm.count("resample") > 0;
    if (vm.count("dtype")) options.storage = parse_storage_type(vm["dtype"].as<std::string>(), "--dtype");
    return convert_wav(inputs, options);
  }
  if (format == "csv") {
    CsvOptions options;
    options.label_column = vm["label-column"].as<std::string>();
    options.channels = vm["channels"].as<int64_t>();
    options.class_names = class_names();
    if (vm.count("split-fraction")) options.test_fraction = vm["split-fraction"].as<double>();
    options.seed = vm["seed"].as<uint64_t>();
    return convert_csv(inputs, options);
  }
  throw po::error("unknown FORMAT '" + format + "', expected ucr, idx, wav or csv");
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
              << to_string(split.encoding.type) << (split.has_lengths ? ", padded (length recorded)" : "") << '\n';
  }
}

}  // namespace

int run_convert(const std::vector<std::string>& args) {
  po::options_description options("usage: sigvit convert FORMAT INPUT... -o OUT.h5 [options]\n\noptions");
  options.add_options()
      ("help,h", "show this help")
      ("output,o", po::value<std::string>(), "the HDF5 file to write (replaced only once complete)")
      ("source", po::value<std::string>(), "root attribute 'source' (where the data came from)")
      ("license", po::value<std::string>(), "root attribute 'license'");
  po::options_description ucr("ucr: NAME_TRAIN.ts NAME_TEST.ts (or .tsv), or a folder holding them");
  ucr.add_options()
      ("missing", po::value<std::string>()->default_value("interpolate"), "interpolate | zero: what replaces ?/NaN");
  po::options_description idx("idx: TRAIN_IMAGES TRAIN_LABELS TEST_IMAGES TEST_LABELS (IDX, .gz or plain), or a folder");
  idx.add_options()
      ("preset", po::value<std::string>(), "fashion-mnist | mnist: class names (and credits)")
      ("class-names", po::value<std::string>(), "comma-separated class names, in label order (idx, csv)")
      ("dtype", po::value<std::string>(), "stored type of x: idx uint8 (default) | float32; wav float32 (default) | int16");
  po::options_description wav("wav: a folder of WAV files");
  wav.add_options()
      ("pattern", po::value<std::string>()->default_value("{label}_{speaker}_{index}.wav"), "file names: {label}, {speaker}, {index}")
      ("split-by", po::value<std::string>(), "index (index 0-4 test, FSDD's split; default when the pattern has {index}) | speaker | fraction")
      ("test-speakers", po::value<std::string>(), "comma-separated speakers of the test split (--split-by speaker)")
      ("split-fraction", po::value<double>(), "fraction of cases drawn at random for the test split (wav, csv)")
      ("seed", po::value<uint64_t>()->default_value(0), "seed of --split-fraction")
      ("length", po::value<int64_t>(), "pad (zeros) or crop (from the start) every signal to N samples")
      ("sample-rate", po::value<double>(), "expected sample rate in Hz (default: that of the first file)")
      ("resample", "resample files of another rate (linear interpolation) instead of refusing them");
  po::options_description csv("csv: TRAIN.csv TEST.csv [VAL.csv], or one file with --split-fraction");
  csv.add_options()
      ("label-column", po::value<std::string>()->default_value("label"), "name of the label column")
      ("channels", po::value<int64_t>()->default_value(1), "split each row's values row-major into C channels");
  po::options_description hidden;
  hidden.add_options()("format", po::value<std::string>())("input", po::value<std::vector<std::string>>());
  po::options_description visible;
  visible.add(options).add(ucr).add(idx).add(wav).add(csv);
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
  if (!vm.count("format")) throw po::error("missing FORMAT (ucr, idx, wav or csv)");
  if (!vm.count("input")) throw po::error("missing INPUT");
  if (!vm.count("output")) throw po::error("missing -o OUT.h5");
  const std::string format = vm["format"].as<std::string>();
  for (const auto& [option, formats] : format_options)
    if (vm.count(option) && !vm[option].defaulted() && !formats.count(format))
      throw po::error("--" + option + " does not apply to format " + format);

  const auto start = std::chrono::steady_clock::now();
  DatasetContent content = convert(format, vm["input"].as<std::vector<std::string>>(), vm);
  if (vm.count("source")) content.info.source = vm["source"].as<std::string>();
  if (vm.count("license")) content.info.license = vm["license"].as<std::string>();
  const std::string out = vm["output"].as<std::string>();
  write_dataset(out, content);
  print_summary(out, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}

}  // namespace sigvit::cli
