#pragma once

namespace sigvit {

// The registry that `fill` populates, built on first use and never changed
// after: how built-in models and converters are registered by an explicit
// call instead of static initialisers. One registry per Registry type, so
// each type has one filling function.
template <typename Registry>
const Registry& filled_once(void (*fill)(Registry&)) {
  static const Registry registry = [fill] {
    Registry filled;
    fill(filled);
    return filled;
  }();
  return registry;
}

}  // namespace sigvit
