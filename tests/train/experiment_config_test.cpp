// The experiment schema: errors with file, line and key; overrides and
// inheritance; the model section completed from the data.

#include <torch/nn/functional/loss.h>

#include <algorithm>
#include <set>

#include "config/config_loader.h"
#include "engine/classification_loss.h"
#include "engine/confusion_matrix.h"
#include "data/format/dataset_writer.h"
#include "data/load/batch_loader.h"
#include "experiment/experiment.h"
#include "train_test_support.h"

namespace sigvit {
namespace {

using namespace train_testing;
using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::error_of;

class ExperimentConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    write_toy_dataset(dir.file("toy.h5"), 30, 9);
    config = dir.write("exp.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("runs/toy")));
  }

  std::string error_with(const std::vector<std::string>& overrides) const {
    return error_of([&] { Experiment(load_config(config, overrides), config); });
  }

  TempDir dir;
  std::string config;
};

TEST_F(ExperimentConfig, UnknownKeysAreErrorsWithADidYouMean) {
  EXPECT_THAT(error_with({"train.epocs=3"}), HasSubstr("train.epocs: unknown key 'epocs' (did you mean 'epochs'?)"));
  EXPECT_THAT(error_with({"data.batchsize=3"}), HasSubstr("unknown key 'batchsize' (did you mean 'batch_size'?)"));
  EXPECT_THAT(error_with({"trian={}"}), HasSubstr("unknown key 'trian' (did you mean 'train'?)"));
}

TEST_F(ExperimentConfig, WrongTypesNameTheFileLineAndKey) {
  const std::string text = read_text(config);
  const std::string broken = dir.write("broken.yaml", text.substr(0, text.find("  epochs: 3")) + "  epochs: many\n");
  const std::string message = error_of([&] { Experiment(load_config(broken), broken); });
  EXPECT_THAT(message, AllOf(HasSubstr("broken.yaml:14: train.epochs"), HasSubstr("expected an integer")));
  EXPECT_THAT(error_with({"train.optimizer=adam"}), HasSubstr("expected 'adamw' or 'sgd', got 'adam'"));
  EXPECT_THAT(error_with({"train.lr=-1"}), HasSubstr("train.lr: expected a learning rate > 0"));
  EXPECT_THAT(error_with({"device=gpu"}), HasSubstr("expected 'cpu', 'cuda' or 'cuda:N', got 'gpu'"));
}

TEST_F(ExperimentConfig, AMissingDataSetIsNamedWithAHint) {
  EXPECT_THAT(error_with({"data.path=/nonexistent/fsdd.h5"}),
              AllOf(HasSubstr("data.path: data set '/nonexistent/fsdd.h5' does not exist"),
                    HasSubstr("datasets/prepare")));
  EXPECT_THAT(error_with({"data.test_split=holdout"}), HasSubstr("split 'holdout' is not in"));
}

TEST_F(ExperimentConfig, MissingSectionsAreNamed) {
  const std::string bare = dir.write("bare.yaml", "name: x\nmodel: {}\ndata: {path: " + dir.file("toy.h5") + "}\n");
  EXPECT_THAT(error_of([&] { Experiment(load_config(bare), bare); }),
              HasSubstr("missing section 'train' (the training schedule)"));
}

TEST_F(ExperimentConfig, ModelShapeAndClassesComeFromTheDataAndMustAgreeWithIt) {
  const Experiment experiment(load_config(config), config);
  const ConfigNode model = experiment.config().node().child("model");
  EXPECT_EQ(model.child("input_shape").as<std::vector<int64_t>>(), (std::vector<int64_t>{1, 32}));
  EXPECT_EQ(model.child("num_classes").as<int64_t>(), 3);
  EXPECT_THAT(experiment.resolved_yaml(), HasSubstr("num_classes: 3"));
  EXPECT_EQ(experiment.build_model()->num_classes(), 3);

  EXPECT_THAT(error_with({"model.num_classes=5"}), AllOf(HasSubstr("model.num_classes: is 5 but"), HasSubstr("has 3 classes")));
  EXPECT_THAT(error_with({"model.input_shape=[1, 40]"}),
              HasSubstr("is [1, 40] but the data's cases are [1, 32]"));
  // A crop changes the length the model sees.
  const Experiment cropped(load_config(config, {"data.augment.crop_length=24"}), config);
  EXPECT_EQ(cropped.build_model()->input_shape(), (std::vector<int64_t>{1, 24}));
}

TEST_F(ExperimentConfig, OverridesApplyOverInheritedValues) {
  const std::string base = dir.write("base.yaml", read_text(config));
  const std::string child = dir.write("child.yaml", "base: base.yaml\nname: child\ntrain:\n  lr: 0.01\n  epochs: 7\n");
  const Experiment experiment(load_config(child, {"train.epochs=2"}), child);
  EXPECT_EQ(experiment.options().name, "child");
  EXPECT_EQ(experiment.options().train.epochs, 2);
  EXPECT_DOUBLE_EQ(experiment.options().train.optimizer.lr, 0.01);
  EXPECT_DOUBLE_EQ(experiment.options().train.label_smoothing, 0.1);  // from base.yaml
  EXPECT_EQ(experiment.options().data.loader.batch_size, 8);
}

TEST_F(ExperimentConfig, ValidationIsCarvedFromTrainWhenTheFileHasNoValSplit) {
  const Experiment carved(load_config(config), config);
  EXPECT_TRUE(carved.has_validation());
  EXPECT_EQ(carved.train_loader()->num_cases() + carved.validation_loader()->num_cases(), 30);
  EXPECT_EQ(carved.validation_loader()->num_cases(), 6);

  write_toy_dataset(dir.file("with_val.h5"), 30, 9, /*val=*/true);
  const Experiment split(load_config(config, {"data.path=" + dir.file("with_val.h5")}), config);
  EXPECT_EQ(split.validation_description(), "split 'val'");
  EXPECT_EQ(split.train_loader()->num_cases(), 30);

  const Experiment none(load_config(config, {"data.val_fraction=0"}), config);
  EXPECT_FALSE(none.has_validation());
  EXPECT_EQ(none.validation_loader(), nullptr);
}

// The first value of every case a loader gives, unaugmented: the toy cases'
// noise makes each one distinct.
std::set<float> first_value_of_each_case(BatchLoader& loader) {
  std::set<float> values;
  loader.start_epoch(0);
  while (std::optional<Batch> batch = loader.next()) {
    for (int64_t i = 0; i < batch->x.size(0); ++i) values.insert(batch->x[i][0][0].item<float>());
  }
  return values;
}

bool share_no_value(const std::set<float>& a, const std::set<float>& b) {
  return std::none_of(a.begin(), a.end(), [&](float value) { return b.count(value) > 0; });
}

TEST_F(ExperimentConfig, AnOuterFoldIsTestedOnceAndNeverTrainedOrValidatedOn) {
  std::set<float> every_test_case;
  std::vector<size_t> fold_sizes;
  for (int fold = 0; fold < 3; ++fold) {
    const Experiment experiment(
        load_config(config, {"data.outer_cv={folds: 3, fold: " + std::to_string(fold) + "}", "data.augment={}"}),
        config);
    ASSERT_TRUE(experiment.has_test());
    EXPECT_THAT(experiment.test_description(), HasSubstr("outer fold " + std::to_string(fold) + " of 3 of 'train'"));
    const std::set<float> test = first_value_of_each_case(*experiment.test_loader());
    const std::set<float> train = first_value_of_each_case(*experiment.train_loader());
    const std::set<float> validation = first_value_of_each_case(*experiment.validation_loader());
    fold_sizes.push_back(test.size());
    EXPECT_EQ(train.size() + validation.size() + test.size(), 30u);
    EXPECT_TRUE(share_no_value(test, train));
    EXPECT_TRUE(share_no_value(test, validation));
    EXPECT_TRUE(share_no_value(train, validation));
    every_test_case.insert(test.begin(), test.end());
  }
  EXPECT_EQ(every_test_case.size(), 30u);
  // Dealt per class: folds differ by at most one case of each of the 3 classes.
  EXPECT_LE(*std::max_element(fold_sizes.begin(), fold_sizes.end()) -
                *std::min_element(fold_sizes.begin(), fold_sizes.end()),
            3u);

  // Inner cross-validation deals the other folds only, and tests nothing.
  const Experiment inner(
      load_config(config, {"data.outer_cv={folds: 3, fold: 1}", "data.cv={folds: 2, fold: 0}", "data.augment={}"}),
      config);
  EXPECT_FALSE(inner.has_test());
  const Experiment outer(load_config(config, {"data.outer_cv={folds: 3, fold: 1}", "data.augment={}"}), config);
  EXPECT_EQ(inner.train_loader()->num_cases() + inner.validation_loader()->num_cases(),
            30 - outer.test_loader()->num_cases());

  EXPECT_THAT(error_with({"data.outer_cv={folds: 3, fold: 3}"}), HasSubstr("data.outer_cv.fold: expected a fold in 0..2"));
  EXPECT_THAT(error_with({"data.outer_cv={folds: 3}", "data.test_split=test"}),
              HasSubstr("data.test_split: a test split cannot go with data.outer_cv"));
}

TEST_F(ExperimentConfig, FineTuningAndPretrainingKeysAreChecked) {
  EXPECT_THAT(error_with({"train.layer_decay=0"}), HasSubstr("train.layer_decay: expected a factor in (0, 1]"));
  EXPECT_THAT(error_with({"train.layer_decay=1.5"}), HasSubstr("train.layer_decay: expected a factor in (0, 1]"));
  EXPECT_THAT(error_with({"pretrain.target=phase"}), HasSubstr("pretrain.target: expected 'values' or 'spectrum'"));
  const Experiment cnn(load_config(config, {"model={type: fcn, channels: [4, 4, 4], kernel_sizes: [3, 3, 3]}"}),
                       config);
  EXPECT_THAT(error_of([&] { cnn.pretraining_model(cnn.build_model()); }),
              HasSubstr("model.type: masked-patch pretraining needs a ViT (model.type: vit)"));
}

TEST_F(ExperimentConfig, ALabelFractionKeepsThatShareOfEachClassOfTheTrainingCases) {
  const Experiment all(load_config(config, {"data.val_fraction=0"}), config);
  ASSERT_EQ(all.train_loader()->num_cases(), 30);
  const Experiment some(load_config(config, {"data.val_fraction=0", "data.label_fraction=0.2"}), config);
  std::unique_ptr<BatchLoader> loader = some.train_loader();
  ASSERT_EQ(loader->num_cases(), 6);
  std::map<int64_t, int> per_class;
  loader->start_epoch(0);
  while (std::optional<Batch> batch = loader->next()) {
    const torch::Tensor labels = batch->y.to(torch::kLong);
    for (int64_t i = 0; i < labels.size(0); ++i) ++per_class[labels[i].item<int64_t>()];
  }
  // The toy set's three classes have 10 cases each: 2 of each.
  EXPECT_EQ(per_class, (std::map<int64_t, int>{{0, 2}, {1, 2}, {2, 2}}));
  // Validation is held out first; the fraction applies to what remains.
  const Experiment carved(load_config(config, {"data.label_fraction=0.5"}), config);
  EXPECT_EQ(carved.validation_loader()->num_cases(), 6);
  // Half of each class of the 24 that remain, rounded per class.
  EXPECT_GE(carved.train_loader()->num_cases(), 11);
  EXPECT_LE(carved.train_loader()->num_cases(), 13);
  EXPECT_THAT(error_with({"data.label_fraction=0"}), HasSubstr("data.label_fraction: expected a share"));
}

}  // namespace
}  // namespace sigvit

