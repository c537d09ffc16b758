#include <set>
#include <H5Cpp.h>

#include <chrono>
#include <future>
#include <set>
#include <thread>

#include "data/format/dataset_reader.h"
#include "data/format/dataset_writer.h"
#include "data/load/batch_loader.h"
#include "data_test_support.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

using data_testing::numbered_image_content;
using data_testing::numbered_signal_content;
using data_testing::TempDir;
using ::testing::HasSubstr;

std::shared_ptr<const DatasetReader> written(const TempDir& dir, const DatasetContent& content) {
  const std::string path = dir.file("loader.h5");
  write_dataset(path, content);
  return std::make_shared<const DatasetReader>(path);
}

// Small blocks (3 cases of 2 x 16 floats) so that a streamed epoch spans many.
LoaderOptions small_options() {
  LoaderOptions options;
  options.batch_size = 4;
  options.seed = 11;
  options.shuffle_block_bytes = 3 * 2 * 16 * 4;
  options.shuffle_window_blocks = 2;
  return options;
}

std::vector<Batch> epoch_of(BatchLoader& loader, int64_t epoch) {
  std::vector<Batch> batches;
  loader.start_epoch(epoch);
  while (std::optional<Batch> batch = loader.next()) batches.push_back(*batch);
  return batches;
}

void expect_same_batches(const std::vector<Batch>& a, const std::vector<Batch>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(torch::equal(a[i].x, b[i].x)) << "batch " << i;
    EXPECT_TRUE(torch::equal(a[i].y, b[i].y)) << "batch " << i;
    ASSERT_EQ(a[i].lengths.defined(), b[i].lengths.defined());
    if (a[i].lengths.defined()) EXPECT_TRUE(torch::equal(a[i].lengths, b[i].lengths)) << "batch " << i;
    EXPECT_EQ(a[i].mix_lambda, b[i].mix_lambda);
  }
}

TEST(BatchLoader, BatchesHoldTheSampledCasesWithLabelsAndLengths) {
  TempDir dir;
  auto reader = written(dir, numbered_signal_content(10));
  BatchLoader loader(reader, "train", small_options());
  EXPECT_FALSE(loader.streaming());
  const std::vector<Batch> batches = epoch_of(loader, 0);
  const auto expected = loader.sampler().batches(0);
  ASSERT_EQ(batches.size(), 3u);
  const CaseBlock all = reader->read_split("train");
  for (size_t b = 0; b < batches.size(); ++b) {
    const Batch& batch = batches[b];
    ASSERT_EQ(batch.x.sizes(), (std::vector<int64_t>{static_cast<int64_t>(expected[b].size()), 2, 16}));
    EXPECT_EQ(batch.x.scalar_type(), torch::kFloat32);
    for (size_t i = 0; i < expected[b].size(); ++i) {
      const int64_t c = expected[b][i];
      EXPECT_EQ(batch.y[static_cast<int64_t>(i)].item<int64_t>(), c % 3);
      EXPECT_EQ(batch.lengths[static_cast<int64_t>(i)].item<int64_t>(), 1 + (5 * c) % 16);
      EXPECT_EQ(batch.x[static_cast<int64_t>(i)][1][0].item<float>(), all.values[static_cast<size_t>(c * 32 + 16)]);
    }
  }
  EXPECT_FALSE(loader.next().has_value());
}

TEST(BatchLoader, SameSeedGivesTheSameBatchesAnotherEpochOthers) {
  TempDir dir;
  auto reader = written(dir, numbered_signal_content(20));
  BatchLoader first(reader, "train", small_options());
  BatchLoader second(reader, "train", small_options());
  expect_same_batches(epoch_of(first, 3), epoch_of(second, 3));
  EXPECT_FALSE(torch::equal(epoch_of(first, 3)[0].x, epoch_of(first, 4)[0].x));
}

// The first value of each case of an epoch, sorted: which cases it held.
std::vector<float> cases_of(const std::vector<Batch>& batches) {
  std::vector<float> firsts;
  for (const Batch& batch : batches)
    for (int64_t i = 0; i < batch.x.size(0); ++i) firsts.push_back(batch.x[i][0][0].item<float>());
  std::sort(firsts.begin(), firsts.end());
  return firsts;
}

