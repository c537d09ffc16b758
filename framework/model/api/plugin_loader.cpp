#include "model/api/plugin_loader.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "core/text.h"
#include "sigvit/error.h"
#include "sigvit/plugin_api.h"

namespace sigvit {
namespace fs = std::filesystem;

namespace {

class CollectingRegistrar : public PluginRegistrar {
 public:
  void add_embedder(EmbedderSpec spec) override { specs.push_back(std::move(spec)); }
  std::vector<EmbedderSpec> specs;
};

}  // namespace

void load_plugin(const std::string& path, EmbedderRegistry& registry) {
  std::error_code ignored;
  fs::path resolved = fs::weakly_canonical(fs::absolute(path), ignored);
  const std::string label = "plugin '" + path + "'";
  const auto& loaded = registry.loaded_libraries();
  if (std::find(loaded.begin(), loaded.end(), resolved.string()) != loaded.end()) return;
  if (!fs::exists(resolved)) throw Error(label + ": file does not exist");

  // RTLD_NODELETE: the library is never unmapped, so code and vtables of any
  // embedder it built stay valid for as long as that embedder lives.
  void* handle = dlopen(resolved.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (!handle) throw Error(label + ": cannot be loaded: " + std::string(dlerror()));
  auto entry = reinterpret_cast<sigvit_plugin_register_fn>(dlsym(handle, SIGVIT_PLUGIN_ENTRY_SYMBOL));
  if (!entry) {
    dlclose(handle);
    throw Error(label + ": has no entry point '" SIGVIT_PLUGIN_ENTRY_SYMBOL
                "' (define it with SIGVIT_PLUGIN from sigvit/plugin_api.h)");
  }

  CollectingRegistrar registrar;
  int plugin_version = entry(&registrar, SIGVIT_PLUGIN_API_VERSION);
  if (plugin_version != SIGVIT_PLUGIN_API_VERSION) {
    throw Error(label + ": built for plugin API version " + std::to_string(plugin_version) +
                ", but this sigvit has version " + std::to_string(SIGVIT_PLUGIN_API_VERSION) +
                "; rebuild the plugin against this sigvit");
  }
  if (registrar.specs.empty()) throw Error(label + ": registered no embedder");

  // Added to a copy first, so that a plugin failing half-way (a name taken,
  // or registered twice) leaves the registry as it was.
  EmbedderRegistry extended = registry;
  for (auto& spec : registrar.specs) extended.add(std::move(spec), resolved.string());
  extended.loaded_libraries().push_back(resolved.string());
  registry = std::move(extended);
}

std::string builtin_plugin_dir() {
  if (const char* dir = std::getenv("SIGVIT_BUILTIN_PLUGIN_DIR"); dir && *dir) return dir;
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&builtin_plugin_dir), &info) == 0 || !info.dli_fname) {
    throw Error("cannot locate the sigvit library to find its built-in plugins; set SIGVIT_BUILTIN_PLUGIN_DIR");
  }
  return (fs::path(info.dli_fname).parent_path() / "sigvit" / "plugins").string();
}

EmbedderRegistry registry_with_builtins() {
  const fs::path dir = builtin_plugin_dir();
  std::vector<fs::path> libraries;
  if (fs::is_directory(dir)) {
    for (const auto& file : fs::directory_iterator(dir)) {
      if (file.path().extension() == ".so") libraries.push_back(file.path());
    }
  }
  if (libraries.empty()) {
    throw Error("no built-in embedder plugins in '" + dir.string() +
                "' (is sigvit installed completely? SIGVIT_BUILTIN_PLUGIN_DIR overrides the folder)");
  }
  std::sort(libraries.begin(), libraries.end());
  EmbedderRegistry registry;
  for (const auto& library : libraries) load_plugin(library.string(), registry);
  return registry;
}

std::vector<std::string> load_config_plugins(const ConfigNode& root, const std::string& config_file,
                                             EmbedderRegistry& registry) {
  std::vector<std::string> loaded;
  if (!root.has("plugins")) return loaded;
  for (const auto& entry : root.child("plugins").elements()) {
    const fs::path wanted = entry.as<std::string>();
    std::vector<fs::path> candidates;
    if (wanted.is_absolute()) {
      candidates.push_back(wanted);
    } else {
      candidates.push_back(fs::path(config_file).parent_path() / wanted);
      if (const char* search = std::getenv("SIGVIT_PLUGIN_PATH"); search && *search) {
        std::string folders = search;
        for (size_t start = 0, end; start <= folders.size(); start = end + 1) {
          end = folders.find(':', start);
          if (end == std::string::npos) end = folders.size();
          if (end > start) candidates.push_back(fs::path(folders.substr(start, end - start)) / wanted);
        }
      }
    }
    auto found = std::find_if(candidates.begin(), candidates.end(), [](const fs::path& p) { return fs::exists(p); });
    if (found == candidates.end()) {
      std::vector<std::string> tried;
      for (const auto& candidate : candidates) tried.push_back(candidate.string());
      entry.fail("plugin library '" + wanted.string() + "' not found; looked at: " + join(tried, ", "));
    }
    try {
      load_plugin(found->string(), registry);
      loaded.push_back(fs::absolute(*found).lexically_normal().string());
    } catch (const ConfigError&) {
      throw;
    } catch (const Error& e) {
      entry.fail(e.what());
    }
  }
  return loaded;
}

}  // namespace sigvit