namespace sigvit {
namespace {

using namespace train_testing;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::error_of;

TEST(ClassWeights, AutoGivesEachClassTheInverseOfItsShareOfTheTrainingCases) {
  TempDir dir;
  // 6 cases of class a and 2 of b: weights 8 / (2 * 6) and 8 / (2 * 2).
  DatasetContent skewed;
  skewed.info.class_names = {"a", "b"};
  for (const auto& [name, labels] : std::vector<std::pair<std::string, std::vector<int64_t>>>{
           {"train", {0, 0, 0, 1, 0, 0, 1, 0}}, {"test", {0, 1}}}) {
    SplitData split;
    split.name = name;
    split.case_shape = {1, 32};
    split.labels = labels;
    split.float32_values.assign(labels.size() * 32, 0.5f);
    skewed.splits.push_back(split);
  }
  write_dataset(dir.file("skewed.h5"), skewed);
  const std::string skewed_config = dir.write("skewed.yaml", toy_experiment_yaml(dir.file("skewed.h5"), dir.file("runs")));
  const Experiment automatic(load_config(skewed_config, {"data.val_fraction=0", "train.class_weights=auto"}),
                             skewed_config);
  EXPECT_THAT(automatic.options().train.class_weights,
              ElementsAre(::testing::DoubleEq(8.0 / 12), ::testing::DoubleEq(2.0)));
  // The weights follow the cases trained on: validation is held out first.
  const Experiment held(load_config(skewed_config, {"data.val_fraction=0.5", "train.class_weights=auto"}),
                        skewed_config);
  EXPECT_THAT(held.options().train.class_weights, ElementsAre(::testing::DoubleEq(4.0 / 6), ::testing::DoubleEq(2.0)));

  write_toy_dataset(dir.file("toy.h5"), 30, 9);
  const std::string config = dir.write("exp.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("runs")));
  const Experiment given(load_config(config, {"train.class_weights=[1, 2, 3]"}), config);
  EXPECT_THAT(given.options().train.class_weights, ElementsAre(1.0, 2.0, 3.0));
  EXPECT_THAT(error_of([&] { Experiment(load_config(config, {"train.class_weights=[1, 2]"}), config); }),
              HasSubstr("train.class_weights: 2 weights, expected one per class: 3"));
  EXPECT_THAT(error_of([&] { Experiment(load_config(config, {"train.class_weights=inverse"}), config); }),
              HasSubstr("expected auto or a list of one weight per class"));
  EXPECT_THAT(error_of([&] { Experiment(load_config(config, {"train.class_weights=[1, 0, 1]"}), config); }),
              HasSubstr("expected weights > 0"));
}

TEST(ClassWeights, WeightTheLossOfEachCaseByItsClass) {
  torch::manual_seed(0);
  ModelOutput output;
  output.logits = torch::randn({4, 3});
  Batch batch;
  batch.y = torch::tensor({0, 2, 2, 1}, torch::kLong);
  const std::vector<double> weights{1.0, 4.0, 0.5};
  const torch::Tensor per_case = torch::nn::functional::cross_entropy(
      output.logits, batch.y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
  const double expected = (per_case[0].item<double>() * 1.0 + (per_case[1].item<double>() + per_case[2].item<double>()) * 0.5 +
                           per_case[3].item<double>() * 4.0) /
                          (1.0 + 0.5 + 0.5 + 4.0);
  EXPECT_NEAR(classification_loss(output, batch, {0.0, weights}).item<double>(), expected, 1e-5);
  EXPECT_NEAR(classification_loss(output, batch, {}).item<double>(), per_case.mean().item<double>(), 1e-5);
}

TEST(BalancedAccuracy, IsTheMeanRecallOfTheClassesPresent) {
  ConfusionMatrix confusion(3);
  // 8 of class 0 all right, 2 of class 1 both predicted 0; class 2 absent.
  confusion.add(torch::tensor({0, 0, 0, 0, 0, 0, 0, 0, 1, 1}, torch::kLong),
                torch::tensor({0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, torch::kLong));
  EXPECT_DOUBLE_EQ(confusion.accuracy(), 0.8);
  EXPECT_DOUBLE_EQ(confusion.balanced_accuracy(), 0.5);
}

}  // namespace
}  // namespace sigvit
