// TriggerTable: the SIMD prefilter of value patterns (see trigger_table.h);
// MarkLine, the whole-line pass, is in trigger_table_lines.cpp.
// Tests: tests/redact/trigger_table_test.cpp (SIMD vs scalar vs a naive
// reference on random text, rarest-byte choice, digit runs across blocks).
#include "redact/trigger_table.h"

#include <algorithm>
#include <cstring>

#include "redact/word_bytes.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SLUICE_TRIGGER_SSSE3 1
#endif

namespace sluice {
namespace {

using word_bytes::IsDigit;
using word_bytes::IsWordByte;
using word_bytes::kWord;

constexpr unsigned char Lower(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + ('a' - 'A')) : c;
}
constexpr unsigned char Upper(unsigned char c) {
  return c >= 'a' && c <= 'z' ? static_cast<unsigned char>(c - ('a' - 'A')) : c;
}
constexpr bool Printable(unsigned char c) { return c >= 0x20 && c <= 0x7e; }


// Rough per-mille frequencies of lowercase letters in service-log text
// (English letter frequencies, with x, z, j raised for "0x", "x86", "Mozilla",
// "gzip", "json").
constexpr int kLetter[26] = {82, 15, 28, 43, 127, 22, 20, 61, 70, 3,  8, 40, 24,
                             67, 75, 19, 1,  60, 63, 91, 28, 10, 24, 6, 20, 4};

// A byte that may only trigger at a word start fires about this often,
// in tenths, compared with the same byte anywhere.
constexpr int kWordStartTenths = 3;

// Bit i set when bits i .. i+n-1 of `w` are all set (n in 1..16): shift-and
// doubling, x keeps bit i iff bits i .. i+k-1 are all set.
inline uint32_t RunStarts(uint32_t w, int n) {
  uint32_t x = w;
  int k = 1;
  if (n >= 2) x &= x >> 1, k = 2;
  if (n >= 4) x &= x >> 2, k = 4;
  if (n >= 8) x &= x >> 4, k = 8;
  if (n >= 16) x &= x >> 8, k = 16;
  if (k < n) x &= x >> (n - k);
  return x;
}


// A digit after a letter or '_' is glued to a word: no run starts there.
constexpr bool Glues(unsigned char c) { return IsWordByte(c) && !IsDigit(c); }

#ifdef SLUICE_TRIGGER_SSSE3
struct Masks {
  uint32_t trigger;
  uint32_t digits;  // digits and separators
  uint32_t starts;  // digits after a non-word byte: where a counted run may start
};

// Shuffle controls that gather a short text (n < 16 bytes, loaded as two
// overlapping halves, see LoadShort) into lanes 0..n-1, zeroing the rest.
struct ShortShuffles {
  alignas(16) int8_t control[16][16];
};
constexpr ShortShuffles MakeShortShuffles() {
  ShortShuffles s{};
  for (int n = 0; n < 16; ++n) {
    for (int q = 0; q < 16; ++q) {
      int lane = -128;  // high bit set: pshufb writes zero
      if (q < n) {
        if (n >= 8) {
          lane = q < 8 ? q : q + 16 - n;
        } else if (n >= 4) {
          lane = q < 4 ? q : q + 8 - n;
        } else {
          lane = q == 0 ? 0 : (q == n - 1 ? 2 : 1);
        }
      }
      s.control[n][q] = static_cast<int8_t>(lane);
    }
  }
  return s;
}
constexpr ShortShuffles kShortShuffles = MakeShortShuffles();

// 16 lane indices then 16 "zero" entries: loading at offset k shifts right by k.
alignas(16) constexpr int8_t kShiftRight[32] = {
    0,    1,    2,    3,    4,    5,    6,    7,    8,    9,    10,   11,   12,   13,   14,   15,
    -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128};

// Lanes 0..n-1 = p[0..n-1], the rest zero, for 0 < n < 16, reading only
// inside [p, p + n).
__attribute__((target("ssse3"))) inline __m128i LoadShort(const uint8_t* p, size_t n) {
  __m128i raw;
  if (n >= 8) {
    uint64_t a, b;
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + n - 8, 8);
    raw = _mm_set_epi64x(static_cast<int64_t>(b), static_cast<int64_t>(a));
  } else if (n >= 4) {
    uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    raw = _mm_set_epi32(0, 0, static_cast<int>(b), static_cast<int>(a));
  } else {
    raw = _mm_cvtsi32_si128(static_cast<int>(p[0] | (uint32_t{p[n >> 1]} << 8) |
                                             (uint32_t{p[n - 1]} << 16)));
  }
  return _mm_shuffle_epi8(
      raw, _mm_load_si128(reinterpret_cast<const __m128i*>(kShortShuffles.control[n])));
}

