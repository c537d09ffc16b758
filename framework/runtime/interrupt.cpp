#include "runtime/interrupt.h"

#include <csignal>

namespace sigvit {
namespace {

volatile std::sig_atomic_t received = 0;

extern "C" void on_signal(int signal) {
  if (received) {
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return;
  }
  received = signal;
}

struct sigaction previous_int;
struct sigaction previous_term;

}  // namespace

InterruptGuard::InterruptGuard() {
  received = 0;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
}

bool InterruptGuard::requested() { return received != 0; }

int InterruptGuard::signal_number() { return received; }

}  // namespace sigvit
