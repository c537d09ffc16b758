// `sigvit predict` from a checkpoint alone: a file gives the probabilities its
// case gets on the evaluation path, whatever its format.

#include <png.h>
#include <sndfile.h>

#include <torch/types.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "config/config_loader.h"
#include "data/format/dataset_writer.h"
#include "engine/evaluator.h"
#include "experiment/experiment.h"
#include "core/text.h"
#include "explain/explain_inputs.h"
#include "model/api/plugin_loader.h"
#include "model/builtin_models.h"
#include "predict/predictions.h"
#include "run/run_experiment.h"
#include "train_test_support.h"

namespace sigvit {
namespace {

using namespace train_testing;
using sigvit::testing::error_of;

void write_wav(const std::string& path, const std::vector<std::vector<float>>& channels, int rate) {
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = static_cast<int>(channels.size());
  info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  ASSERT_NE(file, nullptr) << sf_strerror(nullptr);
  std::vector<float> interleaved;
  for (size_t t = 0; t < channels[0].size(); ++t)
    for (const auto& channel : channels) interleaved.push_back(channel[t]);
  sf_writef_float(file, interleaved.data(), static_cast<sf_count_t>(channels[0].size()));
  sf_close(file);
}

std::vector<float> case_samples(const InputGroup& group, int64_t index) {
  const torch::Tensor x = group.x[index][0].contiguous();
  return std::vector<float>(x.data_ptr<float>(), x.data_ptr<float>() + x.numel());
}

std::vector<double> probabilities_of(const Prediction& prediction, const std::vector<std::string>& classes) {
  std::vector<double> by_class(classes.size(), -1.0);
  for (const ClassProbability& entry : prediction.top)
    by_class[std::find(classes.begin(), classes.end(), entry.label) - classes.begin()] = entry.probability;
  return by_class;
}

void expect_near(const std::vector<double>& a, const std::vector<double>& b, double tolerance) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], tolerance) << "class " << i;
}

// A toy signal model trained for a few steps with per-channel normalisation,
// so predict must apply the checkpoint's statistics to match evaluation.
class SignalPredict : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    write_toy_dataset(dir_->file("toy.h5"), 60, 30);
    RunRequest request;
    request.config_path = dir_->write("toy.yaml", toy_experiment_yaml(dir_->file("toy.h5"), dir_->file("run")));
    request.overrides = {"data.normalization=per_channel"};
    std::ostringstream ignored;
    checkpoint_ = new std::string(run_experiment(request, ignored).directory + "/best.ckpt");
  }
  static void TearDownTestSuite() {
    delete checkpoint_;
    delete dir_;
  }

  Predictor predictor() const { return Predictor(*checkpoint_, torch::kCPU); }
  std::vector<Prediction> predict(const std::vector<std::string>& files, InputOptions options = {},
                                  int64_t top_k = 3) const {
    return predict_files(predictor(), files, options, top_k);
  }
  InputGroup test_cases() const {
    return read_prediction_inputs(dir_->file("toy.h5"), predictor().card(), {1, 32}, {std::string("test"), false})
        .at(0);
  }

  static TempDir* dir_;
  static std::string* checkpoint_;
};
TempDir* SignalPredict::dir_ = nullptr;
std::string* SignalPredict::checkpoint_ = nullptr;

TEST_F(SignalPredict, AnH5FileGivesTheProbabilitiesOfEvaluation) {
  const std::vector<Prediction> predictions = predict({dir_->file("toy.h5")}, {std::string("test"), false});
  ASSERT_EQ(predictions.size(), 30u);
  EXPECT_EQ(predictions[4].input, dir_->file("toy.h5") + ":test[4]");
  EXPECT_EQ(predictions[4].truth, "middle");  // case i has label i % 3

  // The mean -log p(true class) over the cases is evaluation's loss.
  Experiment experiment(load_config(dir_->file("toy.yaml")), dir_->file("toy.yaml"));
  const Predictor model = predictor();
  std::shared_ptr<Classifier> classifier = build_model_from_card(model.card(), *checkpoint_);
  load_checkpoint_weights(*checkpoint_, *classifier, nullptr);
  const auto loader = experiment.split_loader("test", model.card());
  const Evaluation evaluation = evaluate(*classifier, *loader, torch::kCPU);
  double loss = 0;
  int64_t correct = 0;
  for (const Prediction& prediction : predictions) {
    const std::vector<double> p = probabilities_of(prediction, model.card().class_names);
    const auto truth = std::find(model.card().class_names.begin(), model.card().class_names.end(), *prediction.truth);
    loss -= std::log(p[static_cast<size_t>(truth - model.card().class_names.begin())]);
    correct += prediction.top[0].label == *prediction.truth;
  }
  EXPECT_NEAR(loss / 30.0, evaluation.loss, 1e-5);
  EXPECT_NEAR(static_cast<double>(correct) / 30.0, evaluation.accuracy(), 1e-12);
}

TEST_F(SignalPredict, AFewCasesOfAnH5FileAreReadWithoutTheRest) {
  const std::string path = dir_->file("toy.h5");
  const std::vector<InputGroup> all = read_prediction_inputs(path, predictor().card(), {1, 32}, {});
  ASSERT_EQ(all.size(), 2u);
  const int64_t first = all[0].x.size(0);
  InputOptions few;
  few.max_cases = first + 4;  // the whole first split and the second's first four
  const std::vector<InputGroup> some = read_prediction_inputs(path, predictor().card(), {1, 32}, few);
  ASSERT_EQ(some.size(), 2u);
  EXPECT_TRUE(torch::equal(some[0].x, all[0].x));
  EXPECT_TRUE(torch::equal(some[1].x, all[1].x.narrow(0, 0, 4)));
  EXPECT_TRUE(torch::equal(some[1].lengths, all[1].lengths.narrow(0, 0, 4)));
  EXPECT_EQ(some[1].names, std::vector<std::string>(all[1].names.begin(), all[1].names.begin() + 4));
  EXPECT_EQ(some[1].labels, std::vector<std::string>(all[1].labels.begin(), all[1].labels.begin() + 4));

  few.max_cases = 3;  // within the first split: the second is not read at all
  const std::vector<InputGroup> three = read_prediction_inputs(path, predictor().card(), {1, 32}, few);
  ASSERT_EQ(three.size(), 1u);
  EXPECT_TRUE(torch::equal(three[0].x, all[0].x.narrow(0, 0, 3)));
}

TEST_F(SignalPredict, ExplainStopsReadingInputsAtItsLimitAcrossFiles) {
  ExplainOptions options;
  options.output_dir = dir_->file("maps");
  options.inputs.split = "test";
  options.limit = 32;  // the 30 test cases of the first file and 2 of the second
  std::string problem;
  const std::string data = dir_->file("toy.h5");
  // A file after the limit is not opened at all.
  const std::vector<Explanation> explained =
      explain_inputs(predictor(), {data, data, dir_->file("never_read.h5")}, options, &problem);
  ASSERT_EQ(explained.size(), 32u);
  EXPECT_EQ(explained[29].input, data + ":test[29]");
  EXPECT_EQ(explained[30].input, data + ":test[0]");
  EXPECT_EQ(explained[31].input, data + ":test[1]");
}

TEST_F(SignalPredict, Bf16GivesTheClassesOfFp32WithinRounding) {
  torch::Tensor x = torch::randn({12, 1, 32});
  const torch::Tensor fp32 = predictor().probabilities(x, {});
  const torch::Tensor bf16 = Predictor(*checkpoint_, torch::kCPU, Precision::bf16).probabilities(x, {});
  EXPECT_EQ(bf16.scalar_type(), torch::kFloat);
  EXPECT_FALSE(torch::equal(fp32, bf16)) << "the forward pass ran in bf16";
  EXPECT_LT((fp32 - bf16).abs().max().item<double>(), 0.05);
}

