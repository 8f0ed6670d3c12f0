// JSON string text in both directions, shared by the stages that read string
// values (redact, metrics) and those that write them (redact, dead letter).
//
// - UnescapeJsonString decodes the body of a JSON string (between the quotes)
//   and can record, for every decoded byte, where its escape sequence began in
//   the original, so that a secret found in decoded text is replaced at the
//   right place in the original bytes, keeping all other escaping as it was.
//   Without the origin map it decodes 64 bytes a step where the CPU has
//   AVX-512 VBMI2: a journald MESSAGE holding a JSON line escapes every quote.
// - AppendJsonEscaped writes text as the body of a JSON string; invalid UTF-8
//   becomes U+FFFD so the result is always valid JSON.
// Tests: tests/core/json_text_test.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

// Decodes `body` into *out (cleared first). When `origin` is not null, it gets
// out->size() + 1 entries: origin[i] is the offset in `body` of the escape
// sequence (or plain byte) that produced out[i]; origin[out->size()] is
// body.size(). Returns false on a malformed escape (then *out is unspecified).
bool UnescapeJsonString(std::string_view body, std::string* out,
                        std::vector<uint32_t>* origin = nullptr);

// nginx's escape=default writes '"' in a JSON log_format as \x22, which no
// JSON parser takes: decodes every \xHH of `text` into *out (cleared first),
// `origin` as for UnescapeJsonString (required). False when there is none.
bool DecodeHexEscapes(std::string_view text, std::string* out, std::vector<uint32_t>* origin);

// Decodes every valid JSON escape found anywhere in `text` (raw text that
// need not be valid JSON: a malformed line bound for the dead letter) into
// *out (cleared first); a malformed escape's backslash is kept as a plain
// byte. `origin` as for UnescapeJsonString.
void UnescapeJsonTextLenient(std::string_view text, std::string* out,
                             std::vector<uint32_t>* origin = nullptr);

// Text decoded one level further, for a secret hidden behind a second level
// of escapes: its JSON escapes (UnescapeJsonTextLenient), or when it has
// none, nginx's \xHH (DecodeHexEscapes). False when nothing was decoded.
bool DecodeOnceMore(std::string_view text, std::string* out, std::vector<uint32_t>* origin);

// The value of a hex digit (either case), or -1.
int HexDigitValue(char c);

// Appends `text` escaped as the body of a JSON string (no quotes).
void AppendJsonEscaped(std::string_view text, std::string* out);
// Appends `text` as a JSON string: quoted, escaped.
void AppendJsonString(std::string_view text, std::string* out);

// True when `text` is valid UTF-8.
bool IsValidUtf8(std::string_view text);

}  // namespace sluice
