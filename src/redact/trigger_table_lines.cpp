// TriggerTable::MarkLine: the prefilter over a whole line at once (see
// trigger_table.h), with its AVX-512, AVX2 and scalar paths.
// Tests: tests/redact/trigger_table_test.cpp (the paths agree on any bytes;
// unmarked string bodies hold nothing Scan would report; runs across blocks),
// tests/redact/record_redactor_test.cpp (secrets at every offset of a line).
#include <algorithm>
#include <cstring>

#include "redact/trigger_table.h"
#include "redact/word_bytes.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SLUICE_TRIGGER_X86 1
#endif

namespace sluice {
namespace {

using word_bytes::IsDigit;
using word_bytes::IsWordByte;

}  // namespace

uint64_t TriggerTable::MarkLiterals(const unsigned char* p, size_t n, size_t base,
                                    uint64_t triggers) const {
  uint64_t found = 0;
  while (triggers != 0) {
    const int bit = __builtin_ctzll(triggers);
    triggers &= triggers - 1;
    const size_t pos = base + static_cast<size_t>(bit);
    if (pos >= n) break;
    const unsigned char c = p[pos];
    for (uint32_t i = first_[c]; i < first_[c + 1]; ++i) {
      const Literal& lit = literals_[i];
      if (pos < lit.at) continue;
      const size_t start = pos - lit.at;
      if (start + lit.length > n) continue;
      if (lit.word_start && start > 0 && IsWordByte(p[start - 1])) continue;
      if (LiteralAt(lit, pool_.data(), p, start, n)) {
        found |= uint64_t{1} << bit;
        break;
      }
    }
  }
  return found;
}

// Bits i of `lo` where bits i .. i+min_run_-1 of hi:lo are all set (runs that
// may continue into the next block), by shift-and doubling with the shifts
// Build() planned. Past 64 digits, every bit: every run start is then marked,
// which only costs speed.
inline uint64_t TriggerTable::LineRunStarts(uint64_t lo, uint64_t hi) const {
  if (min_run_ > 64) return ~uint64_t{0};
  for (int k = 0; k < run_shift_count_; ++k) {
    const int shift = run_shifts_[static_cast<size_t>(k)];
    lo &= (lo >> shift) | (hi << (64 - shift));
    hi &= hi >> shift;
  }
  return lo;
}

// What one 64-byte block adds to the marks, given its masks (LineBlock). Its
// literal triggers wait in `carry` until the batch is full or the line ends.
inline void TriggerTable::FinishBlock(const unsigned char* p, size_t n, size_t w,
                                      const LineBlock& b, LineCarry* carry,
                                      uint64_t* marks) const {
  uint64_t mark = b.backslashes;
  // KeyValueFinder finds no key before a sink byte right after a quote (in a
  // string body that quote is the opening one, or escaped: a backslash), nor
  // at one after two digits and before a digit ("10:30"; "cvv2=123" has a
  // key). The next block's first byte is not known yet: a sink byte at bit
  // 63 counts.
  const uint64_t digits_before = ((b.digits << 1) | (carry->digits >> 63)) &
                                 ((b.digits << 2) | (carry->digits >> 62));
  const uint64_t digit_after = b.digits >> 1;
  mark |= b.sinks & ~b.after_quote & ~(digits_before & digit_after) & b.key_ends & ~b.url_colons;
  carry->literal_triggers[w % kLiteralBatch] = sinks_have_literals_ ? b.trigger : b.trigger & ~b.sinks;
  marks[w] = mark;
  // Runs starting in the block before may reach into this one.
  if (min_run_ > 0 && w > 0 && carry->starts != 0) {
    marks[w - 1] |= LineRunStarts(carry->runs, b.digit_runs) & carry->starts;
  }
  carry->digits = b.digits;
  carry->runs = b.digit_runs;
  carry->starts = b.run_starts;
  if (w % kLiteralBatch == kLiteralBatch - 1) [[unlikely]] {
    MarkBatchLiterals(p, n, w + 1 - kLiteralBatch, kLiteralBatch, *carry, marks);
  }
}

void TriggerTable::MarkBatchLiterals(const unsigned char* p, size_t n, size_t first_word,
                                     size_t count, const LineCarry& carry, uint64_t* marks) const {
  for (size_t i = 0; i < count; ++i) {
    const uint64_t triggers = carry.literal_triggers[i];
    if (triggers != 0) marks[first_word + i] |= MarkLiterals(p, n, (first_word + i) * 64, triggers);
  }
}

inline void TriggerTable::FinishLine(const unsigned char* p, size_t n, size_t words,
                                     const LineCarry& carry, uint64_t* marks) const {
  if (min_run_ > 0 && words > 0) {
    marks[words - 1] |= LineRunStarts(carry.runs, 0) & carry.starts;
  }
  const size_t left = words % kLiteralBatch;
  if (left != 0) MarkBatchLiterals(p, n, words - left, left, carry, marks);
}

void TriggerTable::MarkLineScalar(std::string_view line, uint64_t* marks) const {
  const auto* p = reinterpret_cast<const unsigned char*>(line.data());
  const size_t n = line.size();
  const size_t words = (n + 63) / 64;
  LineCarry carry;
  for (size_t w = 0; w < words; ++w) {
    LineBlock b{};
    const size_t base = w * 64;
    const size_t end = std::min(n, base + 64);
    for (size_t i = base; i < end; ++i) {
      const unsigned char c = p[i];
      const unsigned char before = i > 0 ? p[i - 1] : 0;
      const unsigned char after = i + 1 < n ? p[i + 1] : 0;
      const uint8_t cls = lo_[c & 15] & hi_[c >> 4];
      const uint8_t follows = after_lo_[after & 15] & after_hi_[after >> 4];
      const uint8_t before_cls = before_lo_[before & 15] & before_hi_[before >> 4];
      const bool after_word_byte = (before_cls & 0x0F) != 0;
      const auto allowed = static_cast<uint8_t>((after_word_byte ? 0 : word_start_bits_) |
                                                (before_cls >> 4) | always_bits_);
      const uint64_t bit = uint64_t{1} << (i - base);
      if (cls & allowed & follows & kTriggerBits) b.trigger |= bit;
      if (cls & (kDigitBit | kSeparatorBit)) b.digit_runs |= bit;
      if ((cls & kDigitBit) && !after_word_byte) b.run_starts |= bit;
      if (IsDigit(c)) b.digits |= bit;
      if (c == '\\') b.backslashes |= bit;
      if (before == '"') b.after_quote |= bit;
      if (sink_byte_[c]) b.sinks |= bit;
      if (key_end_.test(before)) b.key_ends |= bit;
      if (c == ':' && i - base <= 61 && i + 2 < n && p[i + 1] == '/' && p[i + 2] == '/') {
        b.url_colons |= bit;
      }
    }
    FinishBlock(p, n, w, b, &carry, marks);
  }
  FinishLine(p, n, words, carry, marks);
}

#ifdef SLUICE_TRIGGER_X86
namespace {

struct Avx2Tables {
  __m256i lo, hi, before_lo, before_hi, after_lo, after_hi, key_end_lo, word_start_bits, always_bits;
  __m256i sinks[4];
};

__attribute__((target("avx2"))) inline __m256i Nibbles32(__m256i lo_table, __m256i hi_table,
                                                         __m256i v) {
  const __m256i nibble = _mm256_set1_epi8(0x0F);
  return _mm256_and_si256(
      _mm256_shuffle_epi8(lo_table, _mm256_and_si256(v, nibble)),
      _mm256_shuffle_epi8(hi_table, _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble)));
}

__attribute__((target("avx2"))) inline __m256i Table32(const uint8_t* table) {
  return _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(table)));
}

