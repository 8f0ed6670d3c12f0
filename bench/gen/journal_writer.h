// JournalWriter: writes `journalctl -o json` envelopes. MESSAGE is usually an
// application's JSON line (from ShapeWriter) escaped into a string, as when a
// service logs JSON to stdout under systemd; a few carry plain text, a few an
// array of byte values (journalctl's encoding of non-UTF-8 or non-printable
// data), a few null. Only the app line inside MESSAGE can carry a status or a
// latency, so only it counts for the truth. Tests: tests/gen/log_generator_test.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gen/generator_truth.h"
#include "gen/json_buffer.h"
#include "gen/log_clock.h"
#include "gen/log_shape.h"
#include "gen/record_facts.h"
#include "gen/rng.h"
#include "gen/secret_planter.h"
#include "gen/shape_writer.h"

namespace sluice::gen {

class JournalWriter {
 public:
  // Pointers: not owned, outlive this. inner_shapes: app shapes MESSAGE lines
  // are drawn from (none: all of them).
  JournalWriter(Rng* rng, LogClock* clock, SecretPlanter* planter, ShapeWriter* shapes,
                std::vector<Shape> inner_shapes);

  // Appends one envelope (no line end) for `facts`, which must be drawn with
  // request_only when the chosen inner shape is nginx; see InnerShape().
  void Write(Shape inner_shape, const RecordFacts& facts, JsonBuffer* out, LineTruth* truth);
  // Draws the shape of the next MESSAGE app line.
  Shape InnerShape();

 private:
  Rng* rng_;
  LogClock* clock_;
  SecretPlanter* planter_;
  ShapeWriter* shapes_;
  std::vector<Shape> inner_shapes_;
  uint64_t boot_id_[2];
  uint64_t seqnum_id_[2];
  uint64_t seqnum_;
  int64_t boot_epoch_us_;
  std::string inner_;  // the app line before it is escaped into MESSAGE
};

}  // namespace sluice::gen
