// ChunkQueue: a many-producer, many-consumer queue of chunks between stages.
//
// Why: stages hand over whole chunks (never single records), so a queue
// operation is amortised over thousands of lines. The lock-free moodycamel
// queue stays hidden in chunk_queue.cpp so that only one file includes it.
// Bounds: the queue itself is unbounded; memory is bounded by the ChunkPool,
// whose fixed number of chunks is all that can ever be in flight.
// A null ChunkPtr is a valid item: stages use it as an end-of-stream marker.
// Thread safety: every method may be called from any thread.
// Tests: tests/runtime/chunk_queue_test.cpp.
#pragma once

#include <chrono>
#include <memory>

#include "core/chunk.h"

namespace sluice {

class ChunkQueue {
 public:
  ChunkQueue();
  ~ChunkQueue();
  ChunkQueue(const ChunkQueue&) = delete;
  ChunkQueue& operator=(const ChunkQueue&) = delete;

  void Push(ChunkPtr chunk);
  // Blocks until an item is available.
  ChunkPtr Pop();
  // Waits at most `timeout`; returns false if nothing came.
  bool PopFor(std::chrono::microseconds timeout, ChunkPtr* chunk);
  // Approximate number of queued items (for metrics only).
  size_t ApproxSize() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice
