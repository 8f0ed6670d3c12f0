#include "runtime/reorder_buffer.h"

#include <cassert>

namespace sluice {

void ReorderBuffer::Insert(ChunkPtr chunk) {
  assert(chunk->seq >= next_seq_ && chunk->seq < next_seq_ + ring_.size());
  ChunkPtr& slot = ring_[chunk->seq % ring_.size()];
  assert(!slot);
  slot = std::move(chunk);
  ++pending_;
}

ChunkPtr ReorderBuffer::PopNext() {
  ChunkPtr& slot = ring_[next_seq_ % ring_.size()];
  if (!slot || slot->seq != next_seq_) return nullptr;
  ++next_seq_;
  --pending_;
  return std::move(slot);
}

}  // namespace sluice
