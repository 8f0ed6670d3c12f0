// DaemonMetrics: the daemon's own counters and gauges (sources, queues,
// checkpoints, sink errors, dropped lines), next to the record metrics the
// workers count, and their Prometheus text.
//
// Why atomics: each value is written by one component (a reader thread, the
// writer, the HTTP thread reads) and read at scrape time; relaxed atomics cost
// nothing measurable per chunk and need no lock.
// Families (appended after the batch families of prometheus_writer.h):
//   sluice_daemon_source_bytes_total{kind}          counter  bytes read per source kind
//   sluice_daemon_dropped_lines_total{reason}       counter  lines that never reached the output
//   sluice_daemon_sink_errors_total                 counter  failed appends/syncs (retried)
//   sluice_daemon_checkpoints_total / _errors_total counter
//   sluice_daemon_output_rotations_total            counter
//   sluice_daemon_output_bytes_total                counter  bytes appended to the sink
//   sluice_daemon_config_reloads_total{result}      counter
//   sluice_daemon_connections_rejected_total        counter
//   sluice_daemon_queue_depth{queue}                gauge    chunks waiting (workers, writer)
//   sluice_daemon_chunks_free                       gauge    free chunks in the pool
//   sluice_daemon_checkpoint_age_seconds            gauge    since the last checkpoint
//   sluice_daemon_uncommitted_bytes                 gauge    output not yet covered by one
//   sluice_daemon_file_lag_bytes                    gauge    bytes in tailed files not yet read
//   sluice_daemon_files_open, _connections_open     gauge
//   sluice_daemon_sink_up, sluice_daemon_ready      gauge    0/1
// Thread safety: any thread.
// Tests: tests/daemon/daemon_http_test.cpp (promtool).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace sluice {

// kTooLong: a socket line longer than max_line_bytes (its start is not kept).
// kDeadLetter: a malformed line the dead letter file could not take.
enum class DropReason { kSinkFailed, kTooLong, kShutdown, kDeadLetter, kCount };

struct DaemonMetrics {
  static constexpr int kSourceKinds = 5;  // SourceKind values

  std::atomic<uint64_t> source_bytes[kSourceKinds] = {};
  std::atomic<uint64_t> dropped_lines[static_cast<int>(DropReason::kCount)] = {};
  std::atomic<uint64_t> sink_errors{0};
  std::atomic<uint64_t> checkpoints{0};
  std::atomic<uint64_t> checkpoint_errors{0};
  std::atomic<uint64_t> rotations{0};
  std::atomic<uint64_t> output_bytes{0};
  std::atomic<uint64_t> reloads_ok{0};
  std::atomic<uint64_t> reloads_failed{0};
  std::atomic<uint64_t> connections_rejected{0};
  std::atomic<int64_t> queue_workers{0};
  std::atomic<int64_t> queue_writer{0};
  std::atomic<int64_t> chunks_total{0};
  std::atomic<int64_t> chunks_in_flight{0};  // held by a reader, a queue, a worker or the writer
  std::atomic<int64_t> last_checkpoint_unix_ms{0};
  std::atomic<uint64_t> uncommitted_bytes{0};
  std::atomic<uint64_t> file_lag_bytes{0};
  std::atomic<int64_t> files_open{0};
  std::atomic<int64_t> connections_open{0};
  std::atomic<int64_t> writer_heartbeat_ms{0};  // steady clock; the watchdog checks it
  std::atomic<bool> sink_up{true};
  std::atomic<bool> sources_open{false};

  void Drop(DropReason reason, uint64_t lines) {
    dropped_lines[static_cast<int>(reason)].fetch_add(lines, std::memory_order_relaxed);
  }
  void AddSourceBytes(int kind, uint64_t bytes) {
    source_bytes[kind].fetch_add(bytes, std::memory_order_relaxed);
  }
  bool ready() const { return sink_up.load() && sources_open.load(); }

  void AppendPrometheus(int64_t now_unix_ms, std::string* out) const;
};

}  // namespace sluice
