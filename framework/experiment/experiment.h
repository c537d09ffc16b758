#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checkpoint/checkpoint.h"
#include "config/config_loader.h"
#include "data/format/dataset_reader.h"
#include "data/load/batch_loader.h"
#include "experiment/experiment_options.h"
#include "model/api/classifier.h"
#include "model/api/embedder_registry.h"
#include "model/vit/masked_patch_model.h"
#include "weights/pretrained_import.h"

namespace sigvit {

// An experiment config made concrete: its data set opened and checked, its
// splits chosen (validation carved from train when the file has none), the
// `model:` section completed from the data (input_shape, num_classes) and its
// plugins resolved to absolute paths, so that the resolved config alone
// rebuilds the same model anywhere.
class Experiment {
 public:
  // `config_file` is the file `config` was loaded from (plugins resolve beside it).
  Experiment(LoadedConfig config, const std::string& config_file);

  const ExperimentOptions& options() const { return options_; }
  const LoadedConfig& config() const { return config_; }
  std::string resolved_yaml() const;
  const DatasetReader& reader() const { return *reader_; }
  // Class names, data kind, normalisation statistics: what a checkpoint carries.
  ModelCard model_card() const;

  // A freshly initialised model; seed the global generator first for a
  // reproducible initialisation.
  std::shared_ptr<Classifier> build_model() const;
  // Copies model.pretrained's weights into `model`, a fresh build_model(), and
  // says what it did; nullopt when the config names no pretrained weights.
  std::optional<ImportReport> import_pretrained(Classifier& model) const;
  // `model` wrapped for masked-patch pretraining as the `pretrain:` section
  // says (defaults without one); an Error naming model.type for a non-ViT.
  std::shared_ptr<Classifier> pretraining_model(std::shared_ptr<Classifier> model) const;

  std::unique_ptr<BatchLoader> train_loader(int64_t rank = 0, int64_t world_size = 1) const;
  // The training cases: the train split, less validation and unlabelled cases.
  int64_t train_case_count() const;
  bool has_validation() const { return !val_split_.empty(); }
  // "val" or "12 cases held out of train (data.val_fraction 0.1)".
  std::string validation_description() const;
  // Evaluation loaders take rank's share of their cases among world_size
  // data-parallel ranks (see evaluate()).
  std::unique_ptr<BatchLoader> validation_loader(int64_t rank = 0, int64_t world_size = 1) const;
  // An evaluation loader over a whole split of the file, normalised with this
  // experiment's statistics or, for a checkpoint's model, with its own.
  std::unique_ptr<BatchLoader> split_loader(const std::string& split, int64_t rank = 0,
                                            int64_t world_size = 1) const;
  std::unique_ptr<BatchLoader> split_loader(const std::string& split, const ModelCard& card) const;
  bool has_split(const std::string& split) const { return reader_->has_split(split); }
  // The test cases: the test split, or under data.outer_cv the outer fold of
  // the training split; none under data.cv.
  bool has_test() const;
  std::string test_description() const;  // "'test'", "outer fold 1 of 5 of 'train' (12 cases, ...)" or "none"
  std::unique_ptr<BatchLoader> test_loader(int64_t rank = 0, int64_t world_size = 1) const;
  // When data.normalization discards a per-case level or scale that tells
  // the classes of the train split apart: what to tell the user
  // (data/profile/normalization_advice.h).
  std::optional<std::string> normalization_warning() const;

 private:
  void choose_splits();
  void choose_validation();
  void keep_labelled_fraction();
  void resolve_class_weights();
  void complete_model_section();
  std::vector<int64_t> outer_training_cases() const;

  LoadedConfig config_;
  std::string config_file_;
  ExperimentOptions options_;
  std::shared_ptr<const DatasetReader> reader_;
  EmbedderRegistry registry_;
  std::string val_split_;
  std::vector<int64_t> train_cases_;  // empty: the whole train split
  std::vector<int64_t> val_cases_;    // empty: the whole val split
  std::string test_split_;             // empty: no test (data.cv)
  std::vector<int64_t> test_cases_;   // data.outer_cv's test fold; empty: the whole test split
  NormalizationStats stats_;
  std::optional<PretrainedOptions> pretrained_;
};

}  // namespace sigvit
