// WorkerThread: a thread with a stack of a chosen size, for the stages that
// walk records (the batch pipeline's and the daemon's workers).
//
// Why: the record walk recurses once per nesting level, up to
// RecordWalker::kMaxNesting (1024). std::thread takes the process default
// (`ulimit -s`, often 8 MiB): a sanitizer build (over 8 KiB a level) or a
// small ulimit overflows it on one hostile line, ten thousand levels deep.
// The stack is address space only: pages are committed as they are touched.
// If a thread with that stack cannot be made, it starts with the default one.
//
// Thread safety: construct and join from one thread. Errors: throws
// std::system_error when no thread can be started at all (start-up only).
// Tests: tests/runtime/worker_thread_test.cpp; tests/cli/fault_injection_test.cpp
// (TenThousandDeepNestingIsTooDeep, under the sanitizer suites).
#pragma once

#include <pthread.h>

#include <cstddef>
#include <functional>

namespace sluice {

class WorkerThread {
 public:
  static constexpr size_t kStackBytes = size_t{64} << 20;

  // Starts `fn` at once.
  explicit WorkerThread(std::function<void()> fn, size_t stack_bytes = kStackBytes);
  // Joins if Join() was not called.
  ~WorkerThread();
  WorkerThread(const WorkerThread&) = delete;
  WorkerThread& operator=(const WorkerThread&) = delete;

  void Join();
  // The stack size the thread got (kStackBytes, or the default on fallback).
  size_t stack_bytes() const { return stack_bytes_; }

 private:
  static void* Run(void* self);

  std::function<void()> fn_;
  pthread_t thread_{};
  bool joinable_ = false;
  size_t stack_bytes_ = 0;
};

}  // namespace sluice
