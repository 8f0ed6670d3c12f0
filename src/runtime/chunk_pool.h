// ChunkPool: the fixed set of chunks a run may have in flight.
//
// Why: a bounded pool is what keeps memory flat whatever the input size, and
// what turns a slow output into a slow reader (backpressure): the reader can
// only fill a chunk that the writer has given back. Chunks are reused, so their
// buffers (input, output, compressed frame) keep their capacity between uses.
// Thread safety: Acquire and Release may be called from any thread.
// Tests: tests/runtime/chunk_pool_test.cpp.
#pragma once

#include <chrono>
#include <cstddef>

#include "runtime/chunk_queue.h"

namespace sluice {

class ChunkPool {
 public:
  ChunkPool(size_t count, size_t chunk_capacity);

  // Blocks until a chunk is free; the chunk comes back Reset().
  ChunkPtr Acquire();
  // As Acquire, waiting at most `timeout`; null if none was free in time.
  ChunkPtr AcquireFor(std::chrono::microseconds timeout);
  void Release(ChunkPtr chunk);

  size_t count() const { return count_; }
  size_t chunk_capacity() const { return chunk_capacity_; }

 private:
  ChunkQueue free_;
  size_t count_;
  size_t chunk_capacity_;
};

}  // namespace sluice
