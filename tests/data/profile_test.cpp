// `sigvit inspect`'s figures on files whose statistics are known by hand, and
// the per_sample warning: it fires where classes differ by channel level only
// and stays silent where they differ by shape.

#include <cmath>
#include <numeric>

#include "data/format/dataset_reader.h"
#include "data/format/dataset_writer.h"
#include "data/profile/normalization_advice.h"
#include "data/profile/one_way_anova.h"
#include "data/profile/profile_report.h"
#include "data_test_support.h"

namespace sigvit {
namespace {

using data_testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr double kPi = 3.14159265358979323846;

TEST(OneWayAnova, MatchesTheTextbookFormulaAndTheFDistributionOfOneAndOneDegrees) {
  // Class 0: {0.75}; class 1: {4.25, 8.5}. Grand mean 4.5.
  const ClassSeparation s = one_way_anova({0.75, 4.25, 8.5}, {0, 1, 1}, 2);
  const double between = 1 * 3.75 * 3.75 + 2 * 1.875 * 1.875;
  const double within = 2 * 2.125 * 2.125;
  EXPECT_NEAR(s.eta_squared, between / (between + within), 1e-12);
  EXPECT_NEAR(s.f, between / within, 1e-12);
  // F(1, 1) is the square of a standard Cauchy variable.
  EXPECT_NEAR(s.p_value, 1 - 2 / kPi * std::atan(std::sqrt(s.f)), 1e-9);
}

TEST(OneWayAnova, DegenerateGroupsHaveTheirLimits) {
  const ClassSeparation same = one_way_anova({2, 2, 2, 2}, {0, 0, 1, 1}, 2);
  EXPECT_EQ(same.f, 0);
  EXPECT_EQ(same.p_value, 1);
  EXPECT_EQ(same.eta_squared, 0);
  const ClassSeparation apart = one_way_anova({1, 1, 5, 5}, {0, 0, 1, 1}, 2);
  EXPECT_TRUE(std::isinf(apart.f));
  EXPECT_EQ(apart.p_value, 0);
  EXPECT_EQ(apart.eta_squared, 1);
  EXPECT_EQ(one_way_anova({1, 2, 3}, {1, 1, 1}, 3).p_value, 1);  // one class present
  EXPECT_EQ(one_way_anova({1, 2}, {0, 1}, 2).p_value, 1);        // no case beyond one per class
}

TEST(SplitProfile, FiguresOfAHandMadeFileCountValidSamplesOnly) {
  TempDir dir;
  const std::string path = dir.file("small.h5");
  write_dataset(path, data_testing::small_signal_content());
  const SplitProfile train = profile_split(DatasetReader(path), "train");
  EXPECT_EQ(train.cases, 3);
  EXPECT_EQ(train.class_counts, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(train.min_length, 2);
  EXPECT_EQ(train.max_length, 4);
  EXPECT_DOUBLE_EQ(train.padded_fraction, 0.25);  // 9 of 12 samples per channel are valid
  ASSERT_EQ(train.channels.size(), 2u);
  // Channel 0's valid values (value i is 0.5 * i, case-major, length 4, 2, 3).
  const std::vector<double> values{0, 0.5, 1, 1.5, 4, 4.5, 8, 8.5, 9};
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / 9;
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  const ChannelProfile& channel = train.channels[0];
  EXPECT_NEAR(channel.mean, mean, 1e-12);
  EXPECT_NEAR(channel.std, std::sqrt(squares / 9), 1e-12);
  EXPECT_EQ(channel.min, 0);
  EXPECT_EQ(channel.max, 9);
  // Case levels 0.75 | 4.25, 8.5: as the ANOVA test above.
  EXPECT_NEAR(channel.level.f, one_way_anova({0.75, 4.25, 8.5}, {0, 1, 1}, 2).f, 1e-12);
  // Case scales: population std of {0, .5, 1, 1.5}, {4, 4.5}, {8, 8.5, 9}.
  const ClassSeparation scale = one_way_anova({std::sqrt(0.3125), 0.25, std::sqrt(1.0 / 6)}, {0, 1, 1}, 2);
  EXPECT_NEAR(channel.scale.f, scale.f, 1e-9);
  EXPECT_EQ(train.channels[1].max, 11);

  const DatasetProfile profile = profile_dataset(path);
  ASSERT_EQ(profile.splits.size(), 2u);
  EXPECT_EQ(profile.splits[1].name, "test");
  EXPECT_EQ(profile.splits[1].channels[0].mean, -1.25);
  EXPECT_EQ(profile.splits[1].channels[0].std, 0);
  const std::string text = format_profile(profile);
  EXPECT_THAT(text, HasSubstr("split 'train': 3 cases"));
  EXPECT_THAT(text, HasSubstr("classes: low 1, high 2 (smallest/largest 0.50)"));
  EXPECT_THAT(text, HasSubstr("length: 2 to 4 (25.0% padding)"));
  const std::string json = profile_json(profile);
  EXPECT_THAT(json, HasSubstr("\"class_counts\": [\n        1,\n        2\n      ]"));
  EXPECT_THAT(json, HasSubstr("\"padded_fraction\": 0.25"));
}

// 2 classes x `per_class` cases of [2, 24]. Channel 0: class 0 a sine, class 1
// the same sine, shifted in level by `level_gap` when `by_level`, or a
// different wave when not. Channel 1: the same wave for both classes, at a
// level and scale that vary from case to case independently of the class.
DatasetContent two_channel_content(bool by_level, int per_class) {
  DatasetContent content;
  content.info.kind = DatasetKind::signal1d;
  content.info.class_names = {"a", "b"};
  SplitData train;
  train.name = "train";
  train.case_shape = {2, 24};
  for (int i = 0; i < 2 * per_class; ++i) {
    const int label = i % 2;
    const double jitter = 0.1 * std::sin(7.0 * i);  // varies per case, unrelated to the class
    for (int t = 0; t < 24; ++t) {
      const double phase = 2 * kPi * t / 24;
      const double wave = by_level || label == 0 ? std::sin(phase) : std::sin(3 * phase);
      train.float32_values.push_back(static_cast<float>(wave * (1 + jitter) + jitter + (by_level ? 5.0 * label : 0)));
    }
    for (int t = 0; t < 24; ++t) {
      train.float32_values.push_back(
          static_cast<float>(std::cos(2 * kPi * t / 24) * (2 + std::cos(3.0 * i)) + std::sin(5.0 * i)));
    }
    train.labels.push_back(label);
  }
  SplitData test = train;  // the format requires a test split; only train is profiled
  test.name = "test";
  content.splits = {train, test};
  return content;
}

TEST(NormalizationWarning, FiresWhereClassesDifferByChannelLevelAndNamesTheChannel) {
  TempDir dir;
  const std::string path = dir.file("levels.h5");
  write_dataset(path, two_channel_content(true, 10));
  const DatasetReader reader(path);
  const auto warning = check_normalization(reader, "train", NormalizationMode::per_sample);
  ASSERT_TRUE(warning.has_value());
  EXPECT_THAT(*warning, HasSubstr("per_sample removes each case's mean level and scale per channel"));
  EXPECT_THAT(*warning, HasSubstr("'train' split of " + path));
  EXPECT_THAT(*warning, HasSubstr("channel 0: level (eta^2 "));
  EXPECT_THAT(*warning, Not(HasSubstr("channel 1")));
  EXPECT_THAT(*warning, HasSubstr("data.normalization: per_channel keeps them"));
  // Modes that keep the level have nothing to warn about.
  EXPECT_FALSE(check_normalization(reader, "train", NormalizationMode::per_channel).has_value());
  EXPECT_FALSE(check_normalization(reader, "train", NormalizationMode::none).has_value());
  EXPECT_THAT(format_profile(profile_dataset(path)), HasSubstr("the mean level of channel(s) 0 tell(s) the classes"));
}

TEST(NormalizationWarning, StaysSilentWhereClassesDifferByShape) {
  TempDir dir;
  const std::string path = dir.file("shapes.h5");
  write_dataset(path, two_channel_content(false, 10));
  const DatasetReader reader(path);
  EXPECT_FALSE(check_normalization(reader, "train", NormalizationMode::per_sample).has_value());
  EXPECT_THAT(format_profile(profile_dataset(path)), HasSubstr("so per_sample loses little"));
}

}  // namespace
}  // namespace sigvit

namespace sigvit {
namespace {

TEST(SkewWarning, NamesTheLargestAndSmallestClassAndTheOptionsThatHelp) {
  data_testing::TempDir dir;
  DatasetContent content = data_testing::numbered_signal_content(12);
  // Train: 11 cases of class 0, 1 of class 2, none of class 1.
  for (size_t i = 0; i < content.splits[0].labels.size(); ++i) content.splits[0].labels[i] = i == 5 ? 2 : 0;
  write_dataset(dir.file("skewed.h5"), content);
  const std::string text = format_profile(profile_dataset(dir.file("skewed.h5")));
  EXPECT_THAT(text, ::testing::HasSubstr("warning: classes are skewed in train"));
  EXPECT_THAT(text, ::testing::HasSubstr("train.class_weights: auto or data.sampler: balanced"));
  EXPECT_THAT(profile_json(profile_dataset(dir.file("skewed.h5"))), ::testing::HasSubstr("\"warnings\": ["));
  const std::string even = format_profile(profile_dataset([&] {
    write_dataset(dir.file("even.h5"), data_testing::numbered_signal_content(12));
    return dir.file("even.h5");
  }()));
  EXPECT_THAT(even, ::testing::Not(::testing::HasSubstr("skewed")));
}

}  // namespace
}  // namespace sigvit