TEST_F(SignalPredict, AWavOfACaseGivesItsProbabilities) {
  const InputGroup cases = test_cases();
  const std::vector<std::string> classes = predictor().card().class_names;
  const std::vector<Prediction> from_h5 = predict({dir_->file("toy.h5")}, {std::string("test"), false});
  for (int64_t index : {0, 1, 2}) {
    const std::string wav = dir_->file("case" + std::to_string(index) + ".wav");
    write_wav(wav, {case_samples(cases, index)}, 32);
    const std::vector<Prediction> from_wav = predict({wav});
    ASSERT_EQ(from_wav.size(), 1u);
    EXPECT_EQ(from_wav[0].input, wav);
    EXPECT_FALSE(from_wav[0].truth);
    expect_near(probabilities_of(from_wav[0], classes), probabilities_of(from_h5[static_cast<size_t>(index)], classes),
                1e-5);
  }
}

TEST_F(SignalPredict, ArraysInNpyNpzAndCsvGiveTheProbabilitiesOfTheirCases) {
  const InputGroup cases = test_cases();
  const std::vector<std::string> classes = predictor().card().class_names;
  const std::vector<Prediction> from_h5 = predict({dir_->file("toy.h5")}, {std::string("test"), false});
  // Three cases as pandas writes them: index, label, then the samples.
  std::string csv = ",label";
  for (int t = 0; t < 32; ++t) csv += ",t" + std::to_string(t);
  csv += "\n";
  for (int64_t index : {0, 1, 2}) {
    csv += std::to_string(index) + "," + cases.labels[static_cast<size_t>(index)];
    for (float value : case_samples(cases, index)) csv += "," + format_number("%.9g", value);
    csv += "\n";
  }
  const std::string table = dir_->write("cases.csv", csv);
  const std::string script = dir_->write("arrays.py",
                                         "import numpy as np, pandas as pd\n"
                                         "frame = pd.read_csv('" + table + "', index_col=0)\n"
                                         "x = frame.drop(columns='label').to_numpy(np.float64)\n"
                                         "np.save('" + dir_->file("cases.npy") + "', x)\n"
                                         "np.savez('" + dir_->file("cases.npz") + "', X=x[:, None, :], y=frame['label'].to_numpy(str))\n");
  ASSERT_EQ(std::system(("/usr/bin/python3 " + script).c_str()), 0);
  for (const std::string name : {"cases.csv", "cases.npy", "cases.npz"}) {
    const std::vector<Prediction> found = predict({dir_->file(name)});
    ASSERT_EQ(found.size(), 3u) << name;
    for (size_t index = 0; index < 3; ++index) {
      EXPECT_EQ(found[index].input, dir_->file(name) + "[" + std::to_string(index) + "]");
      expect_near(probabilities_of(found[index], classes), probabilities_of(from_h5[index], classes), 1e-5);
      if (name != "cases.npy") EXPECT_EQ(found[index].truth, cases.labels[index]) << name;
    }
  }
  const std::string wrong = dir_->write("wrong.csv", "a,b\n1,2\n");
  EXPECT_THAT(error_of([&] { predict({wrong}); }),
              ::testing::HasSubstr("wrong.csv: 2 value columns per row, the model takes [1, 32] = 32 values per case"));
}