TEST(BatchLoader, StreamingGivesTheInMemoryCasesAndUnshuffledTheSameBatches) {
  TempDir dir;
  auto reader = written(dir, numbered_signal_content(23));
  LoaderOptions options = small_options();
  BatchLoader in_memory(reader, "train", options);
  options.memory_budget_bytes = 0;
  BatchLoader streamed(reader, "train", options);
  ASSERT_FALSE(in_memory.streaming());
  ASSERT_TRUE(streamed.streaming());
  for (int64_t epoch : {0, 1}) {
    EXPECT_EQ(cases_of(epoch_of(in_memory, epoch)), cases_of(epoch_of(streamed, epoch)));
    EXPECT_EQ(cases_of(epoch_of(streamed, epoch)).size(), 23u);
  }
  options.shuffle = false;
  options.normalization = NormalizationMode::per_sample;
  options.augment.noise_std = 0.1;
  options.augment.time_shift = 3;
  BatchLoader streamed_in_order(reader, "train", options);
  options.memory_budget_bytes = int64_t{1} << 20;
  BatchLoader in_order(reader, "train", options);
  expect_same_batches(epoch_of(in_order, 0), epoch_of(streamed_in_order, 0));
}

// Files are often sorted by class: a block shuffle of a sorted split gives
// batches of few classes, so only streaming, which needs contiguous reads,
// shuffles by blocks.
TEST(BatchLoader, AnInMemorySplitIsShuffledWholeAStreamedOneByBlocks) {
  TempDir dir;
  auto reader = written(dir, numbered_signal_content(60));
  LoaderOptions options = small_options();  // blocks of 3 cases, windows of 2 blocks
  BatchLoader in_memory(reader, "train", options);
  options.memory_budget_bytes = 0;
  BatchLoader streamed(reader, "train", options);
  EXPECT_EQ(in_memory.block_cases(), 1);
  EXPECT_EQ(streamed.block_cases(), 3);
  auto blocks_in_first_window = [](const BatchLoader& loader) {
    const std::vector<int64_t> order = loader.sampler().order(0);
    std::set<int64_t> blocks;
    for (size_t i = 0; i < 6; ++i) blocks.insert(order[i] / 3);
    return blocks.size();
  };
  EXPECT_EQ(blocks_in_first_window(streamed), 2u);
  EXPECT_GT(blocks_in_first_window(in_memory), 3u);
}

TEST(BatchLoader, DropLastDropsTheShortBatchKeepKeepsIt) {
  TempDir dir;
  auto reader = written(dir, numbered_signal_content(10));
  LoaderOptions options = small_options();
  const std::vector<Batch> kept = [&] {
    BatchLoader loader(reader, "train", options);
    return epoch_of(loader, 0);
  }();
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept.back().x.size(0), 2);
  options.drop_last = true;
  BatchLoader loader(reader, "train", options);
  const std::vector<Batch> dropped = epoch_of(loader, 0);
  ASSERT_EQ(dropped.size(), 2u);
  EXPECT_EQ(dropped.back().x.size(0), 4);
  EXPECT_EQ(loader.batches_per_epoch(), 2);
}

TEST(BatchLoader, PrefetchOnAndOffGiveTheSameBatches) {
  TempDir dir;
  auto reader = written(dir, numbered_signal_content(30));
  LoaderOptions options = small_options();
  options.augment.amplitude_scale = {0.5, 2.0};
  options.memory_budget_bytes = 0;
  options.prefetch = 0;
  BatchLoader direct(reader, "train", options);
  options.prefetch = 3;
  BatchLoader prefetched(reader, "train", options);
  expect_same_batches(epoch_of(direct, 2), epoch_of(prefetched, 2));
  // Restarting mid-epoch starts the new epoch cleanly.
  prefetched.start_epoch(5);
  ASSERT_TRUE(prefetched.next().has_value());
  expect_same_batches(epoch_of(direct, 5), epoch_of(prefetched, 5));
}

TEST(BatchLoader, ImagesHaveNoLengths) {
  TempDir dir;
  auto reader = written(dir, numbered_image_content(9));
  BatchLoader loader(reader, "train", small_options());
  const std::vector<Batch> batches = epoch_of(loader, 0);
  ASSERT_FALSE(batches.empty());
  EXPECT_EQ(batches[0].x.sizes(), (std::vector<int64_t>{4, 1, 4, 6}));
  EXPECT_FALSE(batches[0].lengths.defined());
}

TEST(BatchLoader, DestroyingMidEpochReturnsPromptly) {
  TempDir dir;
  auto reader = written(dir, numbered_signal_content(200));
  LoaderOptions options = small_options();
  options.memory_budget_bytes = 0;
  options.prefetch = 1;
  auto loader = std::make_unique<BatchLoader>(reader, "train", options);
  loader->start_epoch(0);
  ASSERT_TRUE(loader->next().has_value());
  // Give the producer time to fill the queue and block on it.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::promise<void> destroyed;
  std::future<void> done = destroyed.get_future();
  std::thread([&loader, &destroyed] {
    loader.reset();
    destroyed.set_value();
  }).detach();
  ASSERT_EQ(done.wait_for(std::chrono::seconds(5)), std::future_status::ready) << "the destructor hangs";
}

