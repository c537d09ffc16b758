// Checkpoints: what they carry, atomic replacement, and clear errors for
// files that are not (or no longer) checkpoints.

#include <sys/resource.h>

#include <csignal>
#include <fstream>

#include "../test_support.h"
#include "checkpoint/checkpoint.h"
#include "core/atomic_file.h"
#include "experiment/experiment.h"
#include "run/run_directory.h"
#include "train_test_support.h"

namespace sigvit {
namespace {

using namespace train_testing;
using ::testing::HasSubstr;
using testing::error_of;

const char* kConfig = R"(model:
  input_shape: [2, 16]
  num_classes: 3
  embedder: {name: conv1d_signal, patch_size: 4}
  encoder: {embed_dim: 8, depth: 1, num_heads: 2}
)";

CheckpointContent content() {
  CheckpointContent c;
  c.card.config_yaml = kConfig;
  c.card.class_names = {"a", "b", "c"};
  c.card.sample_rate = 8000;
  c.card.normalization = NormalizationMode::per_channel;
  c.card.stats = NormalizationStats{{0.5, -1}, {2, 3}};
  c.state.epoch = 2;
  c.state.batch = 5;
  c.state.current.loss_sum = 0.1 + 0.2;  // not exactly representable in few digits
  c.state.history.push_back(EpochRecord{1, 1e-3, 1.0 / 3, 0.5, 0.25, 0.75, 1.5});
  return c;
}

TEST(Checkpoint, CarriesTheModelCardStateAndWeights) {
  TempDir dir;
  auto model = testing::model_from_yaml(kConfig);
  save_checkpoint(dir.file("a.ckpt"), content(), *model, nullptr);
  EXPECT_EQ(dir.listing(), (std::vector<std::string>{"a.ckpt"}));

  const CheckpointContent read = read_checkpoint(dir.file("a.ckpt"));
  EXPECT_EQ(read.card.class_names, content().card.class_names);
  EXPECT_EQ(read.card.sample_rate, 8000);
  EXPECT_EQ(read.card.stats.std, (std::vector<double>{2, 3}));
  EXPECT_EQ(read.state.batch, 5);
  EXPECT_EQ(read.state.current.loss_sum, 0.1 + 0.2);
  EXPECT_EQ(read.state.history.at(0).train_loss, 1.0 / 3);

  auto rebuilt = build_model_from_card(read.card, dir.file("a.ckpt"));
  load_checkpoint_weights(dir.file("a.ckpt"), *rebuilt, nullptr);
  const torch::Tensor x = torch::randn({2, 2, 16});
  model->eval();
  rebuilt->eval();
  EXPECT_TRUE(torch::equal(model->forward({x, {}}).logits, rebuilt->forward({x, {}}).logits));
}

TEST(Checkpoint, MissingCorruptAndTruncatedFilesAreNamed) {
  TempDir dir;
  EXPECT_THAT(error_of([&] { read_checkpoint(dir.file("none.ckpt")); }),
              HasSubstr("checkpoint '" + dir.file("none.ckpt") + "' does not exist"));
  const std::string garbage = dir.write("garbage.ckpt", "this is not a checkpoint");
  EXPECT_THAT(error_of([&] { read_checkpoint(garbage); }),
              HasSubstr("checkpoint '" + garbage + "' cannot be read: not a sigvit checkpoint, or truncated or corrupt"));

  auto model = testing::model_from_yaml(kConfig);
  save_checkpoint(dir.file("whole.ckpt"), content(), *model, nullptr);
  const std::string bytes = read_text(dir.file("whole.ckpt"));
  const std::string truncated = dir.write("truncated.ckpt", bytes.substr(0, bytes.size() / 2));
  EXPECT_THAT(error_of([&] { read_checkpoint(truncated); }), HasSubstr("truncated or corrupt"));
}

TEST(Checkpoint, WeightsOfAnotherModelAreRefused) {
  TempDir dir;
  auto model = testing::model_from_yaml(kConfig);
  save_checkpoint(dir.file("a.ckpt"), content(), *model, nullptr);
  auto wider = testing::model_from_yaml(kConfig, {"model.encoder.embed_dim=16"});
  EXPECT_THAT(error_of([&] { load_checkpoint_weights(dir.file("a.ckpt"), *wider, nullptr); }),
              HasSubstr("does not fit the model its config describes"));
}

TEST(Checkpoint, AFailedSaveLeavesThePreviousFileIntact) {
  TempDir dir;
  auto model = testing::model_from_yaml(kConfig);
  save_checkpoint(dir.file("a.ckpt"), content(), *model, nullptr);
  const std::string before = read_text(dir.file("a.ckpt"));
  // The writer dies half way through, as a full disk or a crash would make it.
  EXPECT_EQ(error_of([&] {
              write_file_atomically(dir.file("a.ckpt"), [](const std::string& temporary) {
                std::ofstream(temporary) << "half";
                throw Error("disk full");
              });
            }),
            dir.file("a.ckpt") + " not written: disk full; its previous content is kept");
  EXPECT_EQ(read_text(dir.file("a.ckpt")), before);
  EXPECT_EQ(dir.listing(), (std::vector<std::string>{"a.ckpt"}));
}

// While alive, writes past `bytes` into any file fail with EFBIG, as a full
// disk makes them fail with ENOSPC: a real failing write, without a mount.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &previous_);
    previous_signal_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = previous_;
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &previous_);
    std::signal(SIGXFSZ, previous_signal_);
  }

 private:
  rlimit previous_{};
  void (*previous_signal_)(int) = nullptr;
};

