// CheckpointWriter: the daemon's writer stage. Appends each chunk's output to
// the sink in order, records how far each input is covered, and commits:
// sink Sync (fsync) first, then the state file (CheckpointStore::Save).
//
// Why this order: a checkpoint must never name input positions whose output
// is not durable (that loses lines) and the output's committed length must
// match those positions exactly (else a restart duplicates lines); the
// restart cuts the output back to that length (RotatingFileSink::Recover).
// Commits happen every commit_interval while data flows, after commit_bytes of
// output, before and after each rotation, and at the end of a drain.
// Sink errors (disk full, EACCES, EIO): logged, counted, retried with backoff
// (100 ms doubling to 5 s) on this thread, which stops taking chunks, so the
// queues fill and reading pauses; nothing is skipped. Once stopping, a sink
// that has failed for longer than drain_timeout is given up: the lines not
// written are counted as dropped (files are read again from the checkpoint on
// the next start; socket lines are lost, and logged).
// Thread safety: writer thread only, except the metrics it publishes.
// Tests: tests/daemon/checkpoint_writer_test.cpp, tests/daemon/daemon_crash_test.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "core/chunk.h"
#include "daemon/checkpoint_store.h"
#include "daemon/dead_letter_file.h"
#include "daemon/daemon_metrics.h"
#include "daemon/daemon_sink.h"
#include "daemon/source_registry.h"
#include "runtime/stop_signal.h"

namespace sluice {

struct CheckpointWriterOptions {
  bool compressed = true;  // write Chunk::frame (else Chunk::out)
  std::chrono::milliseconds commit_interval{1000};
  uint64_t commit_bytes = 16ull << 20;
  std::chrono::milliseconds drain_timeout{10000};
};

class CheckpointWriter {
 public:
  // All pointers must outlive the writer. `journal_cursor` is the cursor the
  // journal source restored (empty if none).
  CheckpointWriter(CheckpointWriterOptions options, DaemonSink* sink, CheckpointStore* store,
                   SourceRegistry* registry, DaemonMetrics* metrics, const StopSignal* stop);

  // Writes one chunk (in order). False only when stopping and the sink stayed
  // broken past drain_timeout: the caller should then drop the rest.
  bool Write(const Chunk& chunk);
  // Commits if due, rotates if due. Call after writes and when idle.
  void Tick();
  // Commits now (the end of a drain). False if it could not.
  bool Commit();
  void set_journal_cursor(std::string cursor) { journal_cursor_ = std::move(cursor); }
  void set_commit_options(std::chrono::milliseconds interval, uint64_t bytes) {
    options_.commit_interval = interval;
    options_.commit_bytes = bytes;
  }
  bool given_up() const { return given_up_; }
  // Malformed lines of written chunks go to `file` too (not owned; may be null).
  void set_dead_letter(DeadLetterFile* file) { dead_letter_ = file; }

 private:
  // Runs `op` until it succeeds, backing off; false if given up (stopping).
  template <class Op>
  bool Retry(const char* what, Op op);
  DaemonState BuildState();

  CheckpointWriterOptions options_;
  DaemonSink* sink_;
  CheckpointStore* store_;
  SourceRegistry* registry_;
  DaemonMetrics* metrics_;
  const StopSignal* stop_;
  // Input positions covered by the output appended so far (committed or not).
  std::map<uint32_t, uint64_t> positions_;
  std::string journal_cursor_;
  uint64_t uncommitted_bytes_ = 0;
  bool dirty_ = false;
  bool given_up_ = false;
  std::chrono::steady_clock::time_point last_commit_;
  DeadLetterFile* dead_letter_ = nullptr;
  uint64_t malformed_unlogged_ = 0;  // logged at most every 10 s
  std::chrono::steady_clock::time_point last_malformed_log_{};
};

}  // namespace sluice
