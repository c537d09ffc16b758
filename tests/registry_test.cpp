#include "test_support.h"

#include <filesystem>
#include <fstream>

#include "model/api/plugin_loader.h"
#include "sigvit/error.h"
#include "sigvit/plugin_api.h"

namespace sigvit {
namespace {

using testing::error_of;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

std::string test_plugin(const std::string& name) {
  return std::string(SIGVIT_TEST_PLUGIN_DIR) + "/libsigvit_test_" + name + ".so";
}

EmbedderSpec dummy_spec(const std::string& name) {
  return {name, "", {}, [](const Options&, const EmbedderContext&) { return std::shared_ptr<Embedder>(); }};
}

// The linker cannot drop a registration: the framework itself registers
// nothing, and each built-in arrives from its own plugin library at run time.
TEST(Registry, BuiltinsComeFromTheirOwnPluginLibraries) {
  EXPECT_TRUE(EmbedderRegistry().names().empty());
  const auto& registry = testing::builtins();
  EXPECT_EQ(registry.names(), (std::vector<std::string>{"conv1d_signal", "conv2d_image", "conv_stem_signal", "resnet_stem_hybrid"}));
  for (const auto& [name, entry] : registry.entries()) {
    EXPECT_EQ(fs::path(entry.origin).filename().string(), "libsigvit_" + name + ".so");
    EXPECT_EQ(fs::path(entry.origin).parent_path(), fs::canonical(builtin_plugin_dir()));
    EXPECT_FALSE(entry.spec.options.empty()) << name;
  }
}

TEST(Registry, DuplicateNamesAreRejectedNamingBothOrigins) {
  EmbedderRegistry registry;
  registry.add(dummy_spec("mine"), "first.so");
  EXPECT_THAT(error_of([&] { registry.add(dummy_spec("mine"), "second.so"); }),
              HasSubstr("second.so: embedder 'mine' is already registered by first.so"));
}

TEST(Registry, UnknownNamesListTheRegisteredOnes) {
  EmbedderRegistry registry;
  registry.add(dummy_spec("alpha"), "a.so");
  registry.add(dummy_spec("beta"), "b.so");
  LoadedConfig config = parse_config("embedder: {name: gamma}\n", "exp.yaml");
  EXPECT_THAT(error_of([&] { registry.create(config.node().child("embedder"), {{1, 10}, 8}); }),
              HasSubstr("exp.yaml:1: embedder.name: unknown embedder 'gamma'; registered embedders: alpha, beta"));
}

TEST(PluginLoader, LoadingTheSameLibraryTwiceIsANoOp) {
  EmbedderRegistry registry;
  const std::string library = builtin_plugin_dir() + "/libsigvit_conv1d_signal.so";
  load_plugin(library, registry);
  load_plugin(library, registry);
  EXPECT_EQ(registry.names(), std::vector<std::string>{"conv1d_signal"});
}

TEST(PluginLoader, MissingFileIsNamed) {
  EmbedderRegistry registry;
  EXPECT_THAT(error_of([&] { load_plugin("/nonexistent/libfoo.so", registry); }),
              HasSubstr("plugin '/nonexistent/libfoo.so': file does not exist"));
}

TEST(PluginLoader, UnloadableFileGivesTheLoadersMessage) {
  const fs::path fake = fs::temp_directory_path() / ("sigvit_not_a_library_" + std::to_string(::getpid()) + ".so");
  std::ofstream(fake) << std::string(4096, 'x');
  EmbedderRegistry registry;
  std::string message = error_of([&] { load_plugin(fake.string(), registry); });
  fs::remove(fake);
  EXPECT_THAT(message, HasSubstr("plugin '" + fake.string() + "': cannot be loaded: "));
  EXPECT_THAT(message, HasSubstr("invalid ELF header"));
}

TEST(PluginLoader, LibraryWithoutEntryPointIsRejected) {
  EmbedderRegistry registry;
  EXPECT_THAT(error_of([&] { load_plugin(test_plugin("no_entry"), registry); }),
              HasSubstr("has no entry point 'sigvit_plugin_register'"));
}

TEST(PluginLoader, ApiVersionMismatchIsExplained) {
  EmbedderRegistry registry;
  std::string message = error_of([&] { load_plugin(test_plugin("future_api"), registry); });
  EXPECT_THAT(message, HasSubstr("built for plugin API version " + std::to_string(SIGVIT_PLUGIN_API_VERSION + 1)));
  EXPECT_THAT(message, HasSubstr("this sigvit has version " + std::to_string(SIGVIT_PLUGIN_API_VERSION)));
}

TEST(PluginLoader, PluginOfApiVersionOneIsToldToRebuild) {
  static_assert(SIGVIT_PLUGIN_API_VERSION == 2, "update this test when the API version changes");
  EmbedderRegistry registry;
  EXPECT_THAT(error_of([&] { load_plugin(test_plugin("old_api"), registry); }),
              HasSubstr("libsigvit_test_old_api.so': built for plugin API version 1, but this sigvit has version 2; "
                        "rebuild the plugin against this sigvit"));
  EXPECT_TRUE(registry.names().empty());
}

TEST(PluginLoader, PluginThatRegistersNothingIsRejected) {
  EmbedderRegistry registry;
  EXPECT_THAT(error_of([&] { load_plugin(test_plugin("empty"), registry); }),
              HasSubstr("libsigvit_test_empty.so': registered no embedder"));
}

TEST(PluginLoader, TakenNameRejectsThePluginWhole) {
  EmbedderRegistry registry = registry_with_builtins();
  EXPECT_THAT(error_of([&] { load_plugin(test_plugin("taken_name"), registry); }),
              HasSubstr("embedder 'conv1d_signal' is already registered by"));
  EXPECT_FALSE(registry.contains("fresh_name"));
}

TEST(PluginLoader, ConfigPluginsResolveBesideTheConfigThenOnTheSearchPath) {
  EmbedderRegistry registry;
  LoadedConfig config = parse_config("plugins: [libsigvit_test_empty_missing.so]\n", "exp.yaml");
  std::string message = error_of([&] { load_config_plugins(config.node(), "/somewhere/exp.yaml", registry); });
  EXPECT_THAT(message, HasSubstr("exp.yaml:1: plugins[0]: plugin library 'libsigvit_test_empty_missing.so' not found"));
  EXPECT_THAT(message, HasSubstr("/somewhere/libsigvit_test_empty_missing.so"));

  LoadedConfig found = parse_config("plugins: [libsigvit_test_taken_name.so]\n", "exp.yaml");
  ::setenv("SIGVIT_PLUGIN_PATH", ("/nowhere:" + std::string(SIGVIT_TEST_PLUGIN_DIR)).c_str(), 1);
  load_config_plugins(found.node(), "/somewhere/exp.yaml", registry);
  ::unsetenv("SIGVIT_PLUGIN_PATH");
  EXPECT_TRUE(registry.contains("fresh_name"));
}

}  // namespace
}  // namespace sigvit