__attribute__((target("avx2"))) inline uint64_t Bits32(__m256i v) {
  return static_cast<uint32_t>(_mm256_movemask_epi8(v));
}

// Classify16 over 32 bytes: v, `before` and `after` (lane i: the byte before
// and after lane i), into bits shift..shift+31 of *out.
template <class Block>
__attribute__((target("avx2"))) inline void Classify32(__m256i v, __m256i before, __m256i after,
                                                       const Avx2Tables& t, int shift, Block* out) {
  const __m256i zero = _mm256_setzero_si256();
  const __m256i low_nibble = _mm256_set1_epi8(0x0F);
  const __m256i cls = Nibbles32(t.lo, t.hi, v);
  const __m256i follows = Nibbles32(t.after_lo, t.after_hi, after);
  const __m256i before_cls = Nibbles32(t.before_lo, t.before_hi, before);
  const __m256i after_word = _mm256_cmpeq_epi8(_mm256_and_si256(before_cls, low_nibble), zero);
  const __m256i partner_ok = _mm256_and_si256(_mm256_srli_epi16(before_cls, 4), low_nibble);
  const __m256i allowed = _mm256_or_si256(
      _mm256_or_si256(_mm256_and_si256(after_word, t.word_start_bits), partner_ok), t.always_bits);
  const __m256i bits = _mm256_and_si256(_mm256_and_si256(cls, allowed),
                                        _mm256_and_si256(follows, _mm256_set1_epi8(0x3F)));
  const __m256i digit_bit = _mm256_slli_epi16(cls, 1);  // bit 7 of each byte: its digit bit
  const __m256i digits =
      _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_max_epu8(v, _mm256_set1_epi8('0')), v),
                       _mm256_cmpeq_epi8(_mm256_min_epu8(v, _mm256_set1_epi8('9')), v));
  const __m256i sinks = _mm256_or_si256(
      _mm256_or_si256(_mm256_cmpeq_epi8(v, t.sinks[0]), _mm256_cmpeq_epi8(v, t.sinks[1])),
      _mm256_or_si256(_mm256_cmpeq_epi8(v, t.sinks[2]), _mm256_cmpeq_epi8(v, t.sinks[3])));
  out->trigger |= (~Bits32(_mm256_cmpeq_epi8(bits, zero)) & 0xFFFFFFFFu) << shift;
  out->digit_runs |= Bits32(_mm256_or_si256(cls, digit_bit)) << shift;
  out->run_starts |= Bits32(_mm256_and_si256(digit_bit, after_word)) << shift;
  out->digits |= Bits32(digits) << shift;
  out->backslashes |= Bits32(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\'))) << shift;
  out->after_quote |= Bits32(_mm256_cmpeq_epi8(before, _mm256_set1_epi8('"'))) << shift;
  out->sinks |= Bits32(sinks) << shift;
  // Bit b >> 4 of key_end_lo[b & 15], for bytes under 0x80; the rest count.
  const __m256i high_bit = _mm256_shuffle_epi8(
      _mm256_setr_epi8(1, 2, 4, 8, 16, 32, 64, -128, 0, 0, 0, 0, 0, 0, 0, 0,
                       1, 2, 4, 8, 16, 32, 64, -128, 0, 0, 0, 0, 0, 0, 0, 0),
      _mm256_and_si256(_mm256_srli_epi16(before, 4), low_nibble));
  const __m256i ends = _mm256_and_si256(
      _mm256_shuffle_epi8(t.key_end_lo, _mm256_and_si256(before, low_nibble)), high_bit);
  out->key_ends |= ((~Bits32(_mm256_cmpeq_epi8(ends, zero)) & 0xFFFFFFFFu) | Bits32(before)) << shift;
  out->url_colons |= Bits32(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(':'))) << shift;  // colons, for now
  out->slashes |= Bits32(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('/'))) << shift;
}

