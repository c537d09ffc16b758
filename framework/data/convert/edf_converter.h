#pragma once

#include <optional>
#include <string>
#include <vector>

#include "data/convert/converter_registry.h"
#include "data/convert/signal_assembly.h"
#include "data/format/dataset_content.h"

namespace sigvit {

enum class EdfLabels {
  folder,       // the name of the folder holding the file: sleep/a.edf is "sleep"
  annotations,  // per sample, the text of the EDF+/BDF+ annotation covering it
  file,         // the file name without its extension
};

EdfLabels parse_edf_labels(const std::string& text);

struct EdfOptions {
  EdfLabels labels = EdfLabels::folder;
  // Signals by label, in this order; empty: every signal of the file.
  std::vector<std::string> channels;
  // The label of samples no annotation covers; unset: they are left out, and
  // each labelled stretch of a recording becomes a case of its own.
  std::optional<std::string> unlabelled;
  AssemblyOptions assembly;
};

// `inputs`: EDF/BDF files, or folders searched recursively for .edf and .bdf.
// Two or three folders without assembly.test_fraction are the train, test
// [and val] splits; anything else is one split for test_fraction to divide.
// Each recording is a case whose group is its file, so that its windows stay
// on one side of the split. Every file must give the picked signals at one
// sample rate, the same in every file.
DatasetContent convert_edf(const std::vector<std::string>& inputs, const EdfOptions& options);

// `sigvit convert edf`.
ConverterSpec edf_converter_spec();

}  // namespace sigvit
