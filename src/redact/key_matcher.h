// KeyMatcher: answers "is this member key sensitive?" for RedactionRules.
//
// Why this design: MatchKey runs for every member key of every record, so it
// normalises on the fly (ASCII lowercase, '_', '-', '.' and ' ' dropped) into a
// small stack buffer, walking the key backwards, and hashes as it goes. Each
// length at which some suffix term exists probes the suffix table; the full
// key then probes the exact table (which also holds the allowlist). Both are
// open-addressing tables built once; a lookup allocates nothing.
// Precedence: exact allowlist > exact key > longest matching suffix.
// Tests: tests/redact/key_matcher_test.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

class KeyMatcher {
 public:
  // Longest normalised key or suffix term a rule may name.
  static constexpr size_t kMaxTermLength = 64;
  static constexpr int kNoRule = -1;

  // Normalises `key` the way MatchKey does ("X-Api-Key" -> "xapikey").
  static std::string Normalize(std::string_view key);

  // Adders take normalised terms of 1..kMaxTermLength bytes (callers validate).
  // A later Add of the same term overrides an earlier one.
  void AddExact(std::string_view normalized, int rule);
  void AddSuffix(std::string_view normalized, int rule);
  void AddAllowed(std::string_view normalized);
  // Builds the lookup tables; call once after the adders.
  void Build();

  // Rule id for `key` (raw, unescaped), or kNoRule. Thread-safe, no allocation.
  int Match(std::string_view key) const;

 private:
  static constexpr int kAllowed = -2;
  struct Slot {
    uint32_t hash = 0;
    uint32_t offset = 0;  // into pool_
    uint8_t length = 0;   // 0: empty slot
    int32_t value = 0;
  };
  struct Table {
    std::vector<Slot> slots;
    uint32_t mask = 0;
  };
  struct Term {
    std::string text;
    int value;
  };

  static uint32_t HashReversed(std::string_view term);
  void BuildTable(const std::vector<Term>& terms, Table* table);
  int Probe(const Table& table, uint32_t hash, const char* text, size_t length) const;

  std::vector<Term> exact_terms_;
  std::vector<Term> suffix_terms_;
  std::string pool_;
  Table exact_;
  Table suffix_;
  uint64_t suffix_lengths_ = 0;  // bit k-1: some suffix term has length k
};

}  // namespace sluice