TEST_F(SignalPredict, ALongerRecordingIsCentredAndAShorterOneZeroPadded) {
  const InputGroup cases = test_cases();
  const std::vector<std::string> classes = predictor().card().class_names;
  const std::vector<float> samples = case_samples(cases, 0);
  // The model takes 32 samples: of 48 it sees the middle 32, the case itself.
  std::vector<float> longer(8, 5.0f);
  longer.insert(longer.end(), samples.begin(), samples.end());
  longer.insert(longer.end(), 8, -5.0f);
  write_wav(dir_->file("longer.wav"), {longer}, 32);
  write_wav(dir_->file("exact.wav"), {samples}, 32);
  const auto both = predict({dir_->file("longer.wav"), dir_->file("exact.wav")});
  expect_near(probabilities_of(both[0], classes), probabilities_of(both[1], classes), 1e-5);

  // 20 samples: the first 20 of the model's 32, padding masked as in the loader.
  const std::vector<float> shorter(samples.begin(), samples.begin() + 20);
  write_wav(dir_->file("shorter.wav"), {shorter}, 32);
  torch::Tensor padded = torch::zeros({1, 1, 32});
  padded[0][0].narrow(0, 0, 20).copy_(torch::tensor(shorter));
  const torch::Tensor expected = predictor().probabilities(padded, torch::full({1}, 20, torch::kInt64));
  const std::vector<double> got = probabilities_of(predict({dir_->file("shorter.wav")})[0], classes);
  for (int64_t c = 0; c < 3; ++c) EXPECT_NEAR(got[static_cast<size_t>(c)], expected[0][c].item<double>(), 1e-5);
}

TEST_F(SignalPredict, TopKIsSortedAndCappedAtTheClassCount) {
  const auto predictions = predict({dir_->file("toy.h5")}, {std::string("test"), false}, 10);
  for (const Prediction& prediction : predictions) {
    ASSERT_EQ(prediction.top.size(), 3u);
    EXPECT_GE(prediction.top[0].probability, prediction.top[1].probability);
    EXPECT_GE(prediction.top[1].probability, prediction.top[2].probability);
    EXPECT_NEAR(prediction.top[0].probability + prediction.top[1].probability + prediction.top[2].probability, 1.0,
                1e-5);
  }
  EXPECT_EQ(predict({dir_->file("toy.h5")}, {std::string("test"), false}, 1)[0].top.size(), 1u);
  EXPECT_THAT(error_of([&] { predict({dir_->file("toy.h5")}, {}, 0); }), ::testing::HasSubstr("--top-k"));
}

TEST_F(SignalPredict, EveryInputOfTheWrongKindGetsAnErrorNamingIt) {
  using ::testing::AllOf;
  using ::testing::HasSubstr;
  const std::vector<float> samples = case_samples(test_cases(), 0);
  write_wav(dir_->file("fast.wav"), {samples}, 64);
  EXPECT_THAT(error_of([&] { predict({dir_->file("fast.wav")}); }),
              AllOf(HasSubstr("fast.wav"), HasSubstr("64 Hz"), HasSubstr("32 Hz"), HasSubstr("--resample")));
  const auto resampled = predict({dir_->file("fast.wav")}, {std::nullopt, true});
  EXPECT_EQ(resampled.size(), 1u);

  write_wav(dir_->file("stereo.wav"), {samples, samples}, 32);
  EXPECT_THAT(error_of([&] { predict({dir_->file("stereo.wav")}); }),
              AllOf(HasSubstr("stereo.wav"), HasSubstr("2 channels, the model takes 1")));
  const std::string picture = dir_->write("picture.pgm", "P2\n2 1\n255\n0 255\n");
  EXPECT_THAT(error_of([&] { predict({picture}); }),
              AllOf(HasSubstr("picture.pgm"), HasSubstr("cannot read as audio"), HasSubstr("takes signals")));
  EXPECT_THAT(error_of([&] { predict({dir_->file("absent.wav")}); }),
              AllOf(HasSubstr("absent.wav"), HasSubstr("no such file")));
  EXPECT_THAT(error_of([&] { predict({dir_->file("toy.h5")}, {std::string("val"), false}); }),
              AllOf(HasSubstr("toy.h5"), HasSubstr("no split 'val'")));
  EXPECT_THAT(error_of([&] { predict({dir_->file("stereo.wav")}, {std::string("test"), false}); }),
              HasSubstr("--split applies to .h5 inputs"));
}

