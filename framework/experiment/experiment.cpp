#include "experiment/experiment.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>

#include "core/text.h"
#include "data/convert/held_out.h"
#include "data/profile/normalization_advice.h"
#include "model/api/plugin_loader.h"
#include "model/builtin_models.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

std::shared_ptr<const DatasetReader> open_data(const DataOptions& data, const ConfigNode& node) {
  if (!std::filesystem::exists(data.path)) {
    node.fail("data set '" + data.path +
              "' does not exist (relative paths resolve against the working directory; "
              "datasets/prepare NAME creates the shipped ones)");
  }
  return std::make_shared<const DatasetReader>(data.path);
}

void require_split(const DatasetReader& reader, const std::string& split, const ConfigNode& node) {
  if (reader.has_split(split)) return;
  std::vector<std::string> present;
  for (const auto& layout : reader.splits()) present.push_back(layout.name);
  node.fail("split '" + split + "' is not in " + reader.path() + " (it has: " + join(present, ", ") + ")");
}

}  // namespace

Experiment::Experiment(LoadedConfig config, const std::string& config_file)
    : config_(std::move(config)), config_file_(config_file) {
  const ConfigNode root = config_.node();
  options_ = parse_experiment_options(root);
  registry_ = registry_with_builtins();
  const std::vector<std::string> plugins = load_config_plugins(root, config_file_, registry_);
  if (!plugins.empty()) config_.root["plugins"] = plugins;
  reader_ = open_data(options_.data, root.child("data").child("path"));
  choose_splits();
  complete_model_section();
  pretrained_ = parse_pretrained_options(config_.node().child("model"));
  if (config_.node().has("pretrain")) parse_pretrain_options(config_.node().child("pretrain"));
  if (options_.data.loader.normalization == NormalizationMode::per_channel) {
    // Under data.outer_cv, from the cases the run trains and validates on:
    // the test fold is not seen before the test.
    std::vector<int64_t> seen;
    if (!test_cases_.empty()) seen = outer_training_cases();
    stats_ = compute_channel_stats(*reader_, options_.data.train_split, 1024, seen);
  }
}

std::optional<std::string> Experiment::normalization_warning() const {
  return check_normalization(*reader_, options_.data.train_split, options_.data.loader.normalization);
}

void Experiment::choose_splits() {
  const DataOptions& data = options_.data;
  const ConfigNode node = config_.node().child("data");
  require_split(*reader_, data.train_split, node.has("train_split") ? node.child("train_split") : node.child("path"));
  if (node.has("test_split")) require_split(*reader_, data.test_split, node.child("test_split"));
  choose_validation();
  keep_labelled_fraction();
  resolve_class_weights();
}

void Experiment::resolve_class_weights() {
  TrainOptions& train = options_.train;
  const ConfigNode node = config_.node().child("train").child("class_weights");
  const size_t classes = reader_->info().class_names.size();
  if (!train.class_weights_auto) {
    if (!train.class_weights.empty() && train.class_weights.size() != classes)
      node.fail(std::to_string(train.class_weights.size()) + " weights, expected one per class: " +
                std::to_string(classes) + " (" + join(reader_->info().class_names, ", ") + ")");
    return;
  }
  const std::vector<int64_t> labels = reader_->read_labels(options_.data.train_split);
  std::vector<int64_t> counts(classes, 0);
  if (train_cases_.empty()) {
    for (int64_t label : labels) ++counts[static_cast<size_t>(label)];
  } else {
    for (int64_t i : train_cases_) ++counts[static_cast<size_t>(labels[static_cast<size_t>(i)])];
  }
  const double total = static_cast<double>(train_case_count());
  train.class_weights.clear();
  // A class with no training case gets weight 0 rather than infinity: it never
  // appears in the loss anyway.
  for (int64_t count : counts)
    train.class_weights.push_back(count ? total / (static_cast<double>(classes) * static_cast<double>(count)) : 0.0);
}

int64_t Experiment::train_case_count() const {
  return train_cases_.empty() ? reader_->split(options_.data.train_split).num_cases
                              : static_cast<int64_t>(train_cases_.size());
}

