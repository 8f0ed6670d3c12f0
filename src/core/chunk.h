// Chunk: a block of whole input lines and everything the stages make of it.
//
// Ownership: a chunk has exactly one owner at a time (reader, one worker, or
// the writer) and travels between them as std::unique_ptr through queues, so no
// field needs a lock. Chunks come from a fixed ChunkPool and are reused, so
// their buffers keep their capacity and the hot path allocates nothing once
// warm.
// Padding: the input buffer is allocated with kChunkPadding spare bytes after
// capacity(), so the parser reads lines in place, without a copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/malformed.h"

namespace sluice {

// Spare bytes after a chunk's input; the parse stage checks it covers simdjson's.
inline constexpr size_t kChunkPadding = 64;

// A malformed line, kept for the dead letter. The text lives in
// Chunk::dead_text (already scrubbed of secrets).
struct DeadLetterEntry {
  uint64_t line_in_chunk;  // 0-based line index within the chunk
  Malformed cause;
  uint64_t line_bytes;     // the line's full length
  uint32_t text_offset;
  uint32_t text_size;
  bool truncated;          // only the start of the line is kept
};

class Chunk {
 public:
  explicit Chunk(size_t capacity)
      : buffer_(new char[capacity + kChunkPadding]), capacity_(capacity) {}

  // --- Filled by the reader --------------------------------------------------
  uint64_t seq = 0;           // position in the run's output order
  uint32_t source = 0;        // index of the input this chunk came from
  bool end_of_source = false; // the last chunk of its input
  // Set when a single line was longer than the buffer: data() then holds only
  // the start of that line, and oversized_bytes its full length.
  bool oversized_line = false;
  uint64_t oversized_bytes = 0;
  // Daemon checkpoints: the byte range of the source the chunk's lines cover
  // (a file's offsets), or for the journal the cursor of its last entry. The
  // writer records them once the chunk's output is written.
  uint64_t source_begin = 0;
  uint64_t source_end = 0;
  std::string source_cursor;

  char* data() { return buffer_.get(); }
  const char* data() const { return buffer_.get(); }
  size_t size() const { return size_; }
  void set_size(size_t n) { size_ = n; }
  size_t capacity() const { return capacity_; }

  // --- Filled by a worker ----------------------------------------------------
  uint64_t line_count = 0;              // lines in this chunk, blank ones included
  std::string out;                      // processed records, '\n'-terminated
  std::string frame;                    // `out` as one zstd frame, when compressing
  std::vector<DeadLetterEntry> dead;    // malformed lines
  std::string dead_text;

  // Readies a recycled chunk for the reader.
  void Reset() {
    seq = 0;
    source = 0;
    end_of_source = false;
    oversized_line = false;
    oversized_bytes = 0;
    source_begin = 0;
    source_end = 0;
    source_cursor.clear();
    size_ = 0;
    line_count = 0;
    out.clear();
    frame.clear();
    dead.clear();
    dead_text.clear();
  }

 private:
  std::unique_ptr<char[]> buffer_;
  size_t capacity_;
  size_t size_ = 0;
};

using ChunkPtr = std::unique_ptr<Chunk>;

}  // namespace sluice
