// Prometheus text of the daemon's own metrics; see daemon_metrics.h.
// Tests: tests/daemon/daemon_http_test.cpp.
#include "daemon/daemon_metrics.h"

#include "daemon/source_registry.h"

namespace sluice {
namespace {

void Header(std::string* out, const char* name, const char* type, const char* help) {
  out->append("# HELP ").append(name).append(" ").append(help).append("\n");
  out->append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

template <class T>
void Value(std::string* out, const char* name, const char* labels, T v) {
  out->append(name);
  if (labels && *labels) out->append("{").append(labels).append("}");
  out->append(" ").append(std::to_string(v)).append("\n");
}

const char* DropReasonName(int r) {
  switch (static_cast<DropReason>(r)) {
    case DropReason::kSinkFailed: return "sink_failed";
    case DropReason::kTooLong: return "too_long";
    case DropReason::kShutdown: return "shutdown";
    case DropReason::kDeadLetter: return "dead_letter";
    case DropReason::kCount: break;
  }
  return "unknown";
}

}  // namespace

void DaemonMetrics::AppendPrometheus(int64_t now_unix_ms, std::string* out) const {
  Header(out, "sluice_daemon_source_bytes_total", "counter", "Bytes read, by source kind.");
  for (int k = 0; k < kSourceKinds; ++k) {
    std::string label = std::string("kind=\"") + SourceKindName(static_cast<SourceKind>(k)) + "\"";
    Value(out, "sluice_daemon_source_bytes_total", label.c_str(), source_bytes[k].load());
  }
  Header(out, "sluice_daemon_dropped_lines_total", "counter",
         "Lines read that never reached the output, by reason.");
  for (int r = 0; r < static_cast<int>(DropReason::kCount); ++r) {
    std::string label = std::string("reason=\"") + DropReasonName(r) + "\"";
    Value(out, "sluice_daemon_dropped_lines_total", label.c_str(), dropped_lines[r].load());
  }
  struct Counter {
    const char* name;
    const char* help;
    const std::atomic<uint64_t>* v;
  };
  const Counter counters[] = {
      {"sluice_daemon_sink_errors_total", "Failed sink appends or syncs (each retried).", &sink_errors},
      {"sluice_daemon_checkpoints_total", "Checkpoints saved.", &checkpoints},
      {"sluice_daemon_checkpoint_errors_total", "Checkpoints that could not be saved (retried).",
       &checkpoint_errors},
      {"sluice_daemon_output_rotations_total", "Output files rotated.", &rotations},
      {"sluice_daemon_output_bytes_total", "Bytes appended to the sink.", &output_bytes},
      {"sluice_daemon_connections_rejected_total", "Connections refused over the connection limit.",
       &connections_rejected},
  };
  for (const Counter& c : counters) {
    Header(out, c.name, "counter", c.help);
    Value(out, c.name, nullptr, c.v->load());
  }
  Header(out, "sluice_daemon_config_reloads_total", "counter", "Config reloads (SIGHUP), by result.");
  Value(out, "sluice_daemon_config_reloads_total", "result=\"ok\"", reloads_ok.load());
  Value(out, "sluice_daemon_config_reloads_total", "result=\"refused\"", reloads_failed.load());

  Header(out, "sluice_daemon_queue_depth", "gauge", "Chunks waiting in a queue.");
  Value(out, "sluice_daemon_queue_depth", "queue=\"workers\"", queue_workers.load());
  Value(out, "sluice_daemon_queue_depth", "queue=\"writer\"", queue_writer.load());
  Header(out, "sluice_daemon_chunks_free", "gauge", "Free chunks in the pool (0: reading is paused).");
  Value(out, "sluice_daemon_chunks_free", nullptr, chunks_total.load() - chunks_in_flight.load());
  const int64_t last = last_checkpoint_unix_ms.load();
  Header(out, "sluice_daemon_checkpoint_age_seconds", "gauge", "Seconds since the last checkpoint.");
  Value(out, "sluice_daemon_checkpoint_age_seconds", nullptr,
        last > 0 && now_unix_ms > last ? static_cast<double>(now_unix_ms - last) / 1000.0 : 0.0);
  Header(out, "sluice_daemon_uncommitted_bytes", "gauge", "Output bytes written but not yet checkpointed.");
  Value(out, "sluice_daemon_uncommitted_bytes", nullptr, uncommitted_bytes.load());
  Header(out, "sluice_daemon_file_lag_bytes", "gauge", "Bytes in tailed files not yet read.");
  Value(out, "sluice_daemon_file_lag_bytes", nullptr, file_lag_bytes.load());
  Header(out, "sluice_daemon_files_open", "gauge", "Files being tailed.");
  Value(out, "sluice_daemon_files_open", nullptr, files_open.load());
  Header(out, "sluice_daemon_connections_open", "gauge", "Open TCP, unix socket and stdin streams.");
  Value(out, "sluice_daemon_connections_open", nullptr, connections_open.load());
  Header(out, "sluice_daemon_sink_up", "gauge", "1 when the last sink write succeeded.");
  Value(out, "sluice_daemon_sink_up", nullptr, sink_up.load() ? 1 : 0);
  Header(out, "sluice_daemon_ready", "gauge", "1 when sources are open and the sink writable.");
  Value(out, "sluice_daemon_ready", nullptr, ready() ? 1 : 0);
}

}  // namespace sluice
