#pragma once

namespace sigvit {

// While an InterruptGuard lives, SIGINT and SIGTERM only raise a flag that a
// long job polls at safe points (after an optimizer step), so it can stop with
// its files consistent. A second signal ends the process at once; atomic file
// writes keep whatever was saved before intact, and the temporary file of a
// write under way is removed.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // A signal arrived while a guard lives; false outside any guard.
  static bool requested();
  // The signal last received, also after its guard ended, for the exit
  // status (128 + signal).
  static int signal_number();
};

// Outside an InterruptGuard: SIGINT, SIGTERM and SIGHUP end the process as
// they would, after removing the temporary files of writes under way
// (core/unfinished_file.h). The command line installs it first thing.
void remove_unfinished_files_on_termination();

}  // namespace sigvit
