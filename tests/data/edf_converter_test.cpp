#include "data/convert/edf_converter.h"

#include <edflib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "data/convert/converter_registry.h"
#include "data/sources/edf_file.h"
#include "data_test_support.h"

namespace sigvit {
namespace {

using data_testing::error_of;
using data_testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct EdfTestSignal {
  std::string label;
  int rate = 10;                // samples per one-second data record
  std::vector<double> samples;  // physical values, a whole number of records
  double physical_range = 100;  // physical min -range, max +range
};

struct EdfTestAnnotation {
  double onset = 0, duration = -1;  // seconds; duration < 0: none
  std::string text;
};

// An EDF+ (or BDF+) file through EDFlib's writer; digital range the format's widest.
void edf_write(const std::string& path, const std::vector<EdfTestSignal>& signals,
               const std::vector<EdfTestAnnotation>& annotations = {}, bool bdf = false) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  const int handle = edfopen_file_writeonly(path.c_str(), bdf ? EDFLIB_FILETYPE_BDFPLUS : EDFLIB_FILETYPE_EDFPLUS,
                                            static_cast<int>(signals.size()));
  ASSERT_GE(handle, 0) << path;
  const int digital_max = bdf ? 8388607 : 32767;
  for (int s = 0; s < static_cast<int>(signals.size()); ++s) {
    ASSERT_EQ(edf_set_samplefrequency(handle, s, signals[s].rate), 0);
    ASSERT_EQ(edf_set_physical_maximum(handle, s, signals[s].physical_range), 0);
    ASSERT_EQ(edf_set_physical_minimum(handle, s, -signals[s].physical_range), 0);
    ASSERT_EQ(edf_set_digital_maximum(handle, s, digital_max), 0);
    ASSERT_EQ(edf_set_digital_minimum(handle, s, -digital_max - 1), 0);
    ASSERT_EQ(edf_set_label(handle, s, signals[s].label.c_str()), 0);
    ASSERT_EQ(edf_set_physical_dimension(handle, s, "uV"), 0);
  }
  const size_t records = signals[0].samples.size() / static_cast<size_t>(signals[0].rate);
  for (size_t r = 0; r < records; ++r) {
    for (const EdfTestSignal& signal : signals) {
      std::vector<double> record(signal.samples.begin() + static_cast<long>(r * signal.rate),
                                 signal.samples.begin() + static_cast<long>((r + 1) * signal.rate));
      ASSERT_EQ(edfwrite_physical_samples(handle, record.data()), 0);
    }
  }
  // EDFlib's writer takes onsets and durations in units of 100 microseconds.
  for (const EdfTestAnnotation& annotation : annotations)
    ASSERT_EQ(edfwrite_annotation_utf8(handle, std::llround(annotation.onset * 10000),
                                       annotation.duration < 0 ? -1 : std::llround(annotation.duration * 10000),
                                       annotation.text.c_str()),
              0);
  ASSERT_EQ(edfclose_file(handle), 0);
}

// A plain EDF file (EDFlib writes only EDF+): one signal of int16 samples,
// physical = digital, `rate` samples per one-second record.
void edf_write_plain(const std::string& path, const std::string& label, int rate, const std::vector<int16_t>& samples) {
  const auto field = [](std::string text, size_t width) { return text.append(width - text.size(), ' '); };
  std::string header = field("0", 8) + field("X X X X", 80) + field("Startdate X X X X", 80) + "01.01.20" + "00.00.00" +
                       field("512", 8) + field("", 44) + field(std::to_string(samples.size() / rate), 8) +
                       field("1", 8) + field("1", 4) + field(label, 16) + field("", 80) + field("uV", 8) +
                       field("-32768", 8) + field("32767", 8) + field("-32768", 8) + field("32767", 8) + field("", 80) +
                       field(std::to_string(rate), 8) + field("", 32);
  for (int16_t sample : samples) header.append({static_cast<char>(sample & 0xFF), static_cast<char>(sample >> 8)});
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << header;
}

std::vector<double> edf_ramp(size_t count, double start, double step) {
  std::vector<double> values(count);
  for (size_t i = 0; i < count; ++i) values[i] = start + step * static_cast<double>(i);
  return values;
}

TEST(EdfFile, ReadsSignalsWithinTheDigitalResolutionAndAnnotations) {
  TempDir dir;
  for (const bool bdf : {false, true}) {
    const std::string path = dir.file(bdf ? "rec.bdf" : "rec.edf");
    edf_write(path, {{"EEG Fpz-Cz", 10, edf_ramp(30, -50, 3.3)}, {"Resp", 10, edf_ramp(30, 20, -1.7), 40}},
              {{0.5, 1.25, "Sleep stage W"}, {2, -1, "Lights off"}}, bdf);
    const EdfRecording recording = read_edf_file(path);
    EXPECT_EQ(recording.file_type, bdf ? "BDF+" : "EDF+");
    ASSERT_EQ(recording.signals.size(), 2u);
    EXPECT_EQ(recording.signals[0].label, "EEG Fpz-Cz");
    EXPECT_EQ(recording.signals[1].physical_dimension, "uV");
    EXPECT_EQ(recording.signals[0].sample_rate, 10.0);
    const double steps = bdf ? 16777215.0 : 65535.0;
    const std::vector<std::vector<double>> expected{edf_ramp(30, -50, 3.3), edf_ramp(30, 20, -1.7)};
    const double range[] = {100, 40};
    for (size_t s = 0; s < 2; ++s) {
      ASSERT_EQ(recording.signals[s].samples.size(), 30u);
      for (size_t i = 0; i < 30; ++i)
        EXPECT_NEAR(recording.signals[s].samples[i], expected[s][i],
                    2 * range[s] / steps + 1e-6 * std::abs(expected[s][i]))  // a step, and float's rounding
            << s << " " << i;
    }
    ASSERT_EQ(recording.annotations.size(), 2u);
    EXPECT_DOUBLE_EQ(recording.annotations[0].onset, 0.5);
    EXPECT_DOUBLE_EQ(*recording.annotations[0].duration, 1.25);
    EXPECT_EQ(recording.annotations[0].text, "Sleep stage W");
    EXPECT_FALSE(recording.annotations[1].duration.has_value());
  }
}

TEST(EdfFile, ReadsPlainEdfAndRefusesACorruptOrMissingFileNamingIt) {
  TempDir dir;
  edf_write_plain(dir.file("plain.edf"), "ECG", 4, {1, -2, 3, -4, 5, -6, 7, -8});
  const EdfRecording plain = read_edf_file(dir.file("plain.edf"));
  EXPECT_EQ(plain.file_type, "EDF");
  EXPECT_FALSE(plain.can_hold_annotations());
  EXPECT_THAT(plain.signals[0].samples, ElementsAre(1, -2, 3, -4, 5, -6, 7, -8));

  const std::string corrupt = dir.write("corrupt.edf", "0       " + std::string(300, 'x'));
  EXPECT_THAT(error_of([&] { read_edf_file(corrupt); }),
              HasSubstr("corrupt.edf: cannot read as EDF/BDF: not a valid EDF/BDF file"));
  EXPECT_THAT(error_of([&] { read_edf_file(dir.file("missing.edf")); }),
              HasSubstr("missing.edf: cannot read as EDF/BDF: no such file"));
}

// Two classes in folders, two recordings each, 4 s at 10 Hz whose values
// tell class and recording apart.
void edf_write_classes(const TempDir& dir, const std::string& split, int first_value) {
  int value = first_value;
  for (const char* label : {"sleep", "wake"})
    for (const char* name : {"a.edf", "B.EDF"}) {
      edf_write(dir.file(split + "/" + label + "/" + name),
                {{"EEG", 10, std::vector<double>(40, value)}, {"EOG", 10, std::vector<double>(40, -value)}});
      ++value;
    }
}

TEST(EdfConverter, LabelsFromFoldersWithTrainAndTestFolders) {
  TempDir dir;
  edf_write_classes(dir, "train", 1);
  edf_write_classes(dir, "test", 11);
  const DatasetContent content = convert_edf({dir.file("train"), dir.file("test")}, {});
  EXPECT_THAT(content.info.class_names, ElementsAre("sleep", "wake"));
  EXPECT_EQ(content.info.sample_rate, 10.0);
  ASSERT_EQ(content.splits.size(), 2u);
  const SplitData& test = content.splits[1];
  EXPECT_EQ(test.name, "test");
  EXPECT_THAT(test.case_shape, ElementsAre(2, 40));
  EXPECT_THAT(test.labels, ElementsAre(0, 0, 1, 1));
  // Files in name order: "B.EDF" before "a.edf".
  EXPECT_NEAR(test.float32_values[0], 12, 0.01);
  EXPECT_NEAR(test.float32_values[40], -12, 0.01);
  EXPECT_THAT(content.notes[0], HasSubstr("read 8 files (8 EDF+): 2 signals (EEG, EOG) at 10 Hz"));
  EXPECT_THAT(content.notes[1], HasSubstr("labels from folders: sleep, wake"));
}

TEST(EdfConverter, WindowsOfARecordingNeverStraddleTrainAndTest) {
  TempDir dir;
  edf_write_classes(dir, "all", 1);
  edf_write_classes(dir, "more", 5);
  // Through the command line's options, as `sigvit convert edf` runs it.
  ConverterRegistry registry;
  registry.add(edf_converter_spec());
  const DatasetContent content = registry.find("edf").convert(
      {dir.file("all"), dir.file("more")},
      registry.arguments("edf", {{"channels", "EOG"}, {"window", "10"}, {"stride", "5"}, {"split-fraction", "0.5"}}));
  ASSERT_EQ(content.splits.size(), 2u);
  EXPECT_THAT(content.splits[0].case_shape, ElementsAre(1, 10));
  std::set<int64_t> train_groups(content.splits[0].groups.begin(), content.splits[0].groups.end());
  std::set<int64_t> test_groups(content.splits[1].groups.begin(), content.splits[1].groups.end());
  EXPECT_EQ(train_groups.size() + test_groups.size(), 8u);  // 8 recordings, 7 windows each
  EXPECT_EQ(content.splits[0].num_cases() + content.splits[1].num_cases(), 56);
  for (int64_t group : test_groups) EXPECT_EQ(train_groups.count(group), 0u) << group;
}

TEST(EdfConverter, LabelsSamplesFromAnnotationsDroppingOrNamingUnlabelledOnes) {
  TempDir dir;
  for (const char* split : {"train", "test"})
    edf_write(dir.file(std::string(split) + "/night.edf"), {{"EEG", 10, edf_ramp(100, 0, 1)}},
              {{0, 3, "W"}, {3, 2, "N1"}, {7, 3, "W"}, {1, -1, "Lights off"}});
  const std::vector<std::string> inputs{dir.file("train"), dir.file("test")};
  EdfOptions options;
  options.labels = EdfLabels::annotations;
  options.assembly.window = {10, 0};
  // Samples 50-69 are unlabelled: stretches [0:50) (W W W N1 N1) and [70:100) (W).
  const DatasetContent dropped = convert_edf(inputs, options);
  EXPECT_THAT(dropped.info.class_names, ElementsAre("N1", "W"));
  EXPECT_THAT(dropped.splits[1].labels, ElementsAre(1, 1, 1, 0, 0, 1, 1, 1));
  EXPECT_NEAR(dropped.splits[1].float32_values[3 * 10], 30, 0.01);
  EXPECT_NEAR(dropped.splits[1].float32_values[5 * 10], 70, 0.01);
  EXPECT_THAT(dropped.notes[1], HasSubstr("labels from annotations: N1, W; 2 annotations without a duration or text "
                                          "ignored; 40 samples no annotation covers left out"));

  options.unlabelled = "none";
  const DatasetContent named = convert_edf(inputs, options);
  EXPECT_THAT(named.info.class_names, ElementsAre("N1", "W", "none"));
  EXPECT_THAT(named.splits[1].labels, ElementsAre(1, 1, 1, 0, 0, 2, 2, 1, 1, 1));

  options.assembly.window = {};
  EXPECT_THAT(error_of([&] { convert_edf(inputs, options); }), HasSubstr("night.edf: has a label per sample"));
}

TEST(EdfConverter, RefusesMixedRatesNamingTheSignalsAndFilesThatDisagree) {
  TempDir dir;
  edf_write(dir.file("c/mixed.edf"), {{"EEG", 10, edf_ramp(20, 0, 1)}, {"Resp", 5, edf_ramp(10, 0, 1)}});
  EXPECT_THAT(error_of([&] { convert_edf({dir.file("c/mixed.edf")}, {}); }),
              HasSubstr("mixed.edf: signals of different sample rates (EEG 10 Hz, Resp 5 Hz); pick signals of one "
                        "rate with --channels"));
  edf_write(dir.file("c/other.edf"), {{"Resp", 20, edf_ramp(40, 0, 1)}});
  EdfOptions options;
  options.channels = {"Resp"};
  EXPECT_THAT(error_of([&] {
                convert_edf({dir.file("c/mixed.edf"), dir.file("c/other.edf")}, options);
              }),
              HasSubstr("other.edf: sample rate 20 Hz, expected 5 Hz as in " + dir.file("c/mixed.edf")));
  options.channels = {"Rsp"};
  EXPECT_THAT(error_of([&] { convert_edf({dir.file("c/mixed.edf")}, options); }),
              HasSubstr("mixed.edf: --channels: no signal 'Rsp' (did you mean 'Resp'?); signals: EEG, Resp"));
}

TEST(EdfConverter, RefusesACorruptFileAndLabelsTheWrongWay) {
  TempDir dir;
  edf_write_classes(dir, "train", 1);
  dir.write("train/wake/broken.bdf", "not an EDF file at all");
  EXPECT_THAT(error_of([&] { convert_edf({dir.file("train")}, {}); }),
              HasSubstr("train/wake/broken.bdf: cannot read as EDF/BDF"));
  edf_write_plain(dir.file("plain/sleep/p.edf"), "EEG", 4, {1, 2, 3, 4});
  EdfOptions options;
  options.labels = EdfLabels::annotations;
  EXPECT_THAT(error_of([&] { convert_edf({dir.file("plain")}, options); }),
              HasSubstr("p.edf: EDF files have no annotations (EDF+ and BDF+ do); expected --labels folder or file"));
  edf_write(dir.file("flat/x.edf"), {{"EEG", 10, edf_ramp(10, 0, 1)}});
  EXPECT_THAT(error_of([&] { convert_edf({dir.file("flat")}, {}); }),
              HasSubstr("x.edf: lies directly in the input folder"));
  EXPECT_THAT(error_of([] { parse_edf_labels("folders"); }),
              HasSubstr("--labels folders: expected folder, annotations or file"));
}

}  // namespace
}  // namespace sigvit