void Experiment::keep_labelled_fraction() {
  const DataOptions& data = options_.data;
  if (data.label_fraction >= 1.0) return;
  const int64_t count = reader_->split(data.train_split).num_cases;
  std::vector<int64_t> candidates = train_cases_;
  if (candidates.empty()) {
    for (int64_t i = 0; i < count; ++i) candidates.push_back(i);
  }
  // The labels of the whole split, read in blocks.
  std::vector<int64_t> labels;
  for (int64_t begin = 0; begin < count; begin += 4096) {
    const CaseBlock block = reader_->read_cases(data.train_split, begin, std::min<int64_t>(4096, count - begin));
    labels.insert(labels.end(), block.labels.begin(), block.labels.end());
  }
  std::map<int64_t, std::vector<int64_t>> by_class;
  for (int64_t index : candidates) by_class[labels[static_cast<size_t>(index)]].push_back(index);
  // A Fisher-Yates shuffle on the standard's fixed mt19937_64 sequence, so
  // every standard library keeps the same cases.
  std::mt19937_64 generator(data.label_seed);
  std::vector<int64_t> kept;
  for (auto& [label, cases] : by_class) {
    for (size_t i = cases.size(); i > 1; --i) std::swap(cases[i - 1], cases[generator() % i]);
    const auto wanted = static_cast<size_t>(std::llround(data.label_fraction * static_cast<double>(cases.size())));
    kept.insert(kept.end(), cases.begin(), cases.begin() + static_cast<long>(std::max<size_t>(1, wanted)));
  }
  std::sort(kept.begin(), kept.end());
  train_cases_ = std::move(kept);
}

namespace {

std::vector<int64_t> pick(const std::vector<int64_t>& values, const std::vector<int64_t>& indices) {
  std::vector<int64_t> picked;
  picked.reserve(indices.size());
  for (int64_t index : indices) picked.push_back(values[static_cast<size_t>(index)]);
  return picked;
}

}  // namespace

void Experiment::choose_validation() {
  const DataOptions& data = options_.data;
  const ConfigNode node = config_.node().child("data");
  test_split_ = data.test_split;
  const bool outer = data.outer_cv.enabled();
  if (!outer && !data.cv.enabled() && (!data.val_split.empty() || reader_->has_split("val") || data.val_fraction == 0)) {
    if (!data.val_split.empty()) require_split(*reader_, data.val_split, node.child("val_split"));
    val_split_ = !data.val_split.empty() ? data.val_split : reader_->has_split("val") ? "val" : "";
    return;
  }
  // The training cases validation draws from: all of the training split, or
  // all but the outer test fold.
  const std::vector<int64_t> labels = reader_->read_labels(data.train_split);
  const std::vector<int64_t> groups = reader_->read_groups(data.train_split);
  std::vector<int64_t> pool;
  if (outer) {
    const std::vector<int64_t> fold_of = assign_folds(labels, groups, data.outer_cv.folds, data.outer_cv.seed);
    for (size_t i = 0; i < fold_of.size(); ++i)
      (fold_of[i] == data.outer_cv.fold ? test_cases_ : pool).push_back(static_cast<int64_t>(i));
    if (test_cases_.empty() || pool.empty())
      node.child("outer_cv").fail(std::to_string(fold_of.size()) + " training cases are too few for " +
                                  std::to_string(data.outer_cv.folds) + " folds");
    test_split_ = data.train_split;
  } else {
    for (size_t i = 0; i < labels.size(); ++i) pool.push_back(static_cast<int64_t>(i));
  }
  const std::vector<int64_t> pool_labels = pick(labels, pool);
  const std::vector<int64_t> pool_groups = groups.empty() ? groups : pick(groups, pool);

  if (data.cv.enabled()) {
    const std::vector<int64_t> fold_of = assign_folds(pool_labels, pool_groups, data.cv.folds, data.cv.seed);
    for (size_t i = 0; i < fold_of.size(); ++i) (fold_of[i] == data.cv.fold ? val_cases_ : train_cases_).push_back(pool[i]);
    if (val_cases_.empty() || train_cases_.empty())
      node.child("cv").fail(std::to_string(fold_of.size()) + " training cases are too few for " +
                            std::to_string(data.cv.folds) + " folds");
    val_split_ = data.train_split;
    // What cross-validation scores must not see: the run never reads it.
    options_.data.test_split.clear();
    test_split_.clear();
    test_cases_.clear();
    return;
  }
  if (!data.val_split.empty() || reader_->has_split("val") || data.val_fraction == 0) {
    if (!data.val_split.empty()) require_split(*reader_, data.val_split, node.child("val_split"));
    val_split_ = !data.val_split.empty() ? data.val_split : reader_->has_split("val") ? "val" : "";
    train_cases_ = pool;
    return;
  }
  // Per class, so that a rare class is validated on at all, and by whole
  // recordings, so that windows of one never score their own neighbours.
  const std::vector<bool> held_out = choose_held_out(pool_labels, pool_groups, data.val_fraction, data.val_seed);
  for (size_t i = 0; i < pool.size(); ++i) (held_out[i] ? val_cases_ : train_cases_).push_back(pool[i]);
  if (val_cases_.empty() || train_cases_.empty()) {
    node.child("val_fraction").fail("holds out " + std::to_string(val_cases_.size()) + " of " + std::to_string(pool.size()) +
                                    " training cases; choose a fraction that leaves both sides non-empty");
  }
  val_split_ = data.train_split;
}

