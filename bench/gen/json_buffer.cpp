// JsonBuffer: see json_buffer.h. Tests: tests/gen/log_generator_test.cpp.
#include "gen/json_buffer.h"

#include <charconv>

namespace sluice::gen {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

}  // namespace

void JsonBuffer::Escaped(std::string_view s) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (!NeedsEscape(c)) continue;
    text_->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': text_->append("\\\""); break;
      case '\\': text_->append("\\\\"); break;
      case '\n': text_->append("\\n"); break;
      case '\t': text_->append("\\t"); break;
      case '\r': text_->append("\\r"); break;
      default: {
        const char esc[6] = {'\\', 'u', '0', '0', kHexDigits[c >> 4], kHexDigits[c & 15]};
        text_->append(esc, 6);
      }
    }
  }
  text_->append(s.data() + run, s.size() - run);
}

void JsonBuffer::Uint(uint64_t v) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, v);
  text_->append(digits, result.ptr);
}

void JsonBuffer::Int(int64_t v) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, v);
  text_->append(digits, result.ptr);
}

void JsonBuffer::Fixed(uint64_t scaled, int decimals) {
  uint64_t divisor = 1;
  for (int i = 0; i < decimals; ++i) divisor *= 10;
  Uint(scaled / divisor);
  if (decimals == 0) return;
  text_->push_back('.');
  Padded(scaled % divisor, decimals);
}

void JsonBuffer::Padded(uint64_t v, int digits) {
  char out[20];
  for (int i = digits - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  text_->append(out, static_cast<size_t>(digits));
}

void JsonBuffer::Double(double v) {
  char digits[32];
  const auto result = std::to_chars(digits, digits + sizeof digits, v);
  text_->append(digits, result.ptr);
}

void JsonBuffer::Hex(uint64_t v, int digits) {
  char out[16];
  for (int i = digits - 1; i >= 0; --i) {
    out[i] = kHexDigits[v & 15];
    v >>= 4;
  }
  text_->append(out, static_cast<size_t>(digits));
}

void JsonBuffer::Uuid(uint64_t hi, uint64_t lo) {
  hi = (hi & ~0xf000ULL) | 0x4000ULL;                                // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;         // variant 10
  Hex(hi >> 32, 8);
  text_->push_back('-');
  Hex((hi >> 16) & 0xffff, 4);
  text_->push_back('-');
  Hex(hi & 0xffff, 4);
  text_->push_back('-');
  Hex(lo >> 48, 4);
  text_->push_back('-');
  Hex(lo & 0xffffffffffffULL, 12);
}

}  // namespace sluice::gen