TEST(BatchLoader, AReadErrorInTheProducerReachesTheConsumerAsError) {
  TempDir dir;
  const std::string path = dir.file("bad.h5");
  write_dataset(path, numbered_signal_content(30));
  {
    // A label outside the class names in the last block: found only when read.
    H5::H5File file(path, H5F_ACC_RDWR);
    H5::DataSet y = file.openDataSet("train/y");
    std::vector<int64_t> labels(30);
    y.read(labels.data(), H5::PredType::NATIVE_INT64);
    labels[29] = 7;
    y.write(labels.data(), H5::PredType::NATIVE_INT64);
  }
  LoaderOptions options = small_options();
  options.memory_budget_bytes = 0;
  options.shuffle = false;
  BatchLoader loader(std::make_shared<const DatasetReader>(path), "train", options);
  loader.start_epoch(0);
  std::string message;
  int64_t delivered = 0;
  try {
    while (loader.next()) ++delivered;
  } catch (const Error& e) {
    message = e.what();
  }
  // Blocks of 3: case 29 is in block 27..29, first needed by batch 6 (cases 24..27).
  EXPECT_EQ(delivered, 6);
  EXPECT_THAT(message, HasSubstr("bad.h5"));
  EXPECT_THAT(message, HasSubstr("/train/y"));
  EXPECT_FALSE(loader.next().has_value());
}

}  // namespace
}  // namespace sigvit

namespace sigvit {
namespace {

TEST(BatchLoader, AnEpochStartedAtABatchYieldsExactlyTheRestOfIt) {
  TempDir dir;
  auto reader = written(dir, numbered_signal_content(30));
  LoaderOptions options = small_options();
  options.augment.noise_std = 0.5;  // seeded per batch: a resumed epoch must draw the same noise
  BatchLoader whole(reader, "train", options);
  BatchLoader resumed(reader, "train", options);
  const std::vector<Batch> all = epoch_of(whole, 2);
  resumed.start_epoch(2, 3);
  std::vector<Batch> rest;
  while (std::optional<Batch> batch = resumed.next()) rest.push_back(*batch);
  expect_same_batches(std::vector<Batch>(all.begin() + 3, all.end()), rest);
  EXPECT_THAT(data_testing::error_of([&] { resumed.start_epoch(2, 99); }), HasSubstr("cannot start epoch 2 at batch 99"));
}

TEST(BatchLoader, ACaseSubsetYieldsOnlyThoseCases) {
  TempDir dir;
  auto reader = written(dir, numbered_signal_content(12));
  const std::vector<int64_t> subset{1, 4, 5, 9, 11};
  BatchLoader loader(reader, "train", small_options(), {}, subset);
  EXPECT_EQ(loader.num_cases(), 5);
  const CaseBlock all = reader->read_split("train");
  std::vector<int64_t> seen;
  for (const Batch& batch : epoch_of(loader, 0)) {
    for (int64_t i = 0; i < batch.x.size(0); ++i) {
      // Each case's first value identifies it (every value is distinct).
      const float first = batch.x[i][0][0].item<float>();
      for (int64_t c = 0; c < 12; ++c) {
        if (all.values[static_cast<size_t>(c * 32)] == first) seen.push_back(c);
      }
      EXPECT_EQ(batch.y[i].item<int64_t>(), seen.back() % 3);
    }
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, subset);
  EXPECT_THAT(data_testing::error_of([&] { BatchLoader(reader, "train", small_options(), {}, {3, 2}); }),
              HasSubstr("a case subset must hold increasing indices below 12"));
}

TEST(BatchLoader, EvaluationTakesTheCentredWindowOfATrainingCrop) {
  TempDir dir;
  auto reader = written(dir, numbered_signal_content(6));
  LoaderOptions options = small_options();
  options.augment.crop_length = 8;
  BatchLoader loader(reader, "train", options.for_evaluation());
  const CaseBlock all = reader->read_split("train");
  int64_t c = 0;  // evaluation keeps the file's order
  for (const Batch& batch : epoch_of(loader, 0)) {
    ASSERT_EQ(batch.x.size(2), 8);
    for (int64_t i = 0; i < batch.x.size(0); ++i, ++c) {
      const int64_t length = 1 + (5 * c) % 16;
      const int64_t offset = std::max<int64_t>(length - 8, 0) / 2;
      EXPECT_EQ(batch.x[i][0][0].item<float>(), all.values[static_cast<size_t>(c * 32 + offset)]) << "case " << c;
      EXPECT_EQ(batch.lengths[i].item<int64_t>(), std::min<int64_t>(length, 8));
    }
  }
}

}  // namespace
}  // namespace sigvit
