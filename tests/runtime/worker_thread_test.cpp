// WorkerThread: the thread runs its function with the stack asked for, deep
// enough for a recursion that overflows a small default stack.
#include "runtime/worker_thread.h"

#include <gtest/gtest.h>
#include <pthread.h>

#include <atomic>

namespace sluice {
namespace {

// Recursion that keeps 1 KiB of stack live per level; returns the levels.
int Recurse(int depth) {
  volatile char frame[1024];
  frame[0] = static_cast<char>(depth);
  if (depth == 0) return 0;
  return Recurse(depth - 1) + (frame[0] == static_cast<char>(depth) ? 1 : 0);
}

TEST(WorkerThreadTest, RunsWithTheStackAskedFor) {
  size_t seen = 0;
  {
    WorkerThread t([&] {
      pthread_attr_t attr;
      ASSERT_EQ(pthread_getattr_np(pthread_self(), &attr), 0);
      ASSERT_EQ(pthread_attr_getstacksize(&attr, &seen), 0);
      pthread_attr_destroy(&attr);
    });
    t.Join();
    EXPECT_EQ(t.stack_bytes(), WorkerThread::kStackBytes);
  }
  EXPECT_GE(seen, WorkerThread::kStackBytes);
}

TEST(WorkerThreadTest, DeepRecursionFitsAndTheDestructorJoins) {
  std::atomic<int> result{-1};
  {
    // 16,384 levels of over 1 KiB: past any 8 MiB default stack.
    WorkerThread t([&] { result = Recurse(16384); });
  }
  EXPECT_EQ(result.load(), 16384);
}

}  // namespace
}  // namespace sluice
