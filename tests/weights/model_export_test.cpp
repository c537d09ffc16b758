// sigvit export: safetensors that re-import to the same logits, and a
// TorchScript module that computes what sigvit computes, in C++ and Python.

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "checkpoint/checkpoint.h"
#include "export/model_export.h"
#include "export/torchscript_export.h"
#include "test_support.h"
#include "weights/pretrained_import.h"
#include "weights/safetensors.h"

namespace sigvit {
namespace {

using testing::error_of;
using testing::model_from_yaml;

const char* const image_vit = R"(model:
  input_shape: [3, 32, 32]
  num_classes: 4
  embedder: {name: conv2d_image, patch_size: 8}
  encoder: {embed_dim: 32, depth: 2, num_heads: 4}
)";

const char* const signal_vit = R"(model:
  input_shape: [2, 120]
  num_classes: 3
  pooling: mean
  embedder: {name: conv1d_signal, patch_size: 10}
  encoder: {embed_dim: 16, depth: 2, num_heads: 2}
)";

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() / ("sigvit_export_" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::string path(const std::string& name) const { return (directory_ / name).string(); }

  // A checkpoint of a model built from `yaml` under `seed`.
  std::string checkpoint_of(const std::string& yaml, int seed, std::shared_ptr<Classifier>* model) {
    torch::manual_seed(seed);
    *model = model_from_yaml(yaml);
    CheckpointContent content;
    content.card.config_yaml = yaml;
    for (int64_t i = 0; i < (*model)->num_classes(); ++i) content.card.class_names.push_back("c" + std::to_string(i));
    const std::string file = path("model.ckpt");
    save_checkpoint(file, content, **model, nullptr);
    return file;
  }

  std::filesystem::path directory_;
};

TEST_F(ExportTest, SafetensorsReimportToIdenticalLogitsUnderEveryNaming) {
  std::shared_ptr<Classifier> trained;
  const std::string checkpoint = checkpoint_of(image_vit, 1, &trained);
  const torch::Tensor x = torch::randn({3, 3, 32, 32});
  const torch::Tensor expected = testing::eval_logits(*trained, x);
  for (WeightNames names : {WeightNames::sigvit, WeightNames::timm, WeightNames::torchvision}) {
    const std::string file = path(to_string(names) + ".safetensors");
    export_checkpoint({checkpoint, file, ExportFormat::safetensors, names});
    torch::manual_seed(99);
    auto fresh = model_from_yaml(image_vit);
    PretrainedOptions options;
    options.path = file;
    options.strict = true;
    const ImportReport report = import_pretrained(*fresh, options);
    EXPECT_EQ(report.names, names);
    EXPECT_TRUE(torch::equal(testing::eval_logits(*fresh, x), expected)) << to_string(names);
  }
  const SafetensorsContent written = read_safetensors(path("timm.safetensors"));
  EXPECT_NE(written.metadata.at("sigvit").find("\"classes\":[\"c0\",\"c1\",\"c2\",\"c3\"]"), std::string::npos);
  EXPECT_EQ(written.metadata.at("format"), "pt");
}

TEST(Export, AnUnknownFormatIsRefused) {
  EXPECT_EQ(error_of([] { parse_export_format("onnx"); }),
            "--format: expected safetensors or torchscript, got 'onnx'");
}

TEST_F(ExportTest, ACnnHasNoTimmNamesAndSaysSo) {
  std::shared_ptr<Classifier> cnn;
  const std::string checkpoint = checkpoint_of(
      "model: {type: fcn, input_shape: [1, 64], num_classes: 2, channels: [4, 4, 4]}\n", 1, &cnn);
  const std::string message = error_of(
      [&] { export_checkpoint({checkpoint, path("fcn.safetensors"), ExportFormat::safetensors, WeightNames::timm}); });
  EXPECT_NE(message.find("that timm's ViT has no name for"), std::string::npos) << message;
  EXPECT_NE(message.find("--names sigvit"), std::string::npos) << message;
  EXPECT_FALSE(std::filesystem::exists(path("fcn.safetensors")));
}

TEST_F(ExportTest, TorchScriptComputesSigvitsLogitsForAnyBatchSize) {
  for (const char* yaml : {image_vit, signal_vit}) {
    torch::manual_seed(5);
    auto model = model_from_yaml(yaml);
    torch::jit::Module module = trace_to_torchscript(*model, 2);
    std::vector<int64_t> shape = model->input_shape();
    shape.insert(shape.begin(), 5);
    const torch::Tensor x = torch::randn(shape);
    torch::NoGradGuard no_grad;
    const torch::Tensor scripted = module.forward({x}).toTensor();
    EXPECT_LT((scripted - testing::eval_logits(*model, x)).abs().max().item<double>(), 1e-5) << yaml;
    EXPECT_EQ(module.named_parameters().size(), model->named_parameters().size());
  }
}

// The first line `command` printed, or "" when it failed.
std::string first_lines(const std::string& command) {
  std::array<char, 512> buffer{};
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return "";
  while (std::fgets(buffer.data(), buffer.size(), pipe)) out += buffer.data();
  return ::pclose(pipe) == 0 ? out : "";
}

TEST_F(ExportTest, PythonsTorchJitLoadRunsTheExport) {
  if (std::system("/usr/bin/python3 -c 'import torch, numpy' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "Python's torch is not installed (python3-torch; tools/test installs it)";
  }
  std::shared_ptr<Classifier> trained;
  const std::string checkpoint = checkpoint_of(image_vit, 2, &trained);
  const std::string exported = path("model.pt");
  export_checkpoint({checkpoint, exported, ExportFormat::torchscript, WeightNames::sigvit});
  const torch::Tensor x = torch::randn({3, 3, 32, 32});
  write_safetensors(path("io.safetensors"), {{"input", x}, {"logits", testing::eval_logits(*trained, x)}}, {});
  const std::string printed = first_lines("/usr/bin/python3 " SIGVIT_SOURCE_DIR "/tests/weights/run_torchscript.py " +
                                          exported + " " + path("io.safetensors"));
  ASSERT_FALSE(printed.empty()) << "run_torchscript.py failed";
  EXPECT_LT(std::stod(printed), 1e-5) << printed;
  EXPECT_NE(printed.find("\nc0,c1,c2,c3\n"), std::string::npos) << printed;
}

}  // namespace
}  // namespace sigvit