void Experiment::complete_model_section() {
  const SplitLayout& train = reader_->split(options_.data.train_split);
  std::vector<int64_t> shape = train.case_shape;
  const int64_t crop = options_.data.loader.augment.crop_length;
  if (crop > 0) shape.back() = crop;
  const int64_t classes = static_cast<int64_t>(reader_->info().class_names.size());
  const std::string source = "the data set " + reader_->path();

  YAML::Node model = config_.root["model"];
  const ConfigNode model_node = config_.node().child("model");
  if (!model_node.is_map()) model_node.fail("expected a mapping describing the model");
  if (model_node.has("input_shape")) {
    const auto configured = model_node.child("input_shape").as<std::vector<int64_t>>();
    if (configured != shape) {
      model_node.child("input_shape")
          .fail("is " + shape_to_string(configured) + " but the data's cases are " + shape_to_string(shape) + " in " +
                reader_->path() + (crop > 0 ? " (after data.augment.crop_length)" : "") +
                "; omit it to take the data's shape");
    }
  } else {
    model["input_shape"] = shape;
    (*config_.origins)["model.input_shape"] = source;
  }
  if (model_node.has("num_classes")) {
    const int64_t configured = model_node.child("num_classes").as<int64_t>();
    if (configured != classes) {
      model_node.child("num_classes")
          .fail("is " + std::to_string(configured) + " but " + reader_->path() + " has " + std::to_string(classes) +
                " classes; omit it to take the data's");
    }
  } else {
    model["num_classes"] = classes;
    (*config_.origins)["model.num_classes"] = source;
  }
}

std::string Experiment::resolved_yaml() const {
  YAML::Emitter out;
  out << config_.root;
  return std::string(out.c_str()) + "\n";
}

ModelCard Experiment::model_card() const {
  ModelCard card;
  card.config_yaml = resolved_yaml();
  card.class_names = reader_->info().class_names;
  card.kind = reader_->info().kind;
  card.sample_rate = reader_->info().sample_rate;
  card.normalization = options_.data.loader.normalization;
  card.stats = stats_;
  const ValueEncoding& encoding = reader_->split(options_.data.train_split).encoding;
  if (encoding.type == StorageType::uint8) card.uint8_encoding = std::pair(encoding.scale, encoding.offset);
  return card;
}

std::shared_ptr<Classifier> Experiment::build_model() const {
  return sigvit::build_model(config_.node().child("model"), registry_);
}

std::shared_ptr<Classifier> Experiment::pretraining_model(std::shared_ptr<Classifier> model) const {
  const ConfigNode root = config_.node();
  auto vit = std::dynamic_pointer_cast<VisionTransformer>(model);
  if (!vit) {
    const ConfigNode model_node = root.child("model");
    (model_node.has("type") ? model_node.child("type") : model_node)
        .fail("masked-patch pretraining needs a ViT (model.type: vit), whose tokens it hides");
  }
  const PretrainOptions options = root.has("pretrain") ? parse_pretrain_options(root.child("pretrain")) : PretrainOptions{};
  return std::make_shared<MaskedPatchModel>(vit, options);
}

