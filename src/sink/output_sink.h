// OutputSink: the writer stage. Writes each chunk's records (a zstd frame or
// plain lines) to the output, and its malformed lines to the dead letter.
//
// Dead letter format: sink/dead_letter_line.h, one JSON object per malformed
// line. Line numbers are 1-based per input; the writer can number them
// because it sees chunks in order.
// Thread safety: writer thread only.
// Tests: tests/sink/output_sink_test.cpp and the CLI tests.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "runtime/stage.h"
#include "sink/output_file.h"

namespace sluice {

class OutputSink : public ChunkSink {
 public:
  // `dead_letter` may be null (malformed lines are then only counted).
  OutputSink(OutputFile* output, OutputFile* dead_letter, std::vector<std::string> source_names,
             bool compressed);

  bool Write(const Chunk& chunk) override;
  const std::string& error() const override { return error_; }

  // Readable from any thread while the run goes (for progress).
  uint64_t dead_letters() const { return dead_letters_.load(std::memory_order_relaxed); }
  uint64_t lines_done() const { return lines_done_.load(std::memory_order_relaxed); }

 private:
  OutputFile* output_;
  OutputFile* dead_letter_;
  std::vector<std::string> source_names_;
  std::vector<uint64_t> lines_seen_;  // per source
  bool compressed_;
  std::string dead_buffer_;
  std::atomic<uint64_t> dead_letters_{0};
  std::atomic<uint64_t> lines_done_{0};
  std::string error_;
};

}  // namespace sluice