TEST(Checkpoint, AWriteThatFailsMidFileIsReportedAndKeepsThePreviousCheckpoint) {
  TempDir dir;
  auto model = testing::model_from_yaml(kConfig);
  save_checkpoint(dir.file("a.ckpt"), content(), *model, nullptr);
  const std::string before = read_text(dir.file("a.ckpt"));
  const auto size = static_cast<rlim_t>(before.size());
  std::string error;
  {
    FileSizeLimit limit(size / 2);
    error = error_of([&] { save_checkpoint(dir.file("a.ckpt"), content(), *model, nullptr); });
  }
  EXPECT_THAT(error, HasSubstr("checkpoint " + dir.file("a.ckpt") + " not written: " + dir.file("a.ckpt") + ".tmp-"));
  EXPECT_THAT(error, HasSubstr(": cannot write (File too large); its previous content is kept"));
  EXPECT_EQ(read_text(dir.file("a.ckpt")), before);
  EXPECT_EQ(dir.listing(), (std::vector<std::string>{"a.ckpt"}));
  // A first checkpoint that cannot be written leaves nothing at all.
  {
    FileSizeLimit limit(size / 2);
    error = error_of([&] { save_checkpoint(dir.file("b.ckpt"), content(), *model, nullptr); });
  }
  EXPECT_THAT(error, HasSubstr("; nothing was left behind"));
  EXPECT_EQ(dir.listing(), (std::vector<std::string>{"a.ckpt"}));
}

TEST(RunDirectory, NewRunsTakeTheNextFreeSuffixAndResumeFindsTheNewest) {
  TempDir dir;
  const std::string output = dir.file("runs/exp");
  EXPECT_THAT(error_of([&] { find_resumable_run(output); }), HasSubstr("no run of '" + output + "' to resume"));
  EXPECT_EQ(create_run_directory(output), output);
  std::ofstream(output + "/last.ckpt") << "x";
  EXPECT_EQ(create_run_directory(output), output + "-2");
  EXPECT_EQ(find_resumable_run(output), output);
  std::ofstream(output + "-2/last.ckpt") << "x";
  EXPECT_EQ(find_resumable_run(output), output + "-2");
  // An empty directory (a run that failed before writing anything) is reused.
  EXPECT_EQ(create_run_directory(output), output + "-3");
  EXPECT_EQ(create_run_directory(output), output + "-3");
}

}  // namespace
}  // namespace sigvit