std::optional<ImportReport> Experiment::import_pretrained(Classifier& model) const {
  if (!pretrained_) return std::nullopt;
  return sigvit::import_pretrained(model, *pretrained_);
}

std::unique_ptr<BatchLoader> Experiment::train_loader(int64_t rank, int64_t world_size) const {
  LoaderOptions loader = options_.data.loader;
  loader.seed = options_.seed;
  loader.rank = rank;
  loader.world_size = world_size;
  return std::make_unique<BatchLoader>(reader_, options_.data.train_split, loader, stats_, train_cases_);
}

std::string Experiment::validation_description() const {
  if (val_split_.empty()) return "none (data.val_fraction 0 and no val split)";
  if (val_cases_.empty()) return "split '" + val_split_ + "'";
  if (options_.data.cv.enabled())
    return "fold " + std::to_string(options_.data.cv.fold) + " of " + std::to_string(options_.data.cv.folds) + " of '" +
           val_split_ + "' (" + std::to_string(val_cases_.size()) + " cases, per class and by whole recordings)";
  std::ostringstream fraction;
  fraction << options_.data.val_fraction;
  return std::to_string(val_cases_.size()) + " cases held out of '" + val_split_ + "' per class" +
         (reader_->split(val_split_).has_groups ? " and by whole recordings" : "") + " (data.val_fraction " +
         fraction.str() + ")";
}

namespace {

LoaderOptions evaluation_share(const LoaderOptions& options, int64_t rank, int64_t world_size) {
  LoaderOptions evaluation = options.for_evaluation();
  evaluation.rank = rank;
  evaluation.world_size = world_size;
  return evaluation;
}

}  // namespace

std::unique_ptr<BatchLoader> Experiment::validation_loader(int64_t rank, int64_t world_size) const {
  if (val_split_.empty()) return nullptr;
  return std::make_unique<BatchLoader>(reader_, val_split_, evaluation_share(options_.data.loader, rank, world_size),
                                       stats_, val_cases_);
}

bool Experiment::has_test() const { return !test_split_.empty() && reader_->has_split(test_split_); }

std::string Experiment::test_description() const {
  if (test_split_.empty()) return "none";
  if (test_cases_.empty()) return "'" + test_split_ + "'";
  const CrossValidation& outer = options_.data.outer_cv;
  return "outer fold " + std::to_string(outer.fold) + " of " + std::to_string(outer.folds) + " of '" + test_split_ +
         "' (" + std::to_string(test_cases_.size()) + " cases, per class and by whole recordings)";
}

std::unique_ptr<BatchLoader> Experiment::test_loader(int64_t rank, int64_t world_size) const {
  return std::make_unique<BatchLoader>(reader_, test_split_, evaluation_share(options_.data.loader, rank, world_size),
                                       stats_, test_cases_);
}

std::vector<int64_t> Experiment::outer_training_cases() const {
  std::vector<bool> tested(static_cast<size_t>(reader_->split(options_.data.train_split).num_cases), false);
  for (int64_t index : test_cases_) tested[static_cast<size_t>(index)] = true;
  std::vector<int64_t> cases;
  for (size_t i = 0; i < tested.size(); ++i)
    if (!tested[i]) cases.push_back(static_cast<int64_t>(i));
  return cases;
}

std::unique_ptr<BatchLoader> Experiment::split_loader(const std::string& split, int64_t rank,
                                                      int64_t world_size) const {
  return std::make_unique<BatchLoader>(reader_, split, evaluation_share(options_.data.loader, rank, world_size),
                                       stats_);
}

std::unique_ptr<BatchLoader> Experiment::split_loader(const std::string& split, const ModelCard& card) const {
  LoaderOptions loader = options_.data.loader.for_evaluation();
  loader.normalization = card.normalization;
  return std::make_unique<BatchLoader>(reader_, split, loader, card.stats);
}

}  // namespace sigvit
