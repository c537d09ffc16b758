// safetensors reading and writing, name conventions, channel adaptation and
// partial imports, on small models: no Python needed.

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "model/layers/init.h"
#include "test_support.h"
#include "weights/pretrained_import.h"
#include "weights/safetensors.h"
#include "weights/weight_adaptation.h"
#include "weights/weight_names.h"

namespace sigvit {
namespace {

using testing::error_of;
using testing::model_from_yaml;

std::string temporary_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("sigvit_weights_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

TEST(Safetensors, WritesAlignedDataAndReadsItBack) {
  const NamedTensors tensors{{"a", torch::randn({3, 5})}, {"b", torch::arange(7, torch::kInt64)},
                             {"c", torch::randn({2}, torch::kFloat64)}};
  const std::string bytes = serialize_safetensors(tensors, {{"format", "pt"}});
  uint64_t header = 0;
  for (int i = 7; i >= 0; --i) header = (header << 8) | static_cast<uint8_t>(bytes[i]);
  EXPECT_EQ((8 + header) % 8, 0u);

  const SafetensorsContent read = parse_safetensors(bytes, "test");
  ASSERT_EQ(read.tensors.size(), 3u);
  EXPECT_EQ(read.metadata.at("format"), "pt");
  EXPECT_TRUE(torch::equal(read.tensors[0].second, tensors[0].second));
  EXPECT_TRUE(torch::equal(read.tensors[1].second, tensors[1].second));
  // Floats are exported as F32.
  EXPECT_EQ(read.tensors[2].second.scalar_type(), torch::kFloat32);
  EXPECT_TRUE(torch::allclose(read.tensors[2].second.to(torch::kFloat64), tensors[2].second, 1e-6, 1e-6));
}

std::string with_header(const std::string& json, const std::string& data) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((json.size() >> (8 * i)) & 0xff);
  return out + json + data;
}

TEST(Safetensors, DamagedFilesAreRefusedNamingTheTensorAndField) {
  const std::string data(16, '\0');
  EXPECT_NE(error_of([] { parse_safetensors("abc", "f.safetensors"); }).find("f.safetensors: not a safetensors file"),
            std::string::npos);
  std::string huge = with_header("{}", "");
  huge[6] = 1;
  EXPECT_NE(error_of([&] { parse_safetensors(huge, "f"); }).find("header length"), std::string::npos);
  EXPECT_NE(error_of([&] { parse_safetensors(with_header("{nope", data), "f"); }).find("not valid JSON"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              parse_safetensors(with_header(R"({"w":{"dtype":"Q7","shape":[2],"data_offsets":[0,8]}})", data), "f");
            }).find("tensor 'w': unsupported dtype 'Q7'"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              parse_safetensors(with_header(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", data), "f");
            }).find("tensor 'w': data_offsets span 8 bytes, but F32 [3] needs 12"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              parse_safetensors(with_header(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}})", data), "f");
            }).find("lie outside the 16 bytes of data"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              parse_safetensors(with_header(R"({"v":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                            R"("w":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                                            data),
                                "f");
            }).find("tensors 'v' and 'w' overlap"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              parse_safetensors(with_header(R"({"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}})",
                                            data),
                                "f");
            }).find("holds more values than the file has bytes"),
            std::string::npos);
}

// Only its names and shapes matter here, not its random values.
std::shared_ptr<Classifier> preset_vit_b16() {
  const SkipRandomInit names_only;
  return model_from_yaml("base: " + testing::preset_path("vit_base_patch16_224"));
}

TEST(WeightNames, EveryParameterOfAViTHasATimmAndATorchvisionNameAndBack) {
  const auto model = preset_vit_b16();
  for (WeightNames names : {WeightNames::timm, WeightNames::torchvision}) {
    for (const auto& item : model->named_parameters()) {
      const auto outside = from_sigvit_name(names, item.key());
      ASSERT_TRUE(outside) << item.key() << " has no " << to_string(names) << " name";
      EXPECT_EQ(to_sigvit_name(names, *outside), item.key()) << *outside;
    }
  }
  EXPECT_EQ(from_sigvit_name(WeightNames::torchvision, "encoder.blocks.11.mlp.fc2.bias"),
            "encoder.layers.encoder_layer_11.mlp.3.bias");
  EXPECT_EQ(to_sigvit_name(WeightNames::torchvision, "encoder.layers.encoder_layer_2.mlp.linear_1.weight"),
            "encoder.blocks.2.mlp.fc1.weight");
  EXPECT_EQ(from_sigvit_name(WeightNames::timm, "pos_embed.table"), "pos_embed");
  EXPECT_FALSE(to_sigvit_name(WeightNames::timm, "fc_norm.weight"));
  EXPECT_EQ(detect_weight_names({"cls_token", "pos_embed", "blocks.0.norm1.weight"}, "f"), WeightNames::timm);
  EXPECT_EQ(detect_weight_names({"class_token", "conv_proj.weight"}, "f"), WeightNames::torchvision);
  EXPECT_NE(error_of([] { detect_weight_names({"layer1.weight"}, "w.pt"); }).find("set model.pretrained.names"),
            std::string::npos);
}

