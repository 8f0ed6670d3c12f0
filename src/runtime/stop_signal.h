// StopSignal: "stop reading now", raised from a signal handler or any thread,
// and seen both by threads that check a flag and by a reader blocked in poll().
//
// Why a self-pipe: a reader waiting on a quiet pipe (`journalctl -f | sluice`)
// sleeps in poll() without burning CPU; the signal may be delivered to any
// thread, so a flag alone would not wake it. Raise() writes one byte to a pipe
// the reader polls alongside its input. Raise() is async-signal-safe.
// Tests: tests/runtime/stop_signal_test.cpp.
#pragma once

#include <atomic>

namespace sluice {

class StopSignal {
 public:
  StopSignal();
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  void Raise();
  bool raised() const { return raised_.load(std::memory_order_relaxed); }
  // Becomes readable once raised; for poll().
  int fd() const { return pipe_[0]; }

 private:
  std::atomic<bool> raised_{false};
  int pipe_[2] = {-1, -1};
};

}  // namespace sluice
