// Word bytes ([A-Za-z0-9_], as RE2's \b sees them) and digits, as the
// TriggerTable's scans (trigger_table.cpp, trigger_table_lines.cpp) classify
// them. Internal to src/redact.
#pragma once

#include <cstdint>

namespace sluice::word_bytes {

// Word characters ([A-Za-z0-9_], as RE2's \b sees them) as four nibble
// rectangles: digits, A-O/a-o, P-Z/p-z, '_'.
struct WordTables {
  alignas(16) uint8_t lo[16];
  alignas(16) uint8_t hi[16];
};
constexpr WordTables MakeWordTables() {
  WordTables t{};
  for (int l = 0; l < 16; ++l) {
    if (l <= 9) t.lo[l] |= 1;
    if (l >= 1) t.lo[l] |= 2;
    if (l <= 10) t.lo[l] |= 4;
    if (l == 15) t.lo[l] |= 8;
  }
  t.hi[3] = 1;
  t.hi[4] = 2;
  t.hi[6] = 2;
  t.hi[5] = 4 | 8;
  t.hi[7] = 4;
  return t;
}
constexpr WordTables kWord = MakeWordTables();
constexpr bool IsWordByte(unsigned char c) { return (kWord.lo[c & 15] & kWord.hi[c >> 4]) != 0; }
constexpr bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

}  // namespace sluice::word_bytes
