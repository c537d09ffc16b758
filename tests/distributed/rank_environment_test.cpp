// What a rank learns of its run from launchers' environment variables.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "../error_of.h"
#include "distributed/rank_environment.h"

namespace sigvit {
namespace {

using ::testing::HasSubstr;
using sigvit::testing::error_of;

RankEnvironment read(const std::map<std::string, std::string>& variables) {
  return read_rank_environment([&](const char* name) -> const char* {
    const auto found = variables.find(name);
    return found == variables.end() ? nullptr : found->second.c_str();
  });
}

TEST(RankEnvironment, NothingSetIsOneProcess) {
  const RankEnvironment environment = read({});
  EXPECT_FALSE(environment.distributed());
  EXPECT_EQ(environment.describe(), "one process");
}

TEST(RankEnvironment, TorchrunVariablesAreRead) {
  const RankEnvironment environment =
      read({{"RANK", "3"}, {"WORLD_SIZE", "8"}, {"LOCAL_RANK", "1"}, {"LOCAL_WORLD_SIZE", "2"},
            {"MASTER_ADDR", "10.0.0.7"}, {"MASTER_PORT", "29400"}, {"SIGVIT_DIST_TIMEOUT", "45"}});
  EXPECT_TRUE(environment.distributed());
  EXPECT_EQ(environment.rank, 3);
  EXPECT_EQ(environment.world_size, 8);
  EXPECT_EQ(environment.local_rank, 1);
  EXPECT_EQ(environment.local_world_size, 2);
  EXPECT_EQ(environment.master_addr, "10.0.0.7");
  EXPECT_EQ(environment.master_port, 29400);
  EXPECT_EQ(environment.timeout, std::chrono::seconds(45));
  EXPECT_EQ(environment.describe(), "rank 3 of 8");
}

TEST(RankEnvironment, SlurmVariablesCountOnlyWithARendezvousHost) {
  const std::map<std::string, std::string> slurm{
      {"SLURM_PROCID", "5"}, {"SLURM_NTASKS", "6"}, {"SLURM_LOCALID", "2"}, {"SLURM_NTASKS_PER_NODE", "3(x2)"}};
  EXPECT_FALSE(read(slurm).distributed()) << "a batch script's own process is not a rank";
  auto with_host = slurm;
  with_host["MASTER_ADDR"] = "node17";
  const RankEnvironment environment = read(with_host);
  EXPECT_EQ(environment.rank, 5);
  EXPECT_EQ(environment.world_size, 6);
  EXPECT_EQ(environment.local_rank, 2);
  EXPECT_EQ(environment.local_world_size, 3);
  EXPECT_EQ(environment.master_addr, "node17");
  EXPECT_EQ(environment.master_port, 29500);
}

TEST(RankEnvironment, BadValuesAreNamed) {
  EXPECT_THAT(error_of([] { read({{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_PORT", "99999"}}); }),
              HasSubstr("environment variable MASTER_PORT='99999': expected a whole number from 1 to 65535"));
  EXPECT_THAT(error_of([] { read({{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_PORT", "29k"}}); }),
              HasSubstr("MASTER_PORT='29k'"));
  EXPECT_THAT(error_of([] { read({{"RANK", "2"}, {"WORLD_SIZE", "2"}}); }),
              HasSubstr("RANK=2 is not below WORLD_SIZE=2"));
  EXPECT_THAT(error_of([] { read({{"RANK", "1"}}); }),
              HasSubstr("environment variable WORLD_SIZE is not set, but RANK is"));
  EXPECT_THAT(error_of([] { read({{"RANK", "-1"}, {"WORLD_SIZE", "2"}}); }), HasSubstr("RANK='-1'"));
}

}  // namespace
}  // namespace sigvit