// class(b) = lo_table[b & 15] & hi_table[b >> 4] for 64 bytes whose nibbles
// are split already (a block shares them among its lookups).
__attribute__((target("avx512f,avx512bw"))) inline __m512i Lookup64(__m512i lo_table, __m512i hi_table,
                                                                     __m512i low_nibbles,
                                                                     __m512i high_nibbles) {
  return _mm512_and_si512(_mm512_shuffle_epi8(lo_table, low_nibbles),
                          _mm512_shuffle_epi8(hi_table, high_nibbles));
}

__attribute__((target("avx512f,avx512bw"))) inline __m512i Nibbles64(__m512i lo_table,
                                                                      __m512i hi_table, __m512i v) {
  const __m512i nibble = _mm512_set1_epi8(0x0F);
  return Lookup64(lo_table, hi_table, _mm512_and_si512(v, nibble),
                  _mm512_and_si512(_mm512_srli_epi16(v, 4), nibble));
}

// _mm512_broadcast_i32x4, zero-masked (as the alignr_epi64 below): GCC 12
// warns that the plain forms' pass-through operand is uninitialized (it is
// not used).
__attribute__((target("avx512f,avx512bw"))) inline __m512i Broadcast128(__m128i lanes) {
  return _mm512_maskz_broadcast_i32x4(0xFFFF, lanes);
}