// Lanes 0..rem-1 = p[n-rem .. n-1], the rest zero, for 0 < rem < 16 <= n.
__attribute__((target("ssse3"))) inline __m128i LoadTail(const uint8_t* p, size_t n, size_t rem) {
  const __m128i last = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16));
  return _mm_shuffle_epi8(
      last, _mm_loadu_si128(reinterpret_cast<const __m128i*>(kShiftRight + (16 - rem))));
}

struct SimdTables {
  __m128i lo, hi, before_lo, before_hi, word_start_bits, always_bits;
};

__attribute__((target("ssse3"))) inline __m128i Nibbles(__m128i lo_table, __m128i hi_table,
                                                        __m128i v) {
  const __m128i nibble = _mm_set1_epi8(0x0F);
  return _mm_and_si128(_mm_shuffle_epi8(lo_table, _mm_and_si128(v, nibble)),
                       _mm_shuffle_epi8(hi_table, _mm_and_si128(_mm_srli_epi16(v, 4), nibble)));
}

// v: 16 text bytes; prev: the 16 before them (zero at the start of the text).
__attribute__((target("ssse3"))) inline Masks Classify16(__m128i v, __m128i prev,
                                                         const SimdTables& t) {
  const __m128i zero = _mm_setzero_si128();
  const __m128i cls = Nibbles(t.lo, t.hi, v);
  const __m128i before = _mm_alignr_epi8(v, prev, 15);  // lane i: the byte before lane i
  // Bits 0..3: word-character rectangles; bits 4..7: partner rectangles of
  // trigger groups 0..3.
  const __m128i before_cls = Nibbles(t.before_lo, t.before_hi, before);
  const __m128i after_word =
      _mm_cmpeq_epi8(_mm_and_si128(before_cls, _mm_set1_epi8(0x0F)), zero);
  const __m128i partner_ok =
      _mm_and_si128(_mm_srli_epi16(before_cls, 4), _mm_set1_epi8(0x0F));
  const __m128i allowed = _mm_or_si128(
      _mm_or_si128(_mm_and_si128(after_word, t.word_start_bits), partner_ok), t.always_bits);
  const __m128i bits = _mm_and_si128(_mm_and_si128(cls, allowed), _mm_set1_epi8(0x3F));
  Masks m;
  m.trigger = ~static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bits, zero))) & 0xFFFF;
  // Bit 7 of each byte is the separator bit; shifting moves the digit bit there.
  const __m128i digit_bit = _mm_slli_epi16(cls, 1);
  m.digits = static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(cls, digit_bit)));
  m.starts = static_cast<uint32_t>(_mm_movemask_epi8(_mm_and_si128(digit_bit, after_word)));
  return m;
}
#endif

}  // namespace

int TriggerTable::Commonness(unsigned char c) {
  if (c >= 'a' && c <= 'z') return kLetter[c - 'a'] * 10;
  if (c >= 'A' && c <= 'Z') return kLetter[c - 'A'] * 2 + 10;
  if (c >= '0' && c <= '9') return 400;
  switch (c) {
    case ' ': return 1500;
    case '.': return 250;
    case '/': case '-': return 200;
    case ':': return 150;
    case '_': return 100;
    case ',': case '"': return 80;
    case '=': return 50;
    case '(': case ')': return 40;
    case ';': return 30;
    case '&': case '?': case '%': case '+': case '[': case ']': case '\'': return 20;
    default: return 10;
  }
}

