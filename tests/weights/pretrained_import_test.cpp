// Pretrained weights from torchvision and timm files: same logits as
// torchvision's own model, the import report, strictness and filters.

#include <gtest/gtest.h>

#include <iostream>

#include "model/layers/init.h"
#include "reference_files.h"
#include "test_support.h"
#include "weights/pretrained_import.h"
#include "weights/safetensors.h"
#include "weights/weight_adaptation.h"

namespace sigvit {
namespace {

using testing::error_of;
using testing::model_from_yaml;
using testing::reference_dir;

std::string vit_b16_yaml() {
  return "base: " + testing::preset_path("vit_base_patch16_224") + "\n";
}

// Every test here loads a file over the model or compares it before and after
// a refused load: its random initial values only cost time.
std::shared_ptr<Classifier> vit_b16(const std::vector<std::string>& overrides = {}) {
  const SkipRandomInit weights_come_from_files;
  return model_from_yaml(vit_b16_yaml(), overrides);
}

PretrainedOptions from_file(const std::string& file) {
  std::string why;
  PretrainedOptions options;
  options.path = reference_dir(&why) + "/" + file;
  return options;
}

void expect_torchvision_logits(const std::string& file, WeightNames expected_names, WeightFormat expected_format) {
  auto model = vit_b16();
  const ImportReport report = import_pretrained(*model, from_file(file));
  std::cout << format_import_report(report);  // the import time of ViT-B/16, for docs/pretrained.md
  EXPECT_EQ(report.names, expected_names);
  EXPECT_EQ(report.format, expected_format);
  EXPECT_EQ(report.loaded.size(), 152u);
  EXPECT_TRUE(report.missing.empty()) << format_import_report(report);
  EXPECT_TRUE(report.unexpected.empty()) << format_import_report(report);
  EXPECT_TRUE(report.mismatched.empty()) << format_import_report(report);
  const torch::Tensor expected = testing::reference_tensor("logits");
  const torch::Tensor logits = testing::eval_logits(*model, testing::reference_tensor("input"));
  EXPECT_LT((logits - expected).abs().max().item<double>(), 1e-4)
      << "largest logit " << expected.abs().max().item<double>();
}

TEST(PretrainedImport, TorchvisionSafetensorsGiveTorchvisionsLogits) {
  SIGVIT_REQUIRE_REFERENCE_FILES();
  expect_torchvision_logits("torchvision_vit_b16.safetensors", WeightNames::torchvision, WeightFormat::safetensors);
}

TEST(PretrainedImport, TorchSaveDictGivesTorchvisionsLogits) {
  SIGVIT_REQUIRE_REFERENCE_FILES();
  expect_torchvision_logits("torchvision_vit_b16.pt", WeightNames::torchvision, WeightFormat::torch);
}

TEST(PretrainedImport, TimmNamedFileGivesTheSameLogits) {
  SIGVIT_REQUIRE_REFERENCE_FILES();
  expect_torchvision_logits("timm_vit_b16.safetensors", WeightNames::timm, WeightFormat::safetensors);
}

TEST(PretrainedImport, ReadsTheStateDictOfATrainingCheckpoint) {
  SIGVIT_REQUIRE_REFERENCE_FILES();
  auto model = vit_b16();
  const ImportReport report = import_pretrained(*model, from_file("training_checkpoint.pt"));
  EXPECT_EQ(report.loaded.size(), 152u);
  EXPECT_TRUE(report.unexpected.empty());
}

TEST(PretrainedImport, AnOrderedDictIsRefusedWithHowToResaveIt) {
  SIGVIT_REQUIRE_REFERENCE_FILES();
  auto model = vit_b16();
  const std::string message = error_of([&] { import_pretrained(*model, from_file("ordered_dict.pt")); });
  EXPECT_NE(message.find("ordered_dict.pt"), std::string::npos) << message;
  EXPECT_NE(message.find("OrderedDict"), std::string::npos) << message;
  EXPECT_NE(message.find("torch.save({k: v.cpu()"), std::string::npos) << message;
}

TEST(PretrainedImport, TensorsSavedOnCudaAreRefusedWithHowToResaveThem) {
  SIGVIT_REQUIRE_REFERENCE_FILES();
  auto model = vit_b16();
  const std::string message = error_of([&] { import_pretrained(*model, from_file("cuda_saved.pt")); });
  EXPECT_NE(message.find("cuda_saved.pt' holds tensors saved on a CUDA device"), std::string::npos) << message;
  EXPECT_NE(message.find("v.cpu()"), std::string::npos) << message;
}

TEST(PretrainedImport, AnotherClassCountKeepsTheModelsHeadAndLoadsTheRest) {
  SIGVIT_REQUIRE_REFERENCE_FILES();
  auto model = vit_b16({"model.num_classes=7"});
  const torch::Tensor head_before = model->named_parameters()["head.weight"].clone();
  PretrainedOptions options = from_file("timm_vit_b16.safetensors");
  options.strict = true;  // a re-initialised head is not a mismatch
  const ImportReport report = import_pretrained(*model, options);
  EXPECT_EQ(report.loaded.size(), 150u);
  ASSERT_EQ(report.reinitialised.size(), 2u);
  EXPECT_EQ(report.reinitialised[0], "head.weight: 1000 classes in the file, 7 in the model");
  EXPECT_TRUE(torch::equal(model->named_parameters()["head.weight"], head_before));
}

TEST(PretrainedImport, ALargerImageResamplesThePositionTableAndMatchesTimmsResampling) {
  SIGVIT_REQUIRE_REFERENCE_FILES();
  auto model = vit_b16({"model.input_shape=[3, 256, 256]"});
  const ImportReport report = import_pretrained(*model, from_file("timm_vit_b16.safetensors"));
  ASSERT_EQ(report.adapted.size(), 1u) << format_import_report(report);
  EXPECT_EQ(report.adapted[0], "pos_embed.table: grid 14x14 -> 16x16 (bicubic), prefix tokens 1 -> 1");
  EXPECT_EQ(model->named_parameters()["pos_embed.table"].size(1), 257);
}

TEST(PretrainedImport, StrictRefusesAMismatchAndLeavesTheModelUntouched) {
  SIGVIT_REQUIRE_REFERENCE_FILES();
  auto model = vit_b16({"model.encoder.mlp_ratio=2"});
  const torch::Tensor before = model->named_parameters()["encoder.blocks.0.attn.qkv.weight"].clone();
  PretrainedOptions options = from_file("torchvision_vit_b16.safetensors");
  options.strict = true;
  const std::string message = error_of([&] { import_pretrained(*model, options); });
  EXPECT_NE(message.find("strict is true; nothing was loaded"), std::string::npos) << message;
  EXPECT_NE(message.find("encoder.blocks.0.mlp.fc1.weight: [3072, 768] in the file, [1536, 768] in the model"),
            std::string::npos)
      << message;
  EXPECT_TRUE(torch::equal(model->named_parameters()["encoder.blocks.0.attn.qkv.weight"], before));

  options.strict = false;
  const ImportReport report = import_pretrained(*model, options);
  EXPECT_EQ(report.mismatched.size(), 36u);  // fc1 weight and bias, fc2 weight, in 12 blocks
  EXPECT_FALSE(torch::equal(model->named_parameters()["encoder.blocks.0.attn.qkv.weight"], before));
}

}  // namespace
}  // namespace sigvit

namespace sigvit {
namespace {

TEST(PretrainedImport, ResamplingMatchesTimmsBicubicWithAntialiasing) {
  SIGVIT_REQUIRE_REFERENCE_FILES();
  const torch::Tensor table = testing::reference_tensor("table_14");
  const torch::Tensor expected = testing::reference_tensor("table_16");
  const torch::Tensor target = torch::zeros({1, 257, 8});
  const torch::Tensor resampled = resample_position_table(table, 1, {14, 14}, target, 1, {16, 16});
  EXPECT_LT((resampled - expected).abs().max().item<double>(), 1e-5);
}

}  // namespace
}  // namespace sigvit
