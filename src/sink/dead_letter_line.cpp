// DeadLetterLine (see dead_letter_line.h).
#include "sink/dead_letter_line.h"

#include <cstring>

#include "core/json_text.h"

namespace sluice {

void AppendDeadLetterLine(const Chunk& chunk, const DeadLetterEntry& entry, const DeadLetterPlace& place,
                          std::string* out) {
  out->append("{\"source\":\"");
  AppendJsonEscaped(place.source, out);
  out->append("\"");
  if (place.line > 0) out->append(",\"line\":").append(std::to_string(place.line));
  if (place.offset) out->append(",\"offset\":").append(std::to_string(*place.offset));
  out->append(",\"error\":\"");
  out->append(MalformedName(entry.cause));
  out->append("\",\"bytes\":");
  out->append(std::to_string(entry.line_bytes));
  out->append(",\"text\":\"");
  AppendJsonEscaped(std::string_view(chunk.dead_text.data() + entry.text_offset, entry.text_size), out);
  out->append("\"");
  if (entry.truncated) out->append(",\"truncated\":true");
  out->append("}\n");
}

uint64_t LineOffsetInChunk(const Chunk& chunk, uint64_t index) {
  const char* p = chunk.data();
  const char* end = p + chunk.size();
  for (uint64_t i = 0; i < index && p < end; ++i) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (!nl) return chunk.size();
    p = static_cast<const char*>(nl) + 1;
  }
  return static_cast<uint64_t>(p - chunk.data());
}

}  // namespace sluice
