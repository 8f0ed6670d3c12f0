// KeyMemo: a worker's memory of the member keys it has seen and what the
// rules said about them: the key rule that matched (or none), whether the
// value patterns found nothing in the key's own text, and the key's part in
// name/value pairs (a PairRole, kept as its byte).
//
// Why: a service writes the same few dozen keys on every line, and each key
// costs the key matcher plus a pattern scan (secrets can hide in keys too).
// Remembered, a repeated key costs one hash and one compare.
// Two-way set-associative, 512 sets of two 32-byte entries, one cache line
// each (a new key takes the set's first way and moves the older one to the
// second, evicting the oldest); keys of at most kMaxKeyBytes; the rules are
// immutable, so an entry never goes stale. Logs of a few services carry a
// hundred or two distinct keys: direct-mapped, 1024 slots still let ~30 pairs
// of them evict each other line after line (each eviction costs a key-matcher
// run), and 256 slots cost ~4 such runs a line. The middle bytes of keys over
// 16 bytes live apart, read only for such keys. No allocation after
// construction.
// Thread safety: none; one per RecordRedactor.
// Tests: tests/redact/key_memo_test.cpp, and record_redactor_test.cpp for the
// redactor's use of it.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace sluice {

class KeyMemo {
 public:
  static constexpr size_t kMaxKeyBytes = 40;
  static constexpr size_t kSets = 512;
  static constexpr size_t kWays = 2;
  static constexpr size_t kSlots = kSets * kWays;

  struct alignas(32) Entry {
    uint64_t head = 0;  // Words(key): with the size, they identify keys of up to 16 bytes
    uint64_t tail = 0;
    uint8_t size = 0;    // 0: empty
    bool clean = false;  // the value patterns found nothing in the key
    int16_t rule = -1;   // key rule, or -1
    uint8_t pair_role = 0;
  };

  // The entry for `key`, or null.
  const Entry* Find(std::string_view key) const {
    if (key.empty() || key.size() > kMaxKeyBytes) return nullptr;
    uint64_t head, tail;
    Words(key, &head, &tail);
    const size_t set = Set(key.size(), head, tail);
    const int way = WayOf(set, key, head, tail);
    return way < 0 ? nullptr : &sets_[set].ways[static_cast<size_t>(way)];
  }

  // Remembers `key` (ignored when empty or too long).
  void Remember(std::string_view key, int rule, bool clean, uint8_t pair_role = 0) {
    if (key.empty() || key.size() > kMaxKeyBytes) return;
    uint64_t head, tail;
    Words(key, &head, &tail);
    const size_t set = Set(key.size(), head, tail);
    Set2& s = sets_[set];
    int way = WayOf(set, key, head, tail);
    if (way < 0) {
      // Newest first: the second way's key is the one forgotten.
      s.ways[1] = s.ways[0];
      middles_[set][1] = middles_[set][0];
      way = 0;
    }
    Entry& e = s.ways[static_cast<size_t>(way)];
    e.head = head;
    e.tail = tail;
    e.size = static_cast<uint8_t>(key.size());
    e.clean = clean;
    e.rule = static_cast<int16_t>(rule);
    e.pair_role = pair_role;
    if (key.size() > 16) {
      std::memcpy(middles_[set][static_cast<size_t>(way)].data(), key.data() + 8, key.size() - 16);
    }
  }

 private:
  struct alignas(64) Set2 {
    std::array<Entry, kWays> ways;
  };

  // The way of `set` that holds `key`, or -1.
  int WayOf(size_t set, std::string_view key, uint64_t head, uint64_t tail) const {
    for (size_t w = 0; w < kWays; ++w) {
      const Entry& e = sets_[set].ways[w];
      if (e.size != key.size() || e.head != head || e.tail != tail) continue;
      if (key.size() <= 16 ||
          std::memcmp(middles_[set][w].data(), key.data() + 8, key.size() - 16) == 0) {
        return static_cast<int>(w);
      }
    }
    return -1;
  }

  // Two words that, with the length, hold every byte of a key of up to 16
  // bytes (beyond that, its first and last eight). Fixed-size loads only: a
  // variable-length copy into a word stalls on store forwarding.
  static void Words(std::string_view key, uint64_t* head, uint64_t* tail) {
    const char* p = key.data();
    const size_t n = key.size();
    if (n >= 8) {
      std::memcpy(head, p, 8);
      std::memcpy(tail, p + n - 8, 8);
    } else if (n >= 4) {
      uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      *head = lo | (uint64_t{hi} << 32);
      *tail = 0;
    } else {
      const auto b = [p](size_t i) { return uint64_t{static_cast<unsigned char>(p[i])}; };
      *head = b(0) | (b(n >> 1) << 8) | (b(n - 1) << 16);
      *tail = 0;
    }
  }
  static size_t Set(size_t n, uint64_t head, uint64_t tail) {
    uint64_t h = (head ^ (n * 0x9E3779B97F4A7C15ull)) * 0xFF51AFD7ED558CCDull;
    h ^= tail * 0xC4CEB9FE1A85EC53ull;
    return static_cast<size_t>(h >> 55) & (kSets - 1);
  }

  std::array<Set2, kSets> sets_{};
  // Bytes 8 .. size-8 of keys over 16 bytes, by set and way.
  std::array<std::array<std::array<char, kMaxKeyBytes - 16>, kWays>, kSets> middles_{};
};

}  // namespace sluice
