// JsonBuffer: appends JSON text to a caller's std::string without building a
// DOM or formatting through iostreams. The generator writes ~2.5 M lines per GB,
// so every field is a literal fragment, an escaped string or a number rendered
// with std::to_chars straight into the buffer (no per-field allocation once the
// string has grown). Covered by tests/gen/log_generator_test.cpp (every record
// parses with simdjson).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sluice::gen {

class JsonBuffer {
 public:
  // text: not owned, must outlive this; appended to, never cleared.
  explicit JsonBuffer(std::string* text) : text_(text) {}

  std::string& text() { return *text_; }
  size_t size() const { return text_->size(); }

  // Text that is already valid inside (or outside) a JSON string.
  void Raw(std::string_view s) { text_->append(s); }
  void Char(char c) { text_->push_back(c); }
  // Escapes arbitrary bytes for the inside of a JSON string: quote, backslash
  // and control characters; UTF-8 passes through unchanged.
  void Escaped(std::string_view s);

  void Uint(uint64_t v);
  void Int(int64_t v);
  // scaled / 10^decimals with exactly `decimals` digits after the point:
  // Fixed(12345, 3) writes "12.345", Fixed(7, 3) writes "0.007".
  void Fixed(uint64_t scaled, int decimals);
  // Decimal, zero-padded to `digits` (at most 19): Padded(7, 3) writes "007".
  void Padded(uint64_t v, int digits);
  // Shortest text that reads back as the same double ("12.5", "0.001").
  void Double(double v);
  // Lowercase hexadecimal, zero-padded to `digits` (at most 16).
  void Hex(uint64_t v, int digits);
  // 8-4-4-4-12 lowercase UUID (version 4 bits set) from 128 random bits.
  void Uuid(uint64_t hi, uint64_t lo);

 private:
  std::string* text_;
};

}  // namespace sluice::gen