torch::Tensor patches_through(const torch::Tensor& x, const torch::Tensor& weight) {
  return torch::conv2d(x, weight, {}, /*stride=*/4);
}

TEST(ChannelAdaptation, AGreyImageThroughTheSummedProjectionGivesItsThreeChannelCopysTokens) {
  torch::manual_seed(0);
  const torch::Tensor weight = torch::randn({6, 3, 4, 4});
  const torch::Tensor grey = torch::randn({2, 1, 8, 8});
  const torch::Tensor adapted = adapt_input_channels(weight, 1);
  ASSERT_EQ(adapted.sizes().vec(), (std::vector<int64_t>{6, 1, 4, 4}));
  EXPECT_TRUE(torch::allclose(patches_through(grey, adapted), patches_through(grey.expand({2, 3, 8, 8}), weight), 1e-5, 1e-5));
}

TEST(ChannelAdaptation, MoreChannelsRepeatTheKernelsScaledDown) {
  torch::manual_seed(0);
  const torch::Tensor weight = torch::randn({6, 3, 4, 4});
  const torch::Tensor five = adapt_input_channels(weight, 5);
  ASSERT_EQ(five.sizes().vec(), (std::vector<int64_t>{6, 5, 4, 4}));
  EXPECT_TRUE(torch::allclose(five.select(1, 3), weight.select(1, 0) * 0.6));
  EXPECT_TRUE(torch::allclose(five.select(1, 4), weight.select(1, 1) * 0.6));
  // Twice the channels: a constant image gives the tokens it gave before.
  const torch::Tensor six = adapt_input_channels(weight, 6);
  EXPECT_TRUE(torch::allclose(patches_through(torch::ones({1, 6, 8, 8}), six),
                              patches_through(torch::ones({1, 3, 8, 8}), weight), 1e-5, 1e-5));
}

const char* const tiny_image_vit = R"(
model:
  input_shape: [3, 32, 32]
  num_classes: 4
  embedder: {name: conv2d_image, patch_size: 8}
  encoder: {embed_dim: 16, depth: 2, num_heads: 2}
)";

const char* const tiny_signal_vit = R"(
model:
  input_shape: [2, 160]
  num_classes: 3
  embedder: {name: conv1d_signal, patch_size: 10}
  encoder: {embed_dim: 16, depth: 2, num_heads: 2}
)";

NamedTensors parameters_of(Classifier& model) {
  NamedTensors out;
  for (const auto& item : model.named_parameters()) out.emplace_back(item.key(), item.value());
  return out;
}

TEST(PretrainedImport, IncludeTakesAnImageModelsEncoderUnderASignalEmbedder) {
  torch::manual_seed(1);
  auto image = model_from_yaml(tiny_image_vit);
  const std::string path = temporary_path("image_vit.safetensors");
  write_safetensors(path, parameters_of(*image), {});

  torch::manual_seed(2);
  auto signal = model_from_yaml(tiny_signal_vit);
  const torch::Tensor embedder_before = signal->named_parameters()["patch_embed.proj.weight"].clone();
  PretrainedOptions options;
  options.path = path;
  options.include = {"encoder.*"};
  options.strict = true;
  const ImportReport report = import_pretrained(*signal, options);
  std::filesystem::remove(path);

  EXPECT_EQ(report.names, WeightNames::sigvit);
  EXPECT_EQ(report.loaded.size(), 2u * 12u + 2u);  // 12 tensors per block, the final norm
  EXPECT_TRUE(report.missing.empty());
  EXPECT_EQ(report.skipped.size(), parameters_of(*image).size() - report.loaded.size());
  for (const auto& item : signal->named_parameters()) {
    if (item.key().rfind("encoder.", 0) == 0) {
      EXPECT_TRUE(torch::equal(item.value(), image->named_parameters()[item.key()])) << item.key();
    }
  }
  EXPECT_TRUE(torch::equal(signal->named_parameters()["patch_embed.proj.weight"], embedder_before));
}

TEST(PretrainedImport, FilesOfAnotherKindAreRefusedNamingThemAndTheFix) {
  const std::string path = temporary_path("notes.pt");
  std::ofstream(path) << "these are not weights";
  PretrainedOptions options;
  options.path = path;
  auto model = model_from_yaml(tiny_signal_vit);
  EXPECT_NE(error_of([&] { import_pretrained(*model, options); })
                .find("notes.pt' is neither safetensors nor a zip archive (torch.save, sigvit checkpoint); set "
                      "model.pretrained.format"),
            std::string::npos);
  options.format = WeightFormat::torch;
  const std::string message = error_of([&] { import_pretrained(*model, options); });
  EXPECT_NE(message.find("notes.pt' is not a torch.save zip archive"), std::string::npos) << message;
  EXPECT_NE(message.find("torch.save({k: v.cpu()"), std::string::npos) << message;
  // A torch.save archive cut short: named as weights, not as a checkpoint.
  std::ifstream whole(std::string(SIGVIT_SOURCE_DIR) + "/tests/fuzz/corpus/weights/tiny.pt", std::ios::binary);
  const std::string archive((std::istreambuf_iterator<char>(whole)), std::istreambuf_iterator<char>());
  std::ofstream(path, std::ios::binary) << archive.substr(0, archive.size() / 2);
  EXPECT_NE(error_of([&] { import_pretrained(*model, options); })
                .find("weights file '" + path + "' cannot be read: not a torch.save archive, or truncated or corrupt"),
            std::string::npos);
  std::filesystem::remove(path);
  options.path = temporary_path("absent.safetensors");
  options.format.reset();
  EXPECT_NE(error_of([&] { import_pretrained(*model, options); }).find("cannot open"), std::string::npos);
}

