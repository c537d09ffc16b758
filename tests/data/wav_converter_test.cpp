#include <sndfile.h>

#include <filesystem>
#include <set>

#include "data/convert/wav_converter.h"
#include "data/format/dataset_reader.h"
#include "data/format/dataset_writer.h"
#include "data_test_support.h"

namespace sigvit {
namespace {

using data_testing::error_of;
using data_testing::TempDir;
using ::testing::ElementsAre;
using ::testing::FloatEq;
using ::testing::HasSubstr;

// A mono 16-bit PCM WAV whose samples are value / 32768.
void write_wav(const std::string& path, const std::vector<short>& values, int sample_rate = 8000) {
  SF_INFO info{};
  info.samplerate = sample_rate;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  ASSERT_NE(file, nullptr) << sf_strerror(nullptr);
  sf_write_short(file, values.data(), static_cast<sf_count_t>(values.size()));
  sf_close(file);
}

// Six recordings in FSDD's naming: digits 2 and 10, speakers ann and bob.
void write_recordings(const TempDir& dir) {
  write_wav(dir.file("rec/2_ann_0.wav"), {16384, -16384, 8192});
  write_wav(dir.file("rec/2_ann_7.wav"), {100, 200});
  write_wav(dir.file("rec/10_ann_3.wav"), {1, 2, 3, 4, 5});
  write_wav(dir.file("rec/10_bob_12.wav"), {-1});
  write_wav(dir.file("rec/2_bob_5.wav"), {7, 7, 7, 7});
  write_wav(dir.file("rec/10_bob_4.wav"), {9, 9});
}

TEST(WavConverter, SplitsByFsddIndexCropsAndPadsAndSortsLabelsNaturally) {
  TempDir dir;
  std::filesystem::create_directories(dir.file("rec"));
  write_recordings(dir);
  WavOptions options;
  options.assembly.length = 4;
  options.storage = StorageType::int16;
  const std::string out = dir.file("out.h5");
  write_dataset(out, convert_wav({dir.file("rec")}, options));
  const DatasetReader reader(out);
  EXPECT_THAT(reader.info().class_names, ElementsAre("2", "10"));
  EXPECT_EQ(reader.info().sample_rate, 8000.0);
  EXPECT_EQ(reader.split("train").encoding.type, StorageType::int16);
  // Files in name order; index 0-4 test: 10_ann_3, 10_bob_4, 2_ann_0.
  const CaseBlock test = reader.read_split("test");
  EXPECT_THAT(test.shape, ElementsAre(3, 1, 4));
  EXPECT_THAT(test.labels, ElementsAre(1, 1, 0));
  EXPECT_THAT(test.lengths, ElementsAre(4, 2, 3));
  EXPECT_THAT(std::vector<float>(test.values.begin() + 8, test.values.end()),
              ElementsAre(FloatEq(0.5f), FloatEq(-0.5f), FloatEq(0.25f), 0));
  EXPECT_THAT(std::vector<float>(test.values.begin(), test.values.begin() + 4),
              ElementsAre(FloatEq(1 / 32768.0f), FloatEq(2 / 32768.0f), FloatEq(3 / 32768.0f), FloatEq(4 / 32768.0f)));
  const CaseBlock train = reader.read_split("train");
  EXPECT_THAT(train.labels, ElementsAre(1, 0, 0));  // 10_bob_12, 2_ann_7, 2_bob_5
  EXPECT_THAT(train.lengths, ElementsAre(1, 2, 4));
}

TEST(WavConverter, SplitsBySpeakerOrBySeededFraction) {
  TempDir dir;
  std::filesystem::create_directories(dir.file("rec"));
  write_recordings(dir);
  WavOptions by_speaker;
  by_speaker.split.rule = SplitRule::speaker;
  by_speaker.split.test_speakers = {"bob"};
  const DatasetContent speakers = convert_wav({dir.file("rec")}, by_speaker);
  EXPECT_EQ(speakers.splits[1].num_cases(), 3);
  EXPECT_EQ(speakers.splits[1].case_shape, (std::vector<int64_t>{1, 5}));  // padded to the longest file

  WavOptions by_fraction;
  by_fraction.split.rule = SplitRule::fraction;
  by_fraction.split.test_fraction = 0.5;
  by_fraction.split.seed = 3;
  const DatasetContent first = convert_wav({dir.file("rec")}, by_fraction);
  // Per class: round(0.5 * 3) = 2 of the three files of each.
  EXPECT_EQ(first.splits[1].num_cases(), 4);
  EXPECT_EQ(std::count(first.splits[1].labels.begin(), first.splits[1].labels.end(), 0), 2);
  EXPECT_EQ(convert_wav({dir.file("rec")}, by_fraction).splits[1].float32_values, first.splits[1].float32_values);
}

TEST(WavConverter, RefusesOrResamplesAnotherSampleRate) {
  TempDir dir;
  std::filesystem::create_directories(dir.file("rec"));
  write_recordings(dir);
  write_wav(dir.file("rec/2_cy_9.wav"), {0, 1000, 2000, 3000}, 16000);
  EXPECT_THAT(error_of([&] { convert_wav({dir.file("rec")}, {}); }),
              HasSubstr("rec/2_cy_9.wav: sample rate 16000 Hz, expected 8000 Hz (give --resample to convert it)"));
  WavOptions options;
  options.resample = true;
  const DatasetContent content = convert_wav({dir.file("rec")}, options);
  // 2_cy_9 is the last train file, halved in length by linear interpolation.
  const SplitData& train = content.splits[0];
  EXPECT_EQ(train.lengths.back(), 2);
  const auto last = train.float32_values.end() - train.case_shape[1];
  EXPECT_THAT(std::vector<float>(last, last + 2), ElementsAre(0, FloatEq(2000 / 32768.0f)));
}

TEST(WavConverter, RejectsNamesOffThePatternAndUnknownSpeakers) {
  TempDir dir;
  std::filesystem::create_directories(dir.file("rec"));
  write_recordings(dir);
  write_wav(dir.file("rec/noise.wav"), {1});
  EXPECT_THAT(error_of([&] { convert_wav({dir.file("rec")}, {}); }),
              HasSubstr("rec/noise.wav: file name does not match --pattern {label}_{speaker}_{index}.wav"));
  WavOptions options;
  options.pattern = "{label}_{speaker}_{index}.wav";
  options.split.rule = SplitRule::speaker;
  options.split.test_speakers = {"carol"};
  std::filesystem::remove(dir.file("rec/noise.wav"));
  EXPECT_THAT(error_of([&] { convert_wav({dir.file("rec")}, options); }),
              HasSubstr("--test-speakers: no file of speaker 'carol'"));
  WavOptions no_index;
  no_index.pattern = "{label}.wav";
  EXPECT_THAT(error_of([&] { convert_wav({dir.file("rec")}, no_index); }),
              HasSubstr("--pattern {label}.wav has no {index} for FSDD's split"));
}

TEST(WavConverter, ReadsAFolderPerClassRecursivelyInEveryAudioFormatAndCutsWindowsPerFile) {
  TempDir dir;
  for (const char* folder : {"sounds/dog/park", "sounds/cat"}) std::filesystem::create_directories(dir.file(folder));
  write_wav(dir.file("sounds/dog/a.wav"), {1, 2, 3, 4, 5, 6});
  write_wav(dir.file("sounds/dog/park/b.WAV"), {7, 8, 9, 10, 11, 12});
  write_wav(dir.file("sounds/cat/c.wav"), {-1, -2, -3, -4, -5, -6});
  write_wav(dir.file("sounds/cat/d.wav"), {-7, -8, -9, -10, -11, -12});
  WavOptions options;
  options.assembly.window = {3, 3};
  options.split.test_fraction = 0.5;
  const DatasetContent content = convert_wav({dir.file("sounds")}, options);
  EXPECT_THAT(content.info.class_names, ElementsAre("cat", "dog"));
  ASSERT_EQ(content.splits.size(), 2u);
  EXPECT_EQ(content.splits[0].num_cases(), 4);  // two files of two windows each
  EXPECT_EQ(content.splits[1].num_cases(), 4);
  // Both windows of a file are on one side.
  std::set<int64_t> train_groups(content.splits[0].groups.begin(), content.splits[0].groups.end());
  for (int64_t group : content.splits[1].groups) EXPECT_EQ(train_groups.count(group), 0u);
  EXPECT_THAT(content.notes.front(), HasSubstr("read 4 audio files at 8000 Hz, labels from their class folders"));

  write_wav(dir.file("sounds/stray.wav"), {1});
  EXPECT_THAT(error_of([&] { convert_wav({dir.file("sounds")}, options); }),
              HasSubstr("stray.wav: not inside a class folder of"));
}

}  // namespace
}  // namespace sigvit