int TriggerTable::RarestByte(std::string_view literal, bool ignore_case, bool word_start) {
  int best = -1;
  int best_score = 0;
  for (size_t i = 0; i < literal.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(literal[i]);
    if (!Printable(c)) continue;
    int score = Commonness(c);
    if (ignore_case && Lower(c) != Upper(c)) score = Commonness(Lower(c)) + Commonness(Upper(c));
    if (i == 0 && word_start && IsWordByte(c)) score = score * kWordStartTenths / 10;
    if (best < 0 || score < best_score) {
      best = static_cast<int>(i);
      best_score = score;
    }
  }
  return best;
}

bool TriggerTable::AddLiterals(uint16_t id, const std::vector<std::string>& literals,
                               bool ignore_case, bool word_start) {
  std::vector<std::pair<unsigned char, Literal>> entries;
  for (const std::string& literal : literals) {
    int at = RarestByte(literal, ignore_case, word_start);
    if (at < 0 || literal.size() > 255) return false;
    Literal entry{};
    entry.offset = static_cast<uint32_t>(pool_.size());
    entry.pattern = id;
    entry.length = static_cast<uint8_t>(literal.size());
    entry.at = static_cast<uint8_t>(at);
    entry.ignore_case = ignore_case;
    entry.word_start = word_start;
    for (size_t i = 0; i < literal.size(); ++i) {
      const auto c = static_cast<unsigned char>(literal[i]);
      const bool fold = ignore_case && Lower(c) != Upper(c);
      pool_.push_back(static_cast<char>(fold ? Lower(c) : c));
      if (i < 8) {
        entry.head |= uint64_t{fold ? Lower(c) : c} << (8 * i);
        entry.head_mask |= uint64_t{0xFF} << (8 * i);
        if (fold) entry.head_fold |= uint64_t{0x20} << (8 * i);
      }
    }
    unsigned char c = static_cast<unsigned char>(literal[at]);
    if (ignore_case) {
      entries.emplace_back(Lower(c), entry);
      if (Upper(c) != Lower(c)) entries.emplace_back(Upper(c), entry);
    } else {
      entries.emplace_back(c, entry);
    }
  }
  for (auto& e : entries) pending_.push_back(e);
  return true;
}

void TriggerTable::AddDigitRun(uint16_t id, int min_digits, std::string_view separators) {
  digit_rules_.push_back({id, min_digits});
  min_run_ = min_run_ == 0 ? min_digits : std::min(min_run_, min_digits);
  for (unsigned char c : separators) separator_[c] = true;
}

void TriggerTable::SetSinkKeyEnds(const std::bitset<256>& key_ends) {
  key_ends_set_ = true;
  key_end_ = key_ends;
  for (int b = 0x80; b < 256; ++b) key_end_.set(static_cast<size_t>(b));
  key_end_lo_.fill(0);
  for (int b = 0; b < 0x80; ++b) {
    if (key_end_.test(static_cast<size_t>(b))) {
      key_end_lo_[static_cast<size_t>(b & 15)] |= static_cast<uint8_t>(1u << (b >> 4));
    }
  }
}

bool TriggerTable::AddSinkByte(unsigned char c) {
  if (sink_byte_[c]) return true;
  if (sink_count_ == static_cast<int>(sinks_.size())) return false;
  // Unused entries repeat the first sink byte, so MarkLine compares with all four.
  if (sink_count_ == 0) sinks_.fill(c);
  sinks_[static_cast<size_t>(sink_count_++)] = c;
  sink_byte_[c] = true;
  return true;
}

// What the byte before a trigger byte must be for one of its literals to
// start there: anything, a non-word byte (word_start literal indexed by its
// first byte) or one of `partners` (the literal's byte before the indexed one).
// MarkLine also asks the byte after: anything (follow_any), or one of
// `followers` (the literal's byte after the indexed one).
struct TriggerTable::Condition {
  bool any = false;
  bool non_word = false;
  std::bitset<256> partners;
  bool follow_any = false;
  std::bitset<256> followers;

  void Merge(const Condition& other) {
    any = any || other.any;
    non_word = non_word || other.non_word;
    partners |= other.partners;
    follow_any = follow_any || other.follow_any;
    followers |= other.followers;
  }
};

