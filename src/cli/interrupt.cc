// SPDX-License-Identifier: MIT
#include "cli/interrupt.h"

#include <signal.h>

#include <atomic>

namespace luamig::cli {
namespace {

// Process-wide by necessity: a signal handler receives nothing else.
std::atomic<FleetRunner*> g_runner{nullptr};
std::atomic<int> g_signal{0};
struct sigaction g_old_int, g_old_term;

void OnSignal(int sig) {
  if (g_signal.exchange(sig) != 0) {
    // The second signal: the default action, now.
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  FleetRunner* runner = g_runner.load();
  if (runner != nullptr) runner->Stop();
}

}  // namespace

InterruptScope::InterruptScope(FleetRunner& runner) {
  static_assert(std::atomic<FleetRunner*>::is_always_lock_free);
  static_assert(std::atomic<int>::is_always_lock_free);
  g_signal.store(0);
  g_runner.store(&runner);
  struct sigaction sa = {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &g_old_int);
  sigaction(SIGTERM, &sa, &g_old_term);
}

InterruptScope::~InterruptScope() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
  g_runner.store(nullptr);
}

int InterruptScope::signal() const { return g_signal.load(); }

}  // namespace luamig::cli