TEST(PretrainedImport, ConfigKeysAreCheckedAndBuildersNeverSeeThem) {
  auto parse = [](const std::string& pretrained) {
    LoadedConfig config = parse_config(std::string(tiny_signal_vit) + "  pretrained: " + pretrained + "\n", "p.yaml", {});
    return parse_pretrained_options(config.node().child("model"));
  };
  EXPECT_EQ(parse("w.safetensors")->path, "w.safetensors");
  const auto options = parse("{path: w.pt, format: torch, names: timm, include: 'encoder.*', strict: true}");
  EXPECT_EQ(options->format, WeightFormat::torch);
  EXPECT_EQ(options->names, WeightNames::timm);
  EXPECT_EQ(options->include, std::vector<std::string>{"encoder.*"});
  EXPECT_TRUE(options->strict);
  EXPECT_NE(error_of([&] { parse("{path: w.pt, names: keras}"); })
                .find("model.pretrained.names: expected auto, timm, torchvision or sigvit, got 'keras'"),
            std::string::npos);
  EXPECT_NE(error_of([&] { parse("{path: w.pt, strickt: true}"); }).find("did you mean 'strict'"), std::string::npos);
  EXPECT_NE(error_of([&] { parse("{path: w.pt, format: onnx}"); })
                .find("model.pretrained.format: expected auto, safetensors, torch or checkpoint, got 'onnx'"),
            std::string::npos);
  EXPECT_NE(error_of([&] { parse("{format: torch}"); }).find("model.pretrained.path"), std::string::npos);
  // The ViT builder rejects unknown keys; pretrained is not one of them.
  EXPECT_NO_THROW(model_from_yaml(std::string(tiny_signal_vit) + "  pretrained: w.safetensors\n"));
}

}  // namespace
}  // namespace sigvit

namespace sigvit {
namespace {

// Saves `source`'s parameters and imports them strictly into `target`.
ImportReport import_strictly(Classifier& source, Classifier& target) {
  const std::string path = temporary_path("strict_import.safetensors");
  write_safetensors(path, parameters_of(source), {});
  PretrainedOptions options;
  options.path = path;
  options.strict = true;
  const ImportReport report = import_pretrained(target, options);
  std::filesystem::remove(path);
  return report;
}

TEST(PretrainedImport, ALongerSignalResamplesThePositionTableLinearly) {
  torch::manual_seed(1);
  auto short_model = testing::model_from_yaml(tiny_signal_vit);  // 160 samples, 16 tokens
  auto long_model = testing::model_from_yaml(std::string(tiny_signal_vit), {"model.input_shape=[2, 320]"});
  const ImportReport report = import_strictly(*short_model, *long_model);
  ASSERT_EQ(report.adapted.size(), 1u);
  EXPECT_EQ(report.adapted[0], "pos_embed.table: grid 16 -> 32 (linear), prefix tokens 1 -> 1");
  const torch::Tensor table = long_model->named_parameters()["pos_embed.table"];
  const torch::Tensor source = short_model->named_parameters()["pos_embed.table"];
  EXPECT_TRUE(torch::equal(table.narrow(1, 0, 1), source.narrow(1, 0, 1)));  // the cls row is kept
  // Doubling without aligned corners: position 2i+1 lies a quarter of the way from i to i+1.
  const torch::Tensor expected = source[0][1 + 3] * 0.75 + source[0][1 + 4] * 0.25;
  EXPECT_TRUE(torch::allclose(table[0][1 + 7], expected, 1e-5, 1e-6));
}

TEST(PretrainedImport, APositionTableIsSkippedByAModelWithoutPositionEmbeddings) {
  torch::manual_seed(1);
  auto with_table = testing::model_from_yaml(tiny_signal_vit);
  auto without = testing::model_from_yaml(std::string(tiny_signal_vit), {"model.position_embedding=none"});
  const ImportReport report = import_strictly(*with_table, *without);
  EXPECT_EQ(report.skipped, std::vector<std::string>{"pos_embed.table (the model has no position embedding)"});
  EXPECT_TRUE(report.unexpected.empty());
  EXPECT_TRUE(report.missing.empty());
  EXPECT_EQ(report.loaded.size(), parameters_of(*with_table).size() - 1);
}

}  // namespace
}  // namespace sigvit
