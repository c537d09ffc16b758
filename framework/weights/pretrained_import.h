#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config_node.h"
#include "model/api/classifier.h"
#include "weights/weight_names.h"

namespace sigvit {

enum class WeightFormat { safetensors, torch, checkpoint };

// model.pretrained (configs/README.md, "Pretrained weights").
struct PretrainedOptions {
  std::string path;
  std::optional<WeightFormat> format;  // unset: told from the file
  std::optional<WeightNames> names;    // unset: told from the keys
  std::vector<std::string> include;    // globs over sigvit names; empty: all
  std::vector<std::string> exclude;
  bool strict = false;
};

// model.pretrained of a model section, or nullopt without one. Errors name
// the key; the file itself is read later, by import_pretrained.
std::optional<PretrainedOptions> parse_pretrained_options(const ConfigNode& model);

// What an import did, name by name (sigvit names).
struct ImportReport {
  std::string path;
  WeightFormat format = WeightFormat::safetensors;
  WeightNames names = WeightNames::sigvit;
  std::vector<std::string> loaded;
  std::vector<std::string> adapted;       // loaded after resampling or channel adaptation: what was done
  std::vector<std::string> reinitialised; // the head, when the class count differs
  std::vector<std::string> skipped;       // left out by include/exclude
  std::vector<std::string> missing;       // in the model, not in the file
  std::vector<std::string> unexpected;    // in the file, not in the model (file names)
  std::vector<std::string> mismatched;    // same name, shapes that no adaptation reconciles
  double seconds = 0.0;
};

// Reads the file, renames its tensors to sigvit's names, adapts what can be
// adapted (position table to the model's grid, patch projection to its input
// channels, a head for another class count left as initialised) and copies
// the rest into `model`. With strict, any missing, unexpected or mismatched
// tensor fails the import before the model is touched.
ImportReport import_pretrained(Classifier& model, const PretrainedOptions& options);

// The report for a terminal: counts, then each list that is not empty.
std::string format_import_report(const ImportReport& report);
// One line for the model card: the file, its convention and the counts.
std::string import_summary(const ImportReport& report);

std::string to_string(WeightFormat format);

}  // namespace sigvit
