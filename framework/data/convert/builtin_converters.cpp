// The one file that knows every built-in converter and its command-line options.

#include <optional>

#include "data/convert/converter_registry.h"
#include "data/convert/csv_converter.h"
#include "data/convert/idx_converter.h"
#include "data/convert/ucr_converter.h"
#include "data/convert/wav_converter.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

DatasetContent ucr(const std::vector<std::string>& inputs, const ConverterArguments& arguments) {
  return convert_ucr(inputs, {parse_missing_policy(arguments.text("missing"))});
}

DatasetContent idx(const std::vector<std::string>& inputs, const ConverterArguments& arguments) {
  IdxOptions options;
  if (arguments.has("class-names")) options.class_names = arguments.list("class-names");
  std::optional<IdxPreset> preset;
  if (arguments.has("preset")) {
    if (!options.class_names.empty()) throw Error("give --preset or --class-names, not both");
    preset = idx_preset(arguments.text("preset"));
    options.class_names = preset->class_names;
  }
  options.storage = parse_storage_type(arguments.text("dtype"), "--dtype");
  DatasetContent content = convert_idx(inputs, options);
  if (preset) {
    content.info.source = preset->source;
    content.info.license = preset->license;
  }
  return content;
}

DatasetContent wav(const std::vector<std::string>& inputs, const ConverterArguments& arguments) {
  WavOptions options;
  options.pattern = arguments.text("pattern");
  if (arguments.has("split-by")) options.split.rule = parse_split_rule(arguments.text("split-by"));
  if (arguments.has("test-speakers")) options.split.test_speakers = arguments.list("test-speakers");
  if (arguments.has("split-fraction")) {
    options.split.rule = SplitRule::fraction;
    options.split.test_fraction = arguments.number("split-fraction");
  }
  options.split.seed = arguments.unsigned_integer("seed");
  if (arguments.has("length")) options.length = arguments.integer("length");
  if (arguments.has("sample-rate")) options.sample_rate = arguments.number("sample-rate");
  options.resample = arguments.flag("resample");
  options.storage = parse_storage_type(arguments.text("dtype"), "--dtype");
  return convert_wav(inputs, options);
}

DatasetContent csv(const std::vector<std::string>& inputs, const ConverterArguments& arguments) {
  CsvOptions options;
  options.label_column = arguments.text("label-column");
  options.channels = arguments.integer("channels");
  if (arguments.has("class-names")) options.class_names = arguments.list("class-names");
  if (arguments.has("split-fraction")) options.test_fraction = arguments.number("split-fraction");
  options.seed = arguments.unsigned_integer("seed");
  return convert_csv(inputs, options);
}

const ConverterOption class_names{"class-names", "", "comma-separated class names, in label order"};
const ConverterOption seed{"seed", "0", "seed of --split-fraction"};
const ConverterOption split_fraction{"split-fraction", "", "fraction of cases drawn at random for the test split"};

}  // namespace

void add_builtin_converters(ConverterRegistry& registry) {
  registry.add({"ucr",
                "UCR/UEA time-series archive files (.ts, or .tsv for the univariate archive)",
                "NAME_TRAIN.ts NAME_TEST.ts (or .tsv), or a folder holding them",
                {{"missing", "interpolate", "interpolate | zero: what replaces ?/NaN"}},
                ucr});
  registry.add({"idx",
                "IDX image files (MNIST, Fashion-MNIST)",
                "TRAIN_IMAGES TRAIN_LABELS TEST_IMAGES TEST_LABELS (IDX, .gz or plain), or a folder",
                {{"preset", "", "fashion-mnist | mnist: class names and the data set's credits"},
                 class_names,
                 {"dtype", "uint8", "stored type of x: uint8 | float32"}},
                idx});
  registry.add({"wav",
                "a folder of WAV files, labels and speakers in their names (FSDD)",
                "a folder of WAV files, or WAV files",
                {{"pattern", "{label}_{speaker}_{index}.wav", "file names: {label}, {speaker}, {index}"},
                 {"split-by", "",
                  "index (index 0-4 test, FSDD's split; default when the pattern has {index}) | speaker | fraction"},
                 {"test-speakers", "", "comma-separated speakers of the test split (--split-by speaker)"},
                 split_fraction,
                 seed,
                 {"length", "", "pad (zeros) or crop (from the start) every signal to N samples"},
                 {"sample-rate", "", "expected sample rate in Hz (default: that of the first file)"},
                 {"resample", "", "resample files of another rate (linear interpolation) instead of refusing them",
                  true},
                 {"dtype", "float32", "stored type of x: float32 | int16"}},
                wav});
  registry.add({"csv",
                "CSV tables, one case per row",
                "TRAIN.csv TEST.csv [VAL.csv], or one file with --split-fraction",
                {{"label-column", "label", "name of the label column"},
                 {"channels", "1", "split each row's values row-major into C channels"},
                 class_names,
                 split_fraction,
                 seed},
                csv});
}

}  // namespace sigvit
