// MalformedWriter: turns good records into the broken lines real log streams
// hold: truncated JSON, invalid UTF-8, a raw control character in a string, a
// bare number/array/string, two objects on one line, unbalanced braces. Every
// line it writes is rejected by a JSON parser, for the cause it reports (as
// sluice's dead letter names them). Secrets planted in the source record stay
// whole (a truncation never cuts before the last one), because a dead letter
// must not leak them either. Tests: tests/gen/log_generator_test.cpp (every
// malformed line fails simdjson with the expected error).
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "gen/generator_truth.h"
#include "gen/json_buffer.h"
#include "gen/rng.h"

namespace sluice::gen {

class MalformedWriter {
 public:
  // Writes one good record into the buffer and returns the offset (in that
  // buffer) just past its last planted secret, 0 if none.
  using RecordSource = std::function<size_t(JsonBuffer*)>;

  // rng: not owned, outlives this.
  MalformedWriter(Rng* rng, RecordSource source) : rng_(rng), source_(std::move(source)) {}

  // Appends one malformed line (no line end); returns why it is malformed.
  MalformedCause Write(JsonBuffer* out);

 private:
  // Inserts `bytes` right after the opening quote of a random string value.
  void InsertIntoString(std::string_view bytes, JsonBuffer* out);

  Rng* rng_;
  RecordSource source_;
  std::string record_;
};

}  // namespace sluice::gen
