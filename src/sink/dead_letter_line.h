// DeadLetterLine: one malformed line as the dead letter's JSON object,
//   {"source":"app.log","line":42,"error":"invalid_json","bytes":17,"text":"..."}
// with "offset" (the line's first byte in a tailed file) where the line
// number is not known, and "truncated":true when only the start of a very
// long line is kept. The batch writer (OutputSink) and the daemon's
// DeadLetterFile write the same format. The text is already scrubbed of
// secrets by the worker.
// Tests: tests/sink/output_sink_test.cpp, tests/daemon/daemon_dead_letter_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/chunk.h"

namespace sluice {

struct DeadLetterPlace {
  std::string_view source;
  uint64_t line = 0;               // 1-based; 0: not known (not written)
  std::optional<uint64_t> offset;  // byte offset in the source
};

// Appends `entry` of `chunk` as one JSON line (with its '\n') to *out.
void AppendDeadLetterLine(const Chunk& chunk, const DeadLetterEntry& entry, const DeadLetterPlace& place,
                          std::string* out);

// Byte offset in chunk.data() where line `index` (0-based) begins.
uint64_t LineOffsetInChunk(const Chunk& chunk, uint64_t index);

}  // namespace sluice
