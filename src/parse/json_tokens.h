// Scanning and checking JSON tokens in a record's text: what RecordWalker,
// the redactor and the dead letter's scrubber need besides simdjson. On-Demand
// does not check a literal or a number it skips, nor find where a string
// ends without walking to it.
// Tests: tests/parse/record_walker_test.cpp, tests/parse/json_tokens_test.cpp.
#pragma once

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <string_view>
#include <utility>
#include <vector>

namespace sluice {

// Validation helpers for the tokens On-Demand does not check when skipped.
bool IsJsonNumber(std::string_view token);
inline bool IsJsonLiteral(std::string_view token) { return token == "true" || token == "false" || token == "null"; }
// A value that holds nothing to hide: a literal, "", [] or {} (blanks inside
// allowed). A key rule leaves it as it is: {"token":""} says no token was
// sent, and "[REDACTED]" would say one was.
bool HoldsNothing(std::string_view token);
// `token` without trailing JSON whitespace. Inline for the common case: a
// compact record's tokens end right at the next comma or brace.
std::string_view TrimJsonSpaceTail(std::string_view token);
inline std::string_view TrimJsonSpace(std::string_view token) {
  if (!token.empty()) {
    const char c = token.back();
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return token;
  }
  return TrimJsonSpaceTail(token);
}
// The end of a JSON string body starting right after its opening quote.
const char* FindStringEnd(const char* body_begin, const char* limit);
// Past JSON whitespace from text[at].
inline size_t SkipJsonSpace(std::string_view text, size_t at) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\r' || text[at] == '\n')) ++at;
  return at;
}
// The end of the JSON value starting at text[at] (a string, number, literal
// or container), in text that may be cut short or malformed (the dead
// letter's): the text's end when the cut took its end.
size_t JsonValueEnd(std::string_view text, size_t at);
// Appends to *leaves the strings (quotes included) and numbers of `json`, the
// text of one valid JSON value, that are values: not member keys, not true,
// false or null.
void FindValueLeaves(std::string_view json, std::vector<std::pair<const char*, const char*>>* leaves);

// The end of a key body, and whether it holds an escape. Keys are short and
// almost never escaped: 16 bytes a step look for the first quote or
// backslash (a byte loop mispredicted its exit on nearly every key). Reads
// up to 15 bytes past `limit`: simdjson's padding is there.
inline const char* FindKeyEnd(const char* p, const char* limit, bool* escaped) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  for (; p < limit; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const unsigned hits = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash))));
    if (hits == 0) continue;
    const char* q = p + __builtin_ctz(hits);
    if (q >= limit) return nullptr;
    if (*q == '"') return q;
    *escaped = true;
    return FindStringEnd(q, limit);
  }
#else
  for (; p < limit; ++p) {
    if (*p == '"') return p;
    if (*p == '\\') {
      *escaped = true;
      return FindStringEnd(p, limit);
    }
  }
#endif
  return nullptr;
}

}  // namespace sluice
