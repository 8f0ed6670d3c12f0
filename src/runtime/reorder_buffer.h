// ReorderBuffer: restores input order at the writer.
//
// Why: workers finish chunks out of order (moodycamel keeps order only per
// producer). Every chunk carries a sequence number; the writer inserts what
// arrives and takes chunks out strictly in sequence. Since at most `slots`
// chunks exist (the pool size), a ring indexed by seq % slots suffices: no map,
// no allocation after construction.
// Thread safety: writer thread only.
// Tests: tests/runtime/reorder_buffer_test.cpp.
#pragma once

#include <cstdint>
#include <vector>

#include "core/chunk.h"

namespace sluice {

class ReorderBuffer {
 public:
  explicit ReorderBuffer(size_t slots) : ring_(slots) {}

  // Takes a chunk whose seq is in [next_seq(), next_seq() + slots).
  void Insert(ChunkPtr chunk);
  // The chunk with seq == next_seq(), if it has arrived (then next_seq advances).
  ChunkPtr PopNext();
  uint64_t next_seq() const { return next_seq_; }
  size_t pending() const { return pending_; }

 private:
  std::vector<ChunkPtr> ring_;
  uint64_t next_seq_ = 0;
  size_t pending_ = 0;
};

}  // namespace sluice
