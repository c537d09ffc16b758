// The model-type registry and the errors of the CNN baselines' keys.

#include <torch/torch.h>

#include "config/config_loader.h"
#include "model/api/embedder_registry.h"
#include "model/api/model_registry.h"
#include "model/builtin_models.h"
#include "model/cnn/fcn.h"
#include "model_test_support.h"

namespace sigvit::model_testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ModelRegistry, TheBuiltinsAreTheViTAndTheCnnBaselines) {
  EXPECT_THAT(builtin_models().types(), ElementsAre("fcn", "inception_time", "m5", "resnet1d", "resnet2d", "vit"));
  ModelRegistry empty;
  EXPECT_TRUE(empty.types().empty());
}

TEST(ModelRegistry, AnUnknownTypeSuggestsTheClosestAndListsAll) {
  std::string message = error_of([] {
    model_from_yaml("model:\n  type: resnet1\n  input_shape: [1, 100]\n  num_classes: 2\n");
  });
  EXPECT_THAT(message, HasSubstr("test.yaml"));
  EXPECT_THAT(message, HasSubstr("model.type: unknown model type 'resnet1' (did you mean 'resnet1d'?); "
                                 "available types: fcn, inception_time, m5, resnet1d, resnet2d, vit"));
  EXPECT_THAT(error_of([] { model_from_yaml("model:\n  type: transformer\n"); }),
              HasSubstr("unknown model type 'transformer'; available types:"));
}

TEST(ModelRegistry, ATypeIsRegisteredOnceAndBuildsThroughItsBuilder) {
  ModelRegistry registry;
  int calls = 0;
  registry.add("tiny", [&](const ConfigNode& model, const EmbedderRegistry&) {
    ++calls;
    return std::make_shared<Fcn>(FcnOptions::parse(model));
  });
  EXPECT_THAT(error_of([&] { registry.add("tiny", [](const ConfigNode&, const EmbedderRegistry&) { return nullptr; }); }),
              HasSubstr("model type 'tiny' is already registered"));
  LoadedConfig tiny = parse_config("model:\n  type: tiny\n  input_shape: [1, 20]\n  num_classes: 3\n", "t.yaml");
  EXPECT_EQ(registry.build(tiny.node().child("model"), EmbedderRegistry())->num_classes(), 3);
  EXPECT_EQ(calls, 1);
  LoadedConfig fcn = parse_config("model:\n  type: fcn\n  input_shape: [1, 20]\n  num_classes: 3\n", "t.yaml");
  EXPECT_THAT(error_of([&] { registry.build(fcn.node().child("model"), EmbedderRegistry()); }),
              HasSubstr("t.yaml:2: model.type: unknown model type 'fcn'; available types: tiny"));
}

TEST(CnnConfig, AWrongInputRankNamesTheKey) {
  EXPECT_THAT(error_of([] { model_from_yaml("model:\n  type: fcn\n  input_shape: [1, 28, 28]\n  num_classes: 2\n"); }),
              HasSubstr("test.yaml:3: model.input_shape: fcn expects [C, L], got [1, 28, 28]"));
  EXPECT_THAT(error_of([] { model_from_yaml("model:\n  type: resnet2d\n  input_shape: [1, 784]\n  num_classes: 2\n"); }),
              HasSubstr("model.input_shape: resnet2d expects [C, H, W], got [1, 784]"));
}

TEST(CnnConfig, UnknownKeysAreRejectedWithASuggestion) {
  EXPECT_THAT(error_of([] {
                model_from_yaml("model:\n  type: inception_time\n  input_shape: [1, 50]\n  num_classes: 2\n"
                                "  kernel_size: [9, 5, 3]\n");
              }),
              HasSubstr("test.yaml:5: model.kernel_size: unknown key 'kernel_size' (did you mean 'kernel_sizes'?)"));
}

TEST(CnnConfig, ValuesAreValidatedWhereTheyAreWritten) {
  const std::string fcn = "model:\n  type: fcn\n  input_shape: [1, 50]\n  num_classes: 2\n";
  EXPECT_THAT(error_of([&] { model_from_yaml(fcn + "  channels: [8, 0]\n  kernel_sizes: [3, 3]\n"); }),
              HasSubstr("test.yaml:5: model.channels: expected positive integers, got [8, 0]"));
  EXPECT_THAT(error_of([&] { model_from_yaml(fcn + "  channels: [8, 8]\n"); }),
              HasSubstr("model.kernel_sizes: expected one kernel size per entry of channels (2), got 3"));
  EXPECT_THAT(error_of([&] { model_from_yaml(fcn + "  drop_rate: 1.5\n"); }),
              HasSubstr("test.yaml:5: model.drop_rate: expected a rate in [0, 1)"));
  EXPECT_THAT(error_of([&] { model_from_yaml(fcn, {"model.num_classes=-1"}); }),
              HasSubstr("--set model.num_classes=-1: model.num_classes: expected >= 0"));
  EXPECT_THAT(error_of([] { model_from_yaml("model:\n  type: m5\n  num_classes: 2\n"); }),
              HasSubstr("model.input_shape: required key is missing"));
  EXPECT_THAT(error_of([] { model_from_yaml("model:\n  type: resnet2d\n  input_shape: [1, 28, 28]\n  num_classes: 2\n"
                                            "  blocks: [2, 2]\n"); }),
              HasSubstr("model.blocks: expected one block count per entry of widths (3), got 2"));
}

TEST(CnnConfig, M5RejectsAnInputShorterThanItsPoolsNeed) {
  // (4^4 - 1) * 4 + 80 = 1100 samples leave one position after the last pool.
  EXPECT_THAT(error_of([] { model_from_yaml("model:\n  type: m5\n  input_shape: [1, 1099]\n  num_classes: 2\n"); }),
              HasSubstr("test.yaml:3: model.input_shape: m5 with these kernels, strides and pools needs signals of "
                        "at least 1100 samples, got 1099"));
  EXPECT_NO_THROW(model_from_yaml("model:\n  type: m5\n  input_shape: [1, 1100]\n  num_classes: 2\n"));
}

}  // namespace
}  // namespace sigvit::model_testing
