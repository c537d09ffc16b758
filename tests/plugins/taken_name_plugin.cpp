// A plugin that registers a fresh name and one a built-in already has.
#include "sigvit/plugin_api.h"

namespace {
sigvit::EmbedderSpec spec(const std::string& name) {
  return {name, "test double", {}, [](const sigvit::Options&, const sigvit::EmbedderContext&) {
            return std::shared_ptr<sigvit::Embedder>();
          }};
}
}  // namespace

SIGVIT_PLUGIN(registrar) {
  registrar.add_embedder(spec("fresh_name"));
  registrar.add_embedder(spec("conv1d_signal"));
}
