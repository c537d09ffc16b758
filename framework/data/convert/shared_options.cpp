#include "data/convert/shared_options.h"

#include "sigvit/error.h"

namespace sigvit {

std::vector<ConverterOption> assembly_converter_options() {
  return {{"class-names", "", "comma-separated class names, in label order (default: the labels, sorted naturally)"},
          {"split-fraction", "",
           "fraction of a single input drawn for the test split, per class and by whole recordings"},
          {"seed", "0", "seed of --split-fraction"},
          {"length", "", "pad (zeros) or crop (from the start) every signal to N samples"},
          {"window", "", "cut recordings into windows of N samples (labels: the recording's, or per sample)"},
          {"stride", "", "samples between the starts of windows (default: --window, side by side)"}};
}

std::vector<ConverterOption> array_converter_options(const std::string& default_x, const std::string& default_y) {
  std::vector<ConverterOption> options{
      {"x", default_x, "name of the cases' array"},
      {"y", default_y, "name of the labels' array (integers or strings)"},
      {"lengths", "", "name of an array of valid samples per case (padded signals)"},
      {"mask", "", "name of a [N, L] array, 1 where a sample is valid (valid samples first)"},
      {"groups", "", "name of an array of recording ids: cases of one never straddle train and test"},
      {"kind", "", "signal1d | image2d (default: by rank, [N, L] and [N, C, L] signals, [N, C, H, W] images)"},
      {"channels-last", "", "x holds channels last: [N, L, C] or [N, H, W, C]", true}};
  for (ConverterOption& option : assembly_converter_options()) options.push_back(std::move(option));
  return options;
}

AssemblyOptions parse_assembly_options(const ConverterArguments& arguments) {
  AssemblyOptions options;
  if (arguments.has("class-names")) options.class_names = arguments.list("class-names");
  if (arguments.has("split-fraction")) options.test_fraction = arguments.number("split-fraction");
  if (arguments.has("seed")) options.seed = arguments.unsigned_integer("seed");
  if (arguments.has("length")) options.length = arguments.integer("length");
  if (arguments.has("window")) {
    options.window.size = arguments.integer("window");
    if (options.window.size < 1) throw Error("--window " + arguments.text("window") + ": expected 1 or more samples");
  }
  if (arguments.has("stride")) {
    options.window.stride = arguments.integer("stride");
    if (options.window.stride < 1) throw Error("--stride " + arguments.text("stride") + ": expected 1 or more samples");
  }
  return options;
}

ArrayOptions parse_array_options(const ConverterArguments& arguments) {
  ArrayOptions options;
  if (arguments.has("kind")) options.kind = parse_dataset_kind(arguments.text("kind"), "--kind");
  options.channels_last = arguments.flag("channels-last");
  options.assembly = parse_assembly_options(arguments);
  return options;
}

}  // namespace sigvit