// A byte constant the loop keeps in a register: GCC 12 otherwise rebuilds
// such constants inside the loop, a move and a broadcast each on every block.
__attribute__((target("avx512f,avx512bw"))) inline __m512i Pinned(char byte) {
  __m512i v = _mm512_set1_epi8(byte);
  __asm__("" : "+v"(v));
  return v;
}

__attribute__((target("avx512f,avx512bw"))) inline __m512i Table64(const uint8_t* table) {
  return Broadcast128(_mm_load_si128(reinterpret_cast<const __m128i*>(table)));
}

}  // namespace

// 64 bytes a step. Lines are read only within their bytes: the last block is
// the line's last 64 bytes, its masks shifted to drop what the block before
// covered; a line under 64 bytes is copied into a zeroed block. The byte
// before the line counts as a zero byte (no class, not a word byte).
__attribute__((target("avx2"))) void TriggerTable::MarkLineAvx2(std::string_view line,
                                                                uint64_t* marks) const {
  Avx2Tables t;
  t.lo = Table32(lo_.data());
  t.hi = Table32(hi_.data());
  t.before_lo = Table32(before_lo_.data());
  t.before_hi = Table32(before_hi_.data());
  t.after_lo = Table32(after_lo_.data());
  t.after_hi = Table32(after_hi_.data());
  t.key_end_lo = Table32(key_end_lo_.data());
  t.word_start_bits = _mm256_set1_epi8(static_cast<char>(word_start_bits_));
  t.always_bits = _mm256_set1_epi8(static_cast<char>(always_bits_));
  for (int k = 0; k < 4; ++k) t.sinks[k] = _mm256_set1_epi8(static_cast<char>(sinks_[k]));
  const auto* p = reinterpret_cast<const unsigned char*>(line.data());
  const size_t n = line.size();
  const size_t words = (n + 63) / 64;
  alignas(32) unsigned char short_line[1 + 64 + 31] = {};
  if (n < 64) {
    std::memcpy(short_line + 1, p, n);
    p = short_line + 1;
  }
  LineCarry carry;
  for (size_t w = 0; w < words; ++w) {
    size_t at = w * 64;
    int drop = 0;
    if (n >= 64 && at + 64 > n) {
      drop = static_cast<int>(at - (n - 64));
      at = n - 64;
    }
    const __m256i v0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + at));
    const __m256i v1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + at + 32));
    __m256i before0;
    if (at == 0) {
      // v0 shifted up a byte, a zero in front: [0, v0.lo] then alignr.
      before0 = _mm256_alignr_epi8(v0, _mm256_permute2x128_si256(v0, v0, 0x08), 15);
    } else {
      before0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + at - 1));
    }
    const __m256i before1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + at + 31));
    const __m256i after0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + at + 1));
    __m256i after1;
    if (at + 64 < n || n < 64) {
      after1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + at + 33));
    } else {
      // The line's last byte has none after it: v1 shifted down a byte, a zero on top.
      after1 = _mm256_alignr_epi8(_mm256_permute2x128_si256(v1, v1, 0x81), v1, 1);
    }
    struct : LineBlock {
      uint64_t slashes = 0;
    } b{};
    Classify32(v0, before0, after0, t, 0, &b);
    Classify32(v1, before1, after1, t, 32, &b);
    b.url_colons &= (b.slashes >> 1) & (b.slashes >> 2);
    if (sink_count_ == 0) b.sinks = 0;  // sinks_ then holds zero bytes, which are no sinks
    if (drop > 0) {
      b.trigger >>= drop;
      b.digit_runs >>= drop;
      b.run_starts >>= drop;
      b.digits >>= drop;
      b.backslashes >>= drop;
      b.after_quote >>= drop;
      b.sinks >>= drop;
      b.key_ends >>= drop;
      b.url_colons >>= drop;
    }
    FinishBlock(p, n, w, b, &carry, marks);
  }
  FinishLine(p, n, words, carry, marks);
}

