#include "test_support.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config_loader.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

using testing::error_of;
using ::testing::HasSubstr;

class TempDir {
 public:
  TempDir() : path_(std::filesystem::temp_directory_path() / ("sigvit_config_" + std::to_string(::getpid()) + "_" +
                                                              std::to_string(counter_++))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
    return (path_ / name).string();
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

TEST(Config, WrongTypeNamesFileLineKeyAndExpectation) {
  TempDir dir;
  std::string path = dir.write("exp.yaml", "model:\n  encoder:\n    depth: twelve\n");
  LoadedConfig config = load_config(path);
  std::string message = error_of([&] { config.node().child("model").child("encoder").require<int64_t>("depth"); });
  EXPECT_THAT(message, HasSubstr(path + ":3: model.encoder.depth: expected an integer, got 'twelve'"));
}

TEST(Config, UnknownKeySuggestsTheClosestOne) {
  LoadedConfig config = parse_config("encoder:\n  embed_dm: 64\n", "exp.yaml");
  std::string message = error_of([&] { config.node().child("encoder").expect_keys({"embed_dim", "depth"}); });
  EXPECT_THAT(message, HasSubstr("exp.yaml:2: encoder.embed_dm: unknown key 'embed_dm' (did you mean 'embed_dim'?)"));
}

TEST(Config, MissingKeyNamesTheParentLocation) {
  LoadedConfig config = parse_config("model:\n  encoder: {}\n", "exp.yaml");
  std::string message = error_of([&] { config.node().child("model").require<int64_t>("num_classes"); });
  EXPECT_THAT(message, HasSubstr("exp.yaml:2: model.num_classes: required key is missing"));
}

TEST(Config, SetOverridesAndCreatesKeysAndIsNamedInErrors) {
  LoadedConfig config = parse_config("model:\n  num_classes: 10\n", "exp.yaml",
                                     {"model.num_classes=5", "model.encoder.depth=deep"});
  EXPECT_EQ(config.node().child("model").require<int64_t>("num_classes"), 5);
  std::string message = error_of([&] { config.node().child("model").child("encoder").require<int64_t>("depth"); });
  EXPECT_THAT(message, HasSubstr("--set model.encoder.depth=deep: model.encoder.depth: expected an integer"));
}

TEST(Config, SetRejectsMalformedAssignments) {
  EXPECT_THAT(error_of([] { parse_config("a: 1\n", "x.yaml", {"novalue"}); }), HasSubstr("expected KEY=VALUE"));
  EXPECT_THAT(error_of([] { parse_config("a: 1\n", "x.yaml", {"a.b=2"}); }),
              HasSubstr("'a' is not a mapping, so it has no key 'b'"));
}

TEST(Config, BaseFilesAreMergedUnderTheIncludingFile) {
  TempDir dir;
  dir.write("base.yaml", "model:\n  num_classes: 10\n  encoder:\n    depth: 12\n    num_heads: 3\n");
  std::string path = dir.write("exp.yaml", "base: base.yaml\nmodel:\n  encoder:\n    depth: 4\n");
  LoadedConfig config = load_config(path);
  ConfigNode encoder = config.node().child("model").child("encoder");
  EXPECT_EQ(encoder.require<int64_t>("depth"), 4);
  EXPECT_EQ(encoder.require<int64_t>("num_heads"), 3);
  EXPECT_EQ(config.node().child("model").require<int64_t>("num_classes"), 10);
  EXPECT_FALSE(config.node().has("base"));
  // Errors point at the file that set the value.
  dir.write("base.yaml", "model:\n  num_classes: ten\n");
  std::string message = error_of([&] { load_config(path).node().child("model").require<int64_t>("num_classes"); });
  EXPECT_THAT(message, HasSubstr("base.yaml:2: model.num_classes"));
}

TEST(Config, ReplaceTagSwapsABaseMappingWholeInsteadOfMerging) {
  TempDir dir;
  dir.write("base.yaml",
            "model:\n  embedder: {name: conv1d_signal, patch_size: 16}\n  encoder: {depth: 12, num_heads: 3}\n");
  std::string path = dir.write("exp.yaml",
                               "base: base.yaml\n"
                               "model:\n"
                               "  embedder: !replace\n"
                               "    name: my_embedder\n"
                               "    n_fft: 256\n"
                               "  encoder: {depth: 4}\n");
  LoadedConfig config = load_config(path);
  ConfigNode model = config.node().child("model");
  EXPECT_EQ(model.child("embedder").keys(), (std::vector<std::string>{"name", "n_fft"}));
  EXPECT_EQ(model.child("embedder").require<std::string>("name"), "my_embedder");
  // Without the tag, mappings still merge.
  EXPECT_EQ(model.child("encoder").require<int64_t>("num_heads"), 3);
  EXPECT_EQ(model.child("encoder").require<int64_t>("depth"), 4);
  // Errors under the replaced mapping name the derived file, not the base.
  EXPECT_THAT(error_of([&] { model.child("embedder").require<int64_t>("name"); }),
              HasSubstr("exp.yaml:4: model.embedder.name"));
  EXPECT_THAT(error_of([&] { model.child("embedder").require<int64_t>("patch_size"); }),
              HasSubstr("model.embedder.patch_size: required key is missing"));
}

TEST(Config, ReplaceTagDoesNotSurviveIntoTheResolvedConfig) {
  TempDir dir;
  dir.write("base.yaml", "model:\n  embedder: {name: a, patch_size: 16}\n");
  dir.write("middle.yaml", "base: base.yaml\nmodel:\n  embedder: !replace {name: b}\n");
  // A file based on the derived one merges into what the replacement left.
  std::string path = dir.write("top.yaml", "base: middle.yaml\nmodel:\n  embedder: {hop: 64}\n");
  ConfigNode embedder = load_config(path).node().child("model").child("embedder");
  EXPECT_EQ(embedder.keys(), (std::vector<std::string>{"name", "hop"}));
  EXPECT_EQ(embedder.yaml().Tag(), "?");
  // A --set value may carry the tag as well; an override replaces anyway.
  LoadedConfig overridden = load_config(path, {"model.embedder=!replace {name: c}"});
  EXPECT_EQ(overridden.node().child("model").child("embedder").keys(), (std::vector<std::string>{"name"}));
  std::stringstream emitted;
  emitted << overridden.root;
  EXPECT_EQ(emitted.str().find("!replace"), std::string::npos) << emitted.str();
}

TEST(Config, BaseCyclesAndMissingBasesAreErrors) {
  TempDir dir;
  dir.write("a.yaml", "base: b.yaml\n");
  std::string b = dir.write("b.yaml", "base: a.yaml\n");
  EXPECT_THAT(error_of([&] { load_config(b); }), HasSubstr("cycle"));
  std::string c = dir.write("c.yaml", "base: nowhere.yaml\n");
  EXPECT_THAT(error_of([&] { load_config(c); }), HasSubstr("c.yaml:1: base: file"));
}

TEST(Config, SyntaxErrorsAndMissingFilesNameTheFile) {
  TempDir dir;
  std::string path = dir.write("broken.yaml", "model:\n  a: [1, 2\n");
  EXPECT_THAT(error_of([&] { load_config(path); }), HasSubstr(path + ":"));
  EXPECT_THAT(error_of([&] { load_config(path); }), HasSubstr("YAML syntax error"));
  EXPECT_THAT(error_of([] { load_config("/nonexistent/exp.yaml"); }),
              HasSubstr("config file '/nonexistent/exp.yaml' cannot be read"));
}

TEST(Config, AKeyThatIsNotPlainTextAndABaseThatIsNotAFileNameAreNamed) {
  TempDir dir;
  const std::string complex_key = dir.write("key.yaml", "model: {}\n? [a, b]\n: 1\n");
  EXPECT_THAT(error_of([&] { load_config(complex_key); }),
              HasSubstr(complex_key + ":2: expected a plain key, got a mapping or list as a key"));
  const std::string odd_base = dir.write("base.yaml", "base: {a: 1}\n");
  EXPECT_THAT(error_of([&] { load_config(odd_base); }),
              HasSubstr(odd_base + ":1: base: expected a file name or a list of file names"));
  const std::string nested = dir.write("nested.yaml", "name: x\nbase: [a.yaml, [b.yaml]]\n");
  EXPECT_THAT(error_of([&] { load_config(nested); }),
              HasSubstr(nested + ":2: base: expected a file name or a list of file names"));
  const std::string folder = dir.write("folder_base.yaml", "base: folder\n");
  const std::filesystem::path directory = std::filesystem::path(folder).parent_path() / "folder";
  std::filesystem::create_directories(directory);
  EXPECT_THAT(error_of([&] { load_config(folder); }),
              HasSubstr("config file '" + directory.string() + "' is a directory, not a YAML file"));
}

}  // namespace
}  // namespace sigvit
