// ReplacementRenderer: renders the text that replaces a secret, per rule mode:
//   mask / drop  the rule's label ("[REDACTED]", "[REDACTED:jwt]")
//   hash         "[HASH:" + first 16 hex digits of HMAC-SHA256(key, secret) + "]",
//                so equal secrets stay correlatable without being readable
//   partial      '*' per character except the last keep_last characters
//                (UTF-8 code points); a secret shorter than 2 * keep_last is
//                masked whole, so that partial never shows most of a secret,
//                and so is one that is not a single token (letters and digits
//                in groups split by ' ', '-', '.' or '_'), or digits alone, 13
//                or more, that are not one card number in a card's grouping,
//                so that the tail shown is never another secret
//                ("4111...|12/27|321", "4111111111111111 1227", an object).
//
// Why this design: the HMAC inner and outer SHA-256 states are keyed once at
// construction; a call copies them (plain structs) and finishes, so rendering
// allocates nothing beyond appending to the caller's string. The key is never
// logged or rendered. Immutable after construction; thread-safe.
// Tests: tests/redact/replacement_test.cpp.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "redact/redaction_rules.h"

namespace sluice {

class ReplacementRenderer {
 public:
  static constexpr int kHashHexChars = 16;

  // An empty key disables kHash (rendered as the mask label; the loader
  // refuses hash rules without a key before it gets here).
  explicit ReplacementRenderer(std::string_view hash_key);
  ~ReplacementRenderer();
  ReplacementRenderer(const ReplacementRenderer&) = delete;
  ReplacementRenderer& operator=(const ReplacementRenderer&) = delete;

  bool has_hash_key() const { return hmac_ != nullptr; }

  void Append(const RedactionRule& rule, std::string_view secret, std::string* out) const;

 private:
  struct HmacState;
  void AppendHash(std::string_view secret, std::string* out) const;
  static void AppendPartial(std::string_view secret, int keep_last, std::string* out);

  std::unique_ptr<HmacState> hmac_;
};

}  // namespace sluice