// The same 64 bytes a step in one register: masked loads read only the line's
// bytes (a masked-off lane does not fault), and compares yield the bit masks
// directly. What depends on the byte before a lane is computed on the block's
// own bytes and moved up a lane: classes as a vector (two shifts), quote and
// key-end tests as bit masks carried across blocks; the nibbles of each block
// are split once for all its lookups. That took a third of the loop's
// instructions and let the constants stay in registers (the compiler had
// rebuilt eight of them on every block). kSinks: how many sink bytes to test.
template <int kSinks>
__attribute__((target("avx512f,avx512bw"))) void TriggerTable::MarkLineAvx512With(
    std::string_view line, uint64_t* marks) const {
  const __m512i lo = Table64(lo_.data());
  const __m512i hi = Table64(hi_.data());
  const __m512i before_lo = Table64(before_lo_.data());
  const __m512i before_hi = Table64(before_hi_.data());
  const __m512i after_lo = Table64(after_lo_.data());
  const __m512i after_hi = Table64(after_hi_.data());
  const __m512i key_end_lo = Table64(key_end_lo_.data());
  const __m512i high_bits = Broadcast128(_mm_setr_epi8(1, 2, 4, 8, 16, 32, 64, -128, 0, 0, 0, 0, 0, 0, 0, 0));
  const __m512i word_start_bits = _mm512_set1_epi8(static_cast<char>(word_start_bits_));
  const __m512i always_bits = _mm512_set1_epi8(static_cast<char>(always_bits_));
  const __m512i low_nibble = _mm512_set1_epi8(0x0F);
  const __m512i trigger_bits = Pinned(kTriggerBits);
  const __m512i run_bits = Pinned(static_cast<char>(kDigitBit | kSeparatorBit));
  const __m512i digit_bit = Pinned(kDigitBit);
  const __m512i zero_char = Pinned('0');
  const __m512i ten = Pinned(10);
  const __m512i backslash = Pinned('\\');
  const __m512i quote = Pinned('"');
  const __m512i slash = Pinned('/');
  const __m512i colon = Pinned(':');
  // Loaded once: sinks_ is bytes, which may alias the marks the loop stores.
  __m512i sink[4];
  for (int k = 0; k < kSinks; ++k) sink[k] = _mm512_set1_epi8(static_cast<char>(sinks_[static_cast<size_t>(k)]));
  const auto* p = reinterpret_cast<const unsigned char*>(line.data());
  const size_t n = line.size();
  const size_t words = (n + 63) / 64;
  // The line counts as preceded by a zero byte, as in the scalar path.
  __m512i last_before_cls = _mm512_set1_epi8(static_cast<char>(before_lo_[0] & before_hi_[0]));
  uint64_t quote_carry = 0;
  uint64_t key_end_carry = key_end_.test(0) ? 1 : 0;
  LineCarry carry;
  for (size_t w = 0; w < words; ++w) {
    const size_t base = w * 64;
    const size_t len = std::min<size_t>(64, n - base);
    const __mmask64 valid = len == 64 ? ~__mmask64{0} : (__mmask64{1} << len) - 1;
    const __m512i v = _mm512_maskz_loadu_epi8(valid, p + base);
    // Lane i: the byte after lane i; the line's last byte has a zero after it.
    const __m512i after = _mm512_maskz_loadu_epi8(base + 64 < n ? ~__mmask64{0} : valid >> 1, p + base + 1);
    const __m512i v_lo = _mm512_and_si512(v, low_nibble);
    const __m512i v_hi = _mm512_and_si512(_mm512_srli_epi16(v, 4), low_nibble);
    const __m512i cls = Lookup64(lo, hi, v_lo, v_hi);
    // Lane i: the before-class of byte i - 1 (lane 0: the last block's byte 63).
    const __m512i own_before_cls = Lookup64(before_lo, before_hi, v_lo, v_hi);
    const __m512i before_cls =
        _mm512_alignr_epi8(own_before_cls, _mm512_maskz_alignr_epi64(0xFF, own_before_cls, last_before_cls, 6), 15);
    last_before_cls = own_before_cls;
    const __m512i follows = Nibbles64(after_lo, after_hi, after);
    const __mmask64 after_word = _mm512_testn_epi8_mask(before_cls, low_nibble);
    const __m512i partner_ok = _mm512_and_si512(_mm512_srli_epi16(before_cls, 4), low_nibble);
    const __m512i allowed =
        _mm512_or_si512(_mm512_or_si512(_mm512_maskz_mov_epi8(after_word, word_start_bits), partner_ok),
                        always_bits);
    LineBlock b;
    b.trigger = _mm512_test_epi8_mask(_mm512_and_si512(_mm512_and_si512(cls, allowed), follows), trigger_bits);
    b.digit_runs = _mm512_test_epi8_mask(cls, run_bits) & valid;
    b.run_starts = _mm512_test_epi8_mask(cls, digit_bit) & after_word;
    b.digits = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, zero_char), ten) & valid;
    b.backslashes = _mm512_cmpeq_epi8_mask(v, backslash);
    const uint64_t quotes = _mm512_cmpeq_epi8_mask(v, quote);
    b.after_quote = (quotes << 1) | quote_carry;
    quote_carry = quotes >> 63;
    uint64_t sinks = 0;
    for (int k = 0; k < kSinks; ++k) sinks |= _mm512_cmpeq_epi8_mask(v, sink[k]);
    b.sinks = sinks & valid;
    // Bit b >> 4 of key_end_lo[b & 15], for bytes under 0x80; the rest count.
    const uint64_t key_end = _mm512_test_epi8_mask(_mm512_shuffle_epi8(key_end_lo, v_lo),
                                                   _mm512_shuffle_epi8(high_bits, v_hi)) |
                             _mm512_movepi8_mask(v);
    b.key_ends = (key_end << 1) | key_end_carry;
    key_end_carry = key_end >> 63;
    const uint64_t slashes = _mm512_cmpeq_epi8_mask(v, slash);
    b.url_colons = _mm512_cmpeq_epi8_mask(v, colon) & (slashes >> 1) & (slashes >> 2);
    FinishBlock(p, n, w, b, &carry, marks);
  }
  FinishLine(p, n, words, carry, marks);
}

void TriggerTable::MarkLineAvx512(std::string_view line, uint64_t* marks) const {
  switch (sink_count_) {
    case 0: MarkLineAvx512With<0>(line, marks); break;
    case 1: MarkLineAvx512With<1>(line, marks); break;
    case 2: MarkLineAvx512With<2>(line, marks); break;
    case 3: MarkLineAvx512With<3>(line, marks); break;
    default: MarkLineAvx512With<4>(line, marks); break;
  }
}
#else
void TriggerTable::MarkLineAvx2(std::string_view line, uint64_t* marks) const {
  MarkLineScalar(line, marks);
}
void TriggerTable::MarkLineAvx512(std::string_view line, uint64_t* marks) const {
  MarkLineScalar(line, marks);
}
#endif

void TriggerTable::MarkLine(std::string_view line, uint64_t* marks) const {
  if (avx512_) {
    MarkLineAvx512(line, marks);
  } else if (avx2_) {
    MarkLineAvx2(line, marks);
  } else {
    MarkLineScalar(line, marks);
  }
}

}  // namespace sluice
