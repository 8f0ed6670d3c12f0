// ChunkReader: the pipeline's source. Reads the inputs one after another and
// cuts their bytes into chunks at line boundaries.
//
// - A chunk holds whole lines of one input only; the partial line at its end
//   is carried into the next chunk (a copy of one line, not of the chunk).
// - The last line of an input may lack its newline: it ends the input's last
//   chunk, which is marked end_of_source.
// - A line longer than the chunk buffer cannot be processed: the chunk keeps
//   its first bytes, the rest is skipped up to the next newline, and the chunk
//   is marked oversized_line (the worker reports it as too long).
// - Live input (a pipe from `journalctl -f`): once a chunk holds a complete
//   line, it is handed on within `flush_interval` even if not full, so every
//   line reaches the output promptly; a quiet input is waited on in poll(),
//   costing no CPU. A raised StopSignal wakes the wait: the complete lines read
//   so far are handed on and reading ends.
// - An input that fails mid-way (a read error, a truncated or damaged .gz or
//   .zst) is reported in errors() with its name and cause; the whole lines read
//   before stay processed (a line the failure cut is dropped), and reading goes
//   on with the next input.
// - `journalctl -o json-pretty` output (one field per line) is recognised and
//   refused with an error naming the input, rather than parsed as garbage.
// - A UTF-8 byte-order mark at the very start of an input (after gzip or zstd
//   decoding) is dropped; one later in the input stays, and makes its line
//   malformed.
// Thread safety: reader thread only (errors() after the run).
// Tests: tests/ingest/chunk_reader_test.cpp.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ingest/byte_source.h"
#include "runtime/stage.h"
#include "runtime/stop_signal.h"

namespace sluice {

class ChunkReader : public ChunkSource {
 public:
  explicit ChunkReader(std::vector<std::string> paths,
                       std::chrono::milliseconds flush_interval = std::chrono::seconds(1));
  // Wakes waits on live input; must outlive Fill calls.
  void set_stop_signal(const StopSignal* stop) { stop_ = stop; }

  bool Fill(Chunk* chunk) override;

  const std::vector<std::string>& errors() const { return errors_; }
  const std::vector<std::string>& paths() const { return paths_; }
  // For progress: raw bytes consumed across all inputs so far (any thread).
  uint64_t raw_bytes_read() const { return raw_bytes_done_.load(std::memory_order_relaxed); }

 private:
  bool OpenNext();
  // Reads until `chunk` is full or the input ends; false on a read error.
  // `input_start`: the chunk starts the input, whose UTF-8 BOM is dropped.
  bool ReadInto(Chunk* chunk, bool input_start, bool* at_eof);
  enum class Wait { kReadable, kFlush, kStop };
  // For live input: waits until readable, the flush deadline, or a stop.
  Wait WaitForInput(bool flushable, std::chrono::steady_clock::time_point deadline);
  // Skips to the end of the current line; what was read past it (at most
  // max_carry bytes) goes to carry_.
  bool SkipRestOfLine(size_t max_carry, uint64_t* skipped, bool* at_eof);
  // A full chunk that ends exactly where its input ends is the input's last:
  // when nothing was carried over, reads one byte ahead to find out.
  void MarkEndIfNothingFollows(Chunk* chunk);
  void CloseCurrent();

  std::vector<std::string> paths_;
  std::chrono::milliseconds flush_interval_;
  const StopSignal* stop_ = nullptr;
  bool stopped_ = false;
  bool first_chunk_ = false;
  size_t next_path_ = 0;
  uint32_t current_index_ = 0;
  std::unique_ptr<ByteSource> current_;
  std::string carry_;  // a partial line waiting for its next chunk
  uint64_t raw_bytes_closed_ = 0;
  std::atomic<uint64_t> raw_bytes_done_{0};
  std::vector<std::string> errors_;
};

}  // namespace sluice
