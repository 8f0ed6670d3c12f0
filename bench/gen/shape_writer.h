// ShapeWriter: renders RecordFacts as one JSON line in an application shape
// (structlog, zap/logrus, nginx, pino, OTel/ECS), each with its own field
// names, nesting and units for status and latency, and tells the line's truth
// which status and latency (in ms, exactly as written) the line carries.
//
// Status and latency fields per shape (what the truth counts):
//   structlog  status_code (number)          duration_ms (ms, 3 decimals)
//   go         status (number)               latency (Go duration string)
//   nginx      status (string)               request_time (s, 3 decimals, string)
//   pino       res.statusCode                responseTime (integer ms)
//   otel       http.response.status_code     event.duration (integer ns)
// nginx's upstream_response_time is written but is not the record's latency.
// Not thread-safe. Tests: tests/gen/log_generator_test.cpp.
#pragma once

#include <cstdint>

#include "gen/generator_truth.h"
#include "gen/json_buffer.h"
#include "gen/log_clock.h"
#include "gen/log_shape.h"
#include "gen/record_facts.h"
#include "gen/secret_planter.h"

namespace sluice::gen {

class ShapeWriter {
 public:
  // All pointers: not owned, outlive this.
  ShapeWriter(LogClock* clock, SecretPlanter* planter) : clock_(clock), planter_(planter) {}

  // Appends one record (no line end) of app shape `shape` (not kJournal).
  // nginx requires facts.route. Sets truth->status / latency.
  void Write(Shape shape, const RecordFacts& facts, JsonBuffer* out, LineTruth* truth);

 private:
  void WriteStructlog(const RecordFacts& facts, JsonBuffer* out, LineTruth* truth);
  void WriteGo(const RecordFacts& facts, JsonBuffer* out, LineTruth* truth);
  void WriteNginx(const RecordFacts& facts, JsonBuffer* out, LineTruth* truth);
  void WritePino(const RecordFacts& facts, JsonBuffer* out, LineTruth* truth);
  void WriteOtel(const RecordFacts& facts, JsonBuffer* out, LineTruth* truth);

  // The request path with its query, where the planter may add a parameter.
  void AppendPath(const RecordFacts& facts, JsonBuffer* out);
  void AppendPathOnly(const RecordFacts& facts, JsonBuffer* out);
  // The message text for the facts (inside quotes), or the planter's prose.
  void AppendMessage(const RecordFacts& facts, JsonBuffer* out);
  void AppendIp(uint32_t ip, JsonBuffer* out);

  LogClock* clock_;
  SecretPlanter* planter_;
  uint64_t pino_request_id_ = 0;
};

}  // namespace sluice::gen
