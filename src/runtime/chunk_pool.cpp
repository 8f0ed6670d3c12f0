#include "runtime/chunk_pool.h"

namespace sluice {

ChunkPool::ChunkPool(size_t count, size_t chunk_capacity)
    : count_(count), chunk_capacity_(chunk_capacity) {
  for (size_t i = 0; i < count; ++i) free_.Push(std::make_unique<Chunk>(chunk_capacity));
}

ChunkPtr ChunkPool::Acquire() { return free_.Pop(); }

ChunkPtr ChunkPool::AcquireFor(std::chrono::microseconds timeout) {
  ChunkPtr chunk;
  free_.PopFor(timeout, &chunk);
  return chunk;
}

void ChunkPool::Release(ChunkPtr chunk) {
  chunk->Reset();
  free_.Push(std::move(chunk));
}

}  // namespace sluice
