// DaemonPipeline: runs the daemon's stages: one reader thread per source
// (files, sockets, stdin, journal), N worker threads, and the writer on the
// calling thread, over a fixed pool of chunks.
//
// Why not runtime/Pipeline: a daemon has several sources at once, its writer
// must act when no chunk comes (commit, rotate by age, watchdog) and its
// workers publish metrics when idle, so every wait here has a timeout. The
// parts are the batch ones: ChunkPool (bounded memory; a slow sink makes
// readers wait for a free chunk: backpressure), ChunkQueue, ReorderBuffer.
// Order: sources share one sequence counter, taken after a chunk is filled;
// the writer writes in that order.
// Stopping: RequestStop() (SIGTERM) makes sources finish (files at once,
// sockets after draining what they hold); what was read is processed, written
// and committed before Run returns.
// Thread safety: RequestStop and stop_signal from any thread (async-signal-safe).
// Tests: tests/daemon/daemon_crash_test.cpp, tests/daemon/daemon_socket_test.cpp.
#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "daemon/checkpoint_writer.h"
#include "daemon/daemon_metrics.h"
#include "daemon/daemon_source.h"
#include "daemon/snapshot_worker.h"
#include "runtime/stop_signal.h"

namespace sluice {

struct DaemonPipelineOptions {
  size_t chunk_capacity = 1 << 20;
  size_t chunks_in_flight = 0;  // 0: 2 per worker + 4
};

class DaemonPipeline {
 public:
  DaemonPipeline(DaemonPipelineOptions options, DaemonMetrics* metrics) : options_(options), metrics_(metrics) {}

  // Returns when every source has ended and everything read is committed.
  // `on_tick` runs on the writer thread at least every 100 ms.
  void Run(const std::vector<DaemonSource*>& sources, const std::vector<SnapshotWorker*>& workers,
           CheckpointWriter* writer, const std::function<void()>& on_tick);
  void RequestStop() { stop_.Raise(); }
  const StopSignal& stop_signal() const { return stop_; }

 private:
  DaemonPipelineOptions options_;
  DaemonMetrics* metrics_;
  StopSignal stop_;
};

}  // namespace sluice
