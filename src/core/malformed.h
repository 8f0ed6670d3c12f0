// Why a line could not be processed as a record. A malformed line is data, not
// a failure: it is counted by cause and, when asked, written to the dead letter.
#pragma once

#include <cstdint>
#include <string_view>

namespace sluice {

enum class Malformed : uint8_t {
  kInvalidJson,   // simdjson rejected the line
  kInvalidUtf8,   // bytes that are not UTF-8
  kNotObject,     // valid JSON, but not an object ("42", "[1]", "\"x\"")
  kTooLong,       // longer than --max-line-bytes
  kTooDeep,       // nesting beyond the parser's depth limit
  kCount
};

constexpr std::string_view MalformedName(Malformed m) {
  switch (m) {
    case Malformed::kInvalidJson: return "invalid_json";
    case Malformed::kInvalidUtf8: return "invalid_utf8";
    case Malformed::kNotObject: return "not_object";
    case Malformed::kTooLong: return "too_long";
    case Malformed::kTooDeep: return "too_deep";
    case Malformed::kCount: break;
  }
  return "unknown";
}

constexpr int kMalformedCauses = static_cast<int>(Malformed::kCount);

}  // namespace sluice
