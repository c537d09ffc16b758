#pragma once

namespace sigvit {

// While an InterruptGuard lives, SIGINT and SIGTERM only raise a flag that a
// long job polls at safe points (after an optimizer step), so it can stop with
// its files consistent. A second signal ends the process at once; atomic file
// writes keep whatever was saved before intact.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  static bool requested();
  // The signal received, for the exit status (128 + signal).
  static int signal_number();
};

}  // namespace sigvit