TEST_F(SignalPredict, AnH5SetTheModelCannotTakeIsRefusedByName) {
  using ::testing::AllOf;
  using ::testing::HasSubstr;
  DatasetContent images = data_testing::numbered_image_content(6);
  write_dataset(dir_->file("images.h5"), images);
  EXPECT_THAT(error_of([&] { predict({dir_->file("images.h5")}); }),
              AllOf(HasSubstr("images.h5"), HasSubstr("holds image2d data, the model takes signal1d")));

  DatasetContent two_channels = data_testing::numbered_signal_content(6);  // [2, 16], no rate
  write_dataset(dir_->file("two.h5"), two_channels);
  EXPECT_THAT(error_of([&] { predict({dir_->file("two.h5")}); }),
              AllOf(HasSubstr("two.h5: /train has 2 channels, the model takes 1")));
  two_channels.info.sample_rate = 64.0;
  write_dataset(dir_->file("fast.h5"), two_channels);
  EXPECT_THAT(error_of([&] { predict({dir_->file("fast.h5")}); }),
              AllOf(HasSubstr("fast.h5: sampled at 64 Hz, the model was trained at 32 Hz")));
}

TEST_F(SignalPredict, TheTableAndJsonCarryEveryPrediction) {
  const auto predictions = predict({dir_->file("toy.h5")}, {std::string("test"), false}, 2);
  const std::string table = format_predictions(predictions);
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 30);
  EXPECT_THAT(table, ::testing::HasSubstr(":test[29]  (label late)  " + predictions[29].top[0].label + " "));
  const auto json = nlohmann::json::parse(predictions_json(predictions));
  ASSERT_EQ(json.size(), 30u);
  EXPECT_EQ(json[29]["label"], "late");
  EXPECT_EQ(json[29]["top"].size(), 2u);
  EXPECT_DOUBLE_EQ(json[29]["top"][0]["probability"].get<double>(), predictions[29].top[0].probability);
}

// An untrained image model is enough: every format must reach it as the same
// values as the 8-bit training data, then normalised with the card's stats.
class ImagePredict : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string config =
        "model:\n"
        "  input_shape: [1, 4, 6]\n"
        "  num_classes: 3\n"
        "  embedder: {name: conv2d_image, patch_size: 2}\n"
        "  encoder: {embed_dim: 16, depth: 1, num_heads: 2}\n";
    torch::manual_seed(0);
    EmbedderRegistry registry = registry_with_builtins();
    std::shared_ptr<Classifier> model =
        build_model(parse_config(config, "image model").node().child("model"), registry);
    CheckpointContent content;
    content.card.config_yaml = config;
    content.card.class_names = {"a", "b", "c"};
    content.card.kind = DatasetKind::image2d;
    content.card.normalization = NormalizationMode::per_channel;
    content.card.stats = NormalizationStats{{0.4}, {0.3}};
    content.card.uint8_encoding = std::pair(1.0 / 255.0, 0.0);
    checkpoint = dir.file("image.ckpt");
    save_checkpoint(checkpoint, content, *model, nullptr);

    for (int64_t i = 0; i < 24; ++i) pixels.push_back(static_cast<uint8_t>((i * 37 + 11) % 256));
    DatasetContent data;
    data.info.kind = DatasetKind::image2d;
    data.info.class_names = {"a", "b", "c"};
    data.info.source = "unit test";
    data.info.license = "CC0";
    SplitData split;
    split.name = "test";
    split.case_shape = {1, 4, 6};
    split.encoding = ValueEncoding{StorageType::uint8, 1.0 / 255.0, 0.0};
    split.uint8_values = pixels;
    split.labels = {1};
    data.splits.push_back(split);
    split.name = "train";
    data.splits.insert(data.splits.begin(), split);
    write_dataset(dir.file("images.h5"), data);
  }

  std::string write_pgm(const std::string& name) const {
    std::ofstream out(dir.file(name), std::ios::binary);
    out << "P5\n6 4\n255\n";
    out.write(reinterpret_cast<const char*>(pixels.data()), static_cast<std::streamsize>(pixels.size()));
    return dir.file(name);
  }

  std::string write_png(const std::string& name) const {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    image.width = 6;
    image.height = 4;
    image.format = PNG_FORMAT_GRAY;
    EXPECT_TRUE(png_image_write_to_file(&image, dir.file(name).c_str(), 0, pixels.data(), 0, nullptr));
    return dir.file(name);
  }

  TempDir dir;
  std::string checkpoint;
  std::vector<uint8_t> pixels;
};

