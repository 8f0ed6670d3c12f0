// Wraps moodycamel::BlockingConcurrentQueue; see chunk_queue.h for the contract.
#include "runtime/chunk_queue.h"

#include <concurrentqueue/blockingconcurrentqueue.h>

namespace sluice {

struct ChunkQueue::Impl {
  // Raw pointers inside: moodycamel moves items with memcpy-like semantics and
  // ownership is re-established on the way out.
  moodycamel::BlockingConcurrentQueue<Chunk*> queue;
};

ChunkQueue::ChunkQueue() : impl_(std::make_unique<Impl>()) {}

ChunkQueue::~ChunkQueue() {
  Chunk* chunk = nullptr;
  while (impl_->queue.try_dequeue(chunk)) delete chunk;
}

void ChunkQueue::Push(ChunkPtr chunk) { impl_->queue.enqueue(chunk.release()); }

ChunkPtr ChunkQueue::Pop() {
  Chunk* chunk = nullptr;
  impl_->queue.wait_dequeue(chunk);
  return ChunkPtr(chunk);
}

bool ChunkQueue::PopFor(std::chrono::microseconds timeout, ChunkPtr* out) {
  Chunk* chunk = nullptr;
  if (!impl_->queue.wait_dequeue_timed(chunk, timeout)) return false;
  out->reset(chunk);
  return true;
}

size_t ChunkQueue::ApproxSize() const { return impl_->queue.size_approx(); }

}  // namespace sluice
