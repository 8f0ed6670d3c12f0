// Pipeline: runs source → N workers → sink on staged threads.
//
// Threads: one reader (calls the source), one thread per ChunkWorker (each
// with its own state, so parsers, compressors and metrics shards are never
// shared), and the calling thread as the writer. Chunks come from a fixed pool
// of `chunks_in_flight`, so memory is bounded and a slow sink slows the reader.
// Order: chunks carry sequence numbers; the writer restores input order.
// Stopping: RequestStop() (a signal, a fatal sink error) makes the reader stop
// at the next chunk; what was read is still processed and written, so the
// output is complete up to that point.
// Tests: tests/runtime/pipeline_test.cpp.
#pragma once

#include <atomic>
#include <cstddef>
#include <span>

#include "runtime/stage.h"
#include "runtime/stop_signal.h"

namespace sluice {

struct PipelineOptions {
  size_t chunk_capacity = 1 << 20;
  size_t chunks_in_flight = 0;  // 0: 2 per worker + 2
};

struct PipelineResult {
  bool sink_failed = false;
  uint64_t chunks = 0;
};

class Pipeline {
 public:
  explicit Pipeline(PipelineOptions options) : options_(options) {}

  // One thread per worker; the caller keeps ownership (and reads the workers'
  // metrics after Run returns).
  PipelineResult Run(ChunkSource* source, std::span<ChunkWorker* const> workers, ChunkSink* sink);
  // Safe from any thread and from a signal handler.
  void RequestStop() { stop_.Raise(); }
  bool stop_requested() const { return stop_.raised(); }
  // For sources that wait on input: poll this alongside it.
  const StopSignal& stop_signal() const { return stop_; }

 private:
  PipelineOptions options_;
  StopSignal stop_;
};

}  // namespace sluice