TEST_F(ImagePredict, PngPgmAndH5OfTheSamePixelsAgree) {
  const Predictor predictor(checkpoint, torch::kCPU);
  const auto predictions =
      predict_files(predictor, {dir.file("images.h5"), write_pgm("same.pgm"), write_png("same.png")}, {}, 3);
  ASSERT_EQ(predictions.size(), 4u);  // the case of train, then of test, then the two files
  EXPECT_EQ(predictions[1].input, dir.file("images.h5") + ":test[0]");
  EXPECT_EQ(predictions[0].truth, "b");
  const std::vector<std::string> classes{"a", "b", "c"};
  expect_near(probabilities_of(predictions[2], classes), probabilities_of(predictions[1], classes), 1e-6);
  expect_near(probabilities_of(predictions[3], classes), probabilities_of(predictions[1], classes), 1e-6);

  // The values the model saw: byte / 255, normalised with mean 0.4, std 0.3.
  torch::Tensor x = torch::tensor(std::vector<float>(pixels.begin(), pixels.end())).reshape({1, 1, 4, 6}) / 255.0;
  const torch::Tensor expected = predictor.probabilities(x, {});
  for (int64_t c = 0; c < 3; ++c)
    EXPECT_NEAR(probabilities_of(predictions[1], classes)[static_cast<size_t>(c)], expected[0][c].item<double>(), 1e-6);
}

TEST_F(ImagePredict, AnImageOfAnotherSizeOrColourIsRefused) {
  using ::testing::AllOf;
  using ::testing::HasSubstr;
  const Predictor predictor(checkpoint, torch::kCPU);
  std::string wide_text = "P2\n7 4\n255\n";
  for (int i = 0; i < 28; ++i) wide_text += "1 ";
  const std::string wide = dir.write("wide.pgm", wide_text);
  EXPECT_THAT(error_of([&] { predict_files(predictor, {wide}, {}, 3); }),
              AllOf(HasSubstr("wide.pgm"), HasSubstr("4x7 pixels, the model takes 4x6")));
  std::string rgb = "P3\n6 4\n255\n";
  for (int i = 0; i < 72; ++i) rgb += "9 ";
  EXPECT_THAT(error_of([&] { predict_files(predictor, {dir.write("colour.ppm", rgb)}, {}, 3); }),
              AllOf(HasSubstr("colour.ppm"), HasSubstr("3 channels (RGB), the model takes 1")));
  DatasetContent turned = data_testing::numbered_image_content(2);  // [1, 4, 6]
  for (SplitData& split : turned.splits) split.case_shape = {1, 6, 4};
  write_dataset(dir.file("turned.h5"), turned);
  EXPECT_THAT(error_of([&] { predict_files(predictor, {dir.file("turned.h5")}, {}, 3); }),
              HasSubstr("turned.h5: /train: 6x4 pixels, the model takes 4x6"));
  EXPECT_THAT(error_of([&] { predict_files(predictor, {dir.write("notes.txt", "hello")}, {}, 3); }),
              AllOf(HasSubstr("notes.txt"), HasSubstr("not a PNG, PGM or PPM"), HasSubstr("takes images")));
}

}  // namespace
}  // namespace sigvit
