// The one file that knows every built-in converter and its command-line options.

#include <optional>

#include "data/convert/converter_registry.h"
#include "data/convert/csv_converter.h"
#include "data/convert/edf_converter.h"
#include "data/convert/h5_converter.h"
#include "data/convert/idx_converter.h"
#include "data/convert/mat_converter.h"
#include "data/convert/npy_converter.h"
#include "data/convert/ucr_converter.h"
#include "data/convert/shared_options.h"
#include "data/convert/wav_converter.h"
#include "data/sources/csv_table.h"
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
  if (arguments.has("labels")) options.labels = parse_audio_labels(arguments.text("labels"));
  options.pattern = arguments.text("pattern");
  if (arguments.has("split-by")) options.split.rule = parse_split_rule(arguments.text("split-by"));
  if (arguments.has("test-speakers")) options.split.test_speakers = arguments.list("test-speakers");
  options.assembly = parse_assembly_options(arguments);
  if (options.assembly.test_fraction) {
    options.split.rule = SplitRule::fraction;
    options.split.test_fraction = *options.assembly.test_fraction;
    options.assembly.test_fraction.reset();
  }
  options.split.seed = options.assembly.seed;
  if (arguments.has("sample-rate")) options.sample_rate = arguments.number("sample-rate");
  options.resample = arguments.flag("resample");
  options.storage = parse_storage_type(arguments.text("dtype"), "--dtype");
  return convert_wav(inputs, options);
}

DatasetContent csv(const std::vector<std::string>& inputs, const ConverterArguments& arguments) {
  CsvOptions options;
  options.layout = parse_csv_layout(arguments.text("layout"));
  if (arguments.has("label-column")) options.label_column = arguments.text("label-column");
  if (arguments.has("index-column")) options.index_column = arguments.text("index-column");
  options.delimiter = parse_delimiter(arguments.text("delimiter"));
  if (arguments.has("missing") && arguments.text("missing") != "error")
    options.missing = parse_missing_policy(arguments.text("missing"));
  options.channels = arguments.integer("channels");
  if (arguments.has("case-column")) options.case_column = arguments.text("case-column");
  if (arguments.has("time-column")) options.time_column = arguments.text("time-column");
  if (arguments.has("value-columns")) options.value_columns = arguments.list("value-columns");
  options.assembly = parse_assembly_options(arguments);
  return convert_csv(inputs, options);
}

const ConverterOption class_names{"class-names", "", "comma-separated class names, in label order"};

std::vector<ConverterOption> with(std::vector<ConverterOption> own, const std::vector<ConverterOption>& shared) {
  own.insert(own.end(), shared.begin(), shared.end());
  return own;
}

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
                "audio files (WAV, FLAC, Ogg, ...): a folder per class, or labels and speakers in the names (FSDD)",
                "ROOT of class folders (or of train/ test/ folders of them), TRAIN TEST [VAL] roots, or files and "
                "folders named by --pattern",
                with({{"labels", "", "folder (ROOT/CLASS/file; default when there are class folders) | pattern"},
                      {"pattern", "{label}_{speaker}_{index}.wav", "file names: {label}, {speaker}, {index}"},
                      {"split-by", "",
                       "index (index 0-4 test, FSDD's split; default when the pattern has {index}) | speaker | "
                       "fraction"},
                      {"test-speakers", "", "comma-separated speakers of the test split (--split-by speaker)"},
                      {"sample-rate", "", "expected sample rate in Hz (default: that of the first file)"},
                      {"resample", "", "resample files of another rate (linear interpolation) instead of refusing them",
                       true},
                      {"dtype", "float32", "stored type of x: float32 | int16"}},
                     assembly_converter_options()),
                wav});
  registry.add({"csv",
                "CSV tables (pandas, spreadsheets): a case per row, or long format (a time step per row)",
                "TRAIN.csv TEST.csv [VAL.csv], or one file with --split-fraction",
                with({{"layout", "wide", "wide (a case per row) | long (a time step per row)"},
                      {"label-column", "", "name of the label column (default: label, class, target or y)"},
                      {"index-column", "",
                       "name of an index column to leave out (default: an unnamed first column, as pandas writes); "
                       "none: keep every column"},
                      {"delimiter", "auto", "field separator: auto | , | ; | tab | '|' | space"},
                      {"missing", "error",
                       "error | interpolate | zero: what replaces a missing value (empty, NaN, NA, ?) inside a series; "
                       "missing values ending a wide row are padding"},
                      {"channels", "1", "wide: split each row's values row-major into C channels"},
                      {"case-column", "", "long: the case id column (default: the file is one recording)"},
                      {"time-column", "", "long: order of the rows within a case (default: file order)"},
                      {"value-columns", "", "long: comma-separated channel columns (default: every other column)"}},
                     assembly_converter_options()),
                csv});
  registry.add(h5_converter_spec());
  registry.add(npy_converter_spec());
  registry.add(mat_converter_spec());
  registry.add(edf_converter_spec());
}

}  // namespace sigvit
