#include "parse/chunk_parser.h"

namespace sluice {

Malformed MalformedFromError(simdjson::error_code error) {
  switch (error) {
    case simdjson::UTF8_ERROR: return Malformed::kInvalidUtf8;
    case simdjson::DEPTH_ERROR: return Malformed::kTooDeep;
    case simdjson::INCORRECT_TYPE: return Malformed::kNotObject;
    default: return Malformed::kInvalidJson;
  }
}

bool IsValidJson(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::dom::element element;
  return parser.parse(text.data(), text.size(), true).get(element) == simdjson::SUCCESS;
}

size_t ChunkParser::WindowEnd(size_t k) const {
  const uint64_t limit = uint64_t{lines_[k].first} + kBatchBytes;
  size_t end = k + 1;
  while (end < lines_.size() && lines_[end].begin < limit) ++end;
  return end;
}

void ChunkParser::SplitLines(const char* data, size_t size) {
  lines_.clear();
  size_t pos = 0;
  while (pos < size) {
    const char* nl = static_cast<const char*>(std::memchr(data + pos, '\n', size - pos));
    size_t end = nl ? static_cast<size_t>(nl - data) : size;
    size_t next = nl ? end + 1 : size;
    size_t content_end = end;
    if (content_end > pos && data[content_end - 1] == '\r') --content_end;
    size_t first = pos;
    while (first < content_end && (data[first] == ' ' || data[first] == '\t' || data[first] == '\r')) {
      ++first;
    }
    lines_.push_back({static_cast<uint32_t>(pos), static_cast<uint32_t>(content_end),
                      static_cast<uint32_t>(first)});
    pos = next;
  }
}

}  // namespace sluice
