#include "runtime/interrupt.h"

#include <csignal>

#include "core/unfinished_file.h"

namespace sigvit {
namespace {

volatile std::sig_atomic_t received = 0;
// A signal counts as a request only while a guard lives: one that ended a
// guarded job must not stop the next job of the same process at its first step.
bool guarded = false;

extern "C" void terminate_cleanly(int signal) {
  remove_unfinished_files();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

extern "C" void on_signal(int signal) {
  if (received) {
    terminate_cleanly(signal);
    return;
  }
  received = signal;
}

struct sigaction previous_int;
struct sigaction previous_term;

}  // namespace

InterruptGuard::InterruptGuard() {
  received = 0;
  guarded = true;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
}

InterruptGuard::~InterruptGuard() {
  guarded = false;
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
}

bool InterruptGuard::requested() { return guarded && received != 0; }

int InterruptGuard::signal_number() { return received; }

void remove_unfinished_files_on_termination() {
  struct sigaction action {};
  action.sa_handler = terminate_cleanly;
  sigemptyset(&action.sa_mask);
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
}

}  // namespace sigvit