namespace {

// A nibble rectangle: every byte whose low nibble is in `lo` and high nibble
// in `hi`.
struct Rectangle {
  uint16_t lo = 0;
  uint16_t hi = 0;

  void Add(int b) {
    lo = static_cast<uint16_t>(lo | 1u << (b & 15));
    hi = static_cast<uint16_t>(hi | 1u << (b >> 4));
  }
  bool Contains(int b) const { return ((lo >> (b & 15)) & 1) && ((hi >> (b >> 4)) & 1); }
};

Rectangle Hull(const std::bitset<256>& bytes) {
  Rectangle r;
  for (int b = 0; b < 256; ++b) {
    if (bytes.test(b)) r.Add(b);
  }
  return r;
}

}  // namespace

// Covers the trigger bytes with kGroups nibble rectangles, each with the
// condition on the byte before that all its bytes share: a group fires about
// sum(commonness of its rectangle) x (share of bytes before that pass). Starts
// from one group per trigger byte (sink bytes and unconditioned bytes grouped
// by high nibble) and greedily merges the pair that adds the least firing,
// until six groups remain of which at most four have partner rectangles.
void TriggerTable::AllocateGroups() {
  struct Group {
    std::bitset<256> members;
    Condition condition;
  };
  long total = 0;
  for (int b = 0; b < 256; ++b) total += Commonness(static_cast<unsigned char>(b));
  auto pass_tenths = [&](const Condition& c) -> long {
    if (c.any) return 10;
    long tenths = c.non_word ? kWordStartTenths : 0;
    if (c.partners.any()) {
      const Rectangle r = Hull(c.partners);
      long share = 0;
      for (int b = 0; b < 256; ++b) {
        if (r.Contains(b)) share += Commonness(static_cast<unsigned char>(b));
      }
      tenths += (share * 10 + total - 1) / total;
    }
    return std::min<long>(tenths, 10);
  };
  auto follow_tenths = [&](const Condition& c) -> long {
    if (c.follow_any) return 10;
    const Rectangle r = Hull(c.followers);
    long share = 0;
    for (int b = 0; b < 256; ++b) {
      if (r.Contains(b)) share += Commonness(static_cast<unsigned char>(b));
    }
    return std::min<long>((share * 10 + total - 1) / total, 10);
  };
  auto firing = [&](const Group& g) {
    const Rectangle r = Hull(g.members);
    long sum = 0;
    for (int b = 0; b < 256; ++b) {
      if (r.Contains(b)) sum += Commonness(static_cast<unsigned char>(b));
    }
    return sum * pass_tenths(g.condition) * follow_tenths(g.condition);
  };

  std::vector<Group> groups;
  for (int b = 0x20; b < 0x7f; ++b) {
    if (!sink_byte_[b] && first_[b + 1] == first_[b]) continue;
    Condition c;
    c.any = sink_byte_[b];
    for (uint32_t i = first_[b]; i < first_[b + 1]; ++i) {
      const Literal& lit = literals_[i];
      if (lit.at + 1 < lit.length) {
        const auto after = static_cast<unsigned char>(pool_[lit.offset + lit.at + 1]);
        c.followers.set(after);
        if (lit.ignore_case) c.followers.set(Upper(after));
      } else {
        c.follow_any = true;
      }
      if (lit.at > 0) {
        const auto before = static_cast<unsigned char>(pool_[lit.offset + lit.at - 1]);
        c.partners.set(before);
        if (lit.ignore_case) c.partners.set(Upper(before));
      } else if (lit.word_start && IsWordByte(static_cast<unsigned char>(b))) {
        c.non_word = true;
      } else {
        c.any = true;
      }
    }
    auto same = groups.end();
    if (c.any) {  // unconditioned bytes of one high nibble share a group from the start
      same = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
        return g.condition.any && (Hull(g.members).hi >> (b >> 4) & 1);
      });
    }
    if (same == groups.end()) {
      same = groups.insert(groups.end(), Group{{}, c});
    } else {
      same->condition.Merge(c);  // its literals' followers too ("--" beside the sink '%')
    }
    same->members.set(b);
  }
  auto partner_groups = [&] {
    return std::count_if(groups.begin(), groups.end(), [](const Group& g) {
      return !g.condition.any && g.condition.partners.any();
    });
  };
  while (groups.size() > static_cast<size_t>(kGroups) || partner_groups() > kPartnerGroups) {
    const bool only_partners = groups.size() <= static_cast<size_t>(kGroups);
    long best_cost = 0;
    size_t best_i = 0, best_j = 0;
    bool have = false;
    for (size_t i = 0; i < groups.size(); ++i) {
      for (size_t j = i + 1; j < groups.size(); ++j) {
        Group merged = groups[i];
        merged.members |= groups[j].members;
        merged.condition.Merge(groups[j].condition);
        if (only_partners && (merged.condition.any || !merged.condition.partners.any() ||
                              !groups[i].condition.partners.any() ||
                              !groups[j].condition.partners.any())) {
          continue;
        }
        const long cost = firing(merged) - firing(groups[i]) - firing(groups[j]);
        if (!have || cost < best_cost) {
          have = true;
          best_cost = cost;
          best_i = i;
          best_j = j;
        }
      }
    }
    if (!have) break;
    groups[best_i].members |= groups[best_j].members;
    groups[best_i].condition.Merge(groups[best_j].condition);
    groups.erase(groups.begin() + static_cast<std::ptrdiff_t>(best_j));
  }
  // Partner groups take bits 0..3, where the partner rectangles live; should
  // any be left beyond those, they fire unconditionally (never miss a byte).
  std::stable_partition(groups.begin(), groups.end(), [](const Group& g) {
    return !g.condition.any && g.condition.partners.any();
  });
  for (size_t k = kPartnerGroups; k < groups.size(); ++k) {
    if (groups[k].condition.partners.any()) groups[k].condition.any = true;
  }
  for (size_t k = 0; k < groups.size(); ++k) {
    const auto bit = static_cast<uint8_t>(1u << k);
    const Rectangle r = Hull(groups[k].members);
    for (int l = 0; l < 16; ++l) {
      if ((r.lo >> l) & 1) lo_[l] |= bit;
    }
    for (int h = 0; h < 16; ++h) {
      if ((r.hi >> h) & 1) hi_[h] |= bit;
    }
    const Condition& c = groups[k].condition;
    const Rectangle follow = c.follow_any ? Rectangle{0xFFFF, 0xFFFF} : Hull(c.followers);
    for (int l = 0; l < 16; ++l) {
      if ((follow.lo >> l) & 1) after_lo_[l] |= bit;
    }
    for (int h = 0; h < 16; ++h) {
      if ((follow.hi >> h) & 1) after_hi_[h] |= bit;
    }
    if (c.any) {
      always_bits_ |= bit;
      continue;
    }
    if (c.non_word) word_start_bits_ |= bit;
    if (c.partners.any()) {
      const Rectangle p = Hull(c.partners);
      const auto partner_bit = static_cast<uint8_t>(bit << 4);
      for (int l = 0; l < 16; ++l) {
        if ((p.lo >> l) & 1) before_lo_[l] |= partner_bit;
      }
      for (int h = 0; h < 16; ++h) {
        if ((p.hi >> h) & 1) before_hi_[h] |= partner_bit;
      }
    }
  }
}

void TriggerTable::Build() {
  if (!key_ends_set_) SetSinkKeyEnds(std::bitset<256>().set());
  std::stable_sort(pending_.begin(), pending_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  literals_.clear();
  size_t next = 0;
  for (int b = 0; b < 256; ++b) {
    first_[b] = static_cast<uint32_t>(literals_.size());
    while (next < pending_.size() && pending_[next].first == b) {
      literals_.push_back(pending_[next].second);
      ++next;
    }
  }
  first_[256] = static_cast<uint32_t>(literals_.size());
  lo_.fill(0);
  hi_.fill(0);
  word_start_bits_ = 0;
  always_bits_ = 0;
  for (int i = 0; i < 16; ++i) {
    before_lo_[i] = kWord.lo[i];
    before_hi_[i] = kWord.hi[i];
  }
  AllocateGroups();
  run_shift_count_ = 0;
  if (min_run_ > 0 && min_run_ <= 64) {
    int k = 1;
    while (k * 2 <= min_run_) {
      run_shifts_[static_cast<size_t>(run_shift_count_++)] = static_cast<uint8_t>(k);
      k *= 2;
    }
    if (k < min_run_) run_shifts_[static_cast<size_t>(run_shift_count_++)] = static_cast<uint8_t>(min_run_ - k);
  }
  if (min_run_ > 0) {
    for (int d = 0; d <= 9; ++d) lo_[d] |= kDigitBit;
    hi_[3] |= kDigitBit;
    // The separator class is the nibble hull of the separator set: it may hold
    // a few more bytes, which only makes runs look longer (never misses one).
    for (int b = 0; b < 256; ++b) {
      if (!separator_[b]) continue;
      lo_[b & 15] |= kSeparatorBit;
      hi_[b >> 4] |= kSeparatorBit;
    }
  }
  sinks_have_literals_ = false;
  for (int k = 0; k < sink_count_; ++k) {
    const unsigned char c = sinks_[static_cast<size_t>(k)];
    sinks_have_literals_ |= first_[c + 1] != first_[c];
  }
#ifdef SLUICE_TRIGGER_SSSE3
  simd_ = __builtin_cpu_supports("ssse3");
  avx2_ = __builtin_cpu_supports("avx2");
  avx512_ = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
#endif
}

std::bitset<256> TriggerTable::TriggerBytes() const {
  std::bitset<256> bytes;
  for (int b = 0; b < 256; ++b) {
    if (lo_[b & 15] & hi_[b >> 4] & kTriggerBits) bytes.set(b);
  }
  return bytes;
}

void TriggerTable::HandleTriggers(std::string_view text, size_t base, uint32_t mask,
                                  PatternSet* candidates, Sink* sink) const {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  while (mask != 0) {
    const size_t pos = base + static_cast<size_t>(__builtin_ctz(mask));
    mask &= mask - 1;
    const unsigned char c = p[pos];
    if (sink_byte_[c] && sink != nullptr) sink->OnByte(pos);
    for (uint32_t i = first_[c]; i < first_[c + 1]; ++i) {
      const Literal& lit = literals_[i];
      if (pos < lit.at) continue;
      const size_t start = pos - lit.at;
      if (start + lit.length > n || candidates->test(lit.pattern)) continue;
      if (lit.word_start && start > 0 && IsWordByte(p[start - 1])) continue;
      if (LiteralAt(lit, pool_.data(), p, start, n)) candidates->set(lit.pattern);
    }
  }
}

bool TriggerTable::LiteralAt(const Literal& lit, const char* pool, const unsigned char* text,
                             size_t start, size_t n) {
  size_t checked = 0;
  if (start + 8 <= n) {
    uint64_t word;
    std::memcpy(&word, text + start, 8);  // little-endian, as head was built
    if (((word | lit.head_fold) & lit.head_mask) != lit.head) return false;
    checked = 8;
  }
  const char* want = pool + lit.offset;
  for (size_t k = checked; k < lit.length; ++k) {
    const unsigned char t = text[start + k];
    if (static_cast<char>(lit.ignore_case ? Lower(t) : t) != want[k]) return false;
  }
  return true;
}

void TriggerTable::RefineDigitRuns(std::string_view text, PatternSet* candidates) const {
  int run = 0;
  int longest = 0;
  bool glued = false;  // the run's digits follow a letter: they do not count
  unsigned char prev = 0;
  for (unsigned char c : text) {
    if (IsDigit(c)) {
      if (Glues(prev)) glued = true;
      if (!glued) longest = std::max(longest, ++run);
    } else if (separator_[c]) {
      if (glued) {
        glued = false;
        run = 0;
      }
    } else {
      glued = false;
      run = 0;
    }
    prev = c;
  }
  for (const DigitRule& rule : digit_rules_) {
    if (longest >= rule.min_digits) candidates->set(rule.pattern);
  }
}

void TriggerTable::ScanScalar(std::string_view text, PatternSet* candidates, Sink* sink) const {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  uint32_t prev_digits = 0;
  uint32_t prev_starts = 0;
  bool digit_run = false;
  unsigned char before = 0;
  for (size_t base = 0; base < n; base += 16) {
    uint32_t trigger = 0;
    uint32_t digits = 0;
    uint32_t starts = 0;
    const size_t end = std::min(n, base + 16);
    for (size_t i = base; i < end; ++i) {
      const uint8_t cls = lo_[p[i] & 15] & hi_[p[i] >> 4];
      const uint8_t before_cls = before_lo_[before & 15] & before_hi_[before >> 4];
      const bool after_word_byte = (before_cls & 0x0F) != 0;
      const auto allowed = static_cast<uint8_t>((after_word_byte ? 0 : word_start_bits_) |
                                                (before_cls >> 4) | always_bits_);
      trigger |= static_cast<uint32_t>((cls & allowed & kTriggerBits) != 0) << (i - base);
      digits |= static_cast<uint32_t>((cls & (kDigitBit | kSeparatorBit)) != 0) << (i - base);
      starts |= static_cast<uint32_t>((cls & kDigitBit) != 0 && !after_word_byte) << (i - base);
      before = p[i];
    }
    if (trigger != 0) HandleTriggers(text, base, trigger, candidates, sink);
    if (min_run_ > 0 && !digit_run) {
      digit_run = (RunStarts(prev_digits | (digits << 16), min_run_) &
                   (prev_starts | (starts << 16))) != 0;
    }
    prev_digits = digits;
    prev_starts = starts;
  }
  if (digit_run) RefineDigitRuns(text, candidates);
}

#ifdef SLUICE_TRIGGER_SSSE3
__attribute__((target("ssse3"))) void TriggerTable::ScanSimd(std::string_view text,
                                                             PatternSet* candidates,
                                                             Sink* sink) const {
  SimdTables t;
  t.lo = _mm_load_si128(reinterpret_cast<const __m128i*>(lo_.data()));
  t.hi = _mm_load_si128(reinterpret_cast<const __m128i*>(hi_.data()));
  t.before_lo = _mm_load_si128(reinterpret_cast<const __m128i*>(before_lo_.data()));
  t.before_hi = _mm_load_si128(reinterpret_cast<const __m128i*>(before_hi_.data()));
  t.word_start_bits = _mm_set1_epi8(static_cast<char>(word_start_bits_));
  t.always_bits = _mm_set1_epi8(static_cast<char>(always_bits_));
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  uint32_t prev_digits = 0;
  uint32_t prev_starts = 0;
  bool digit_run = false;
  __m128i prev = _mm_setzero_si128();
  for (size_t base = 0; base < n; base += 16) {
    __m128i v;
    if (base + 16 <= n) {
      v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + base));
    } else {
      v = n < 16 ? LoadShort(p, n) : LoadTail(p, n, n - base);  // zero lanes: no class
    }
    const Masks m = Classify16(v, prev, t);
    if (m.trigger != 0) HandleTriggers(text, base, m.trigger, candidates, sink);
    // A run long enough, starting where a counted run may start; a start in
    // the high half whose run crosses into the next block is seen next time,
    // in the low half.
    if (min_run_ > 0 && (prev_starts | m.starts) != 0 && !digit_run) {
      digit_run = (RunStarts(prev_digits | (m.digits << 16), min_run_) &
                   (prev_starts | (m.starts << 16))) != 0;
    }
    prev_digits = m.digits;
    prev_starts = m.starts;
    prev = v;
  }
  if (digit_run) RefineDigitRuns(text, candidates);
}
#else
void TriggerTable::ScanSimd(std::string_view text, PatternSet* candidates, Sink* sink) const {
  ScanScalar(text, candidates, sink);
}
#endif

void TriggerTable::Scan(std::string_view text, PatternSet* candidates, Sink* sink) const {
  if (simd_) {
    ScanSimd(text, candidates, sink);
  } else {
    ScanScalar(text, candidates, sink);
  }
}

}  // namespace sluice
