// KeyMatcher: normalised exact / suffix lookup of member keys (see key_matcher.h).
// Tests: tests/redact/key_matcher_test.cpp.
#include "redact/key_matcher.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace sluice {
namespace {

constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
// 0 for the separators Normalize drops, else the ASCII-lowercased byte.
constexpr std::array<unsigned char, 256> MakeFoldTable() {
  std::array<unsigned char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[c] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  }
  t['_'] = t['-'] = t['.'] = t[' '] = t['\t'] = t['\r'] = t['\n'] = 0;
  return t;
}
constexpr std::array<unsigned char, 256> kFold = MakeFoldTable();

inline uint32_t SlotIndex(uint32_t h) { return h ^ (h >> 15); }

// Where a qualifier after a word starts in `key` ("password_b64",
// "DB_PASSWORD_BASE64", "secretValue", "token-encoded": after a separator,
// or capitalised), or npos.
size_t QualifierStart(std::string_view key) {
  static constexpr std::string_view kQualifiers[] = {"value", "base64", "b64", "encoded"};
  for (std::string_view q : kQualifiers) {
    if (key.size() <= q.size() + 1) continue;
    const size_t at = key.size() - q.size();
    bool same = true;
    for (size_t i = 0; i < q.size() && same; ++i) same = (key[at + i] | 0x20) == q[i];
    if (!same) continue;
    if (kFold[static_cast<unsigned char>(key[at - 1])] != 0 && !(key[at] >= 'A' && key[at] <= 'Z')) continue;
    size_t word_end = at;  // without the separators before the qualifier
    while (word_end > 0 && kFold[static_cast<unsigned char>(key[word_end - 1])] == 0) --word_end;
    return word_end;
  }
  return std::string_view::npos;
}

// `key` normalised (kFold) into buf[capacity]; its size, or npos when it
// does not fit.
size_t Folded(std::string_view key, char* buf, size_t capacity) {
  size_t n = 0;
  for (unsigned char c : key) {
    if (kFold[c] == 0) continue;
    if (n == capacity) return std::string_view::npos;
    buf[n++] = static_cast<char>(kFold[c]);
  }
  return n;
}

}  // namespace

std::string KeyMatcher::Normalize(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (unsigned char c : key) {
    if (kFold[c] != 0) out.push_back(static_cast<char>(kFold[c]));
  }
  return out;
}

uint32_t KeyMatcher::Finish(uint64_t h, size_t length) {
  h = (h ^ length) * kMul;
  return static_cast<uint32_t>(h >> 32);
}

uint32_t KeyMatcher::Hash(std::string_view term) {
  uint64_t h = 0;
  for (size_t i = term.size(); i > 0; --i) h = Step(h, static_cast<unsigned char>(term[i - 1]));
  return Finish(h, term.size());
}

void KeyMatcher::AddExact(std::string_view normalized, int rule) {
  exact_terms_.push_back({std::string(normalized), rule});
}

void KeyMatcher::AddSuffix(std::string_view normalized, int rule) {
  suffix_terms_.push_back({std::string(normalized), rule});
}

void KeyMatcher::AddAllowed(std::string_view normalized) {
  exact_terms_.push_back({std::string(normalized), kAllowed});
}

void KeyMatcher::BuildTable(const std::vector<Term>& terms, Table* table) {
  size_t capacity = 16;
  while (capacity < terms.size() * 4) capacity *= 2;
  table->slots.assign(capacity, Slot{});
  table->mask = static_cast<uint32_t>(capacity - 1);
  for (const Term& term : terms) {
    uint32_t h = Hash(term.text);
    uint32_t i = SlotIndex(h) & table->mask;
    while (true) {
      Slot& slot = table->slots[i];
      if (slot.length == 0) {
        slot.hash = h;
        slot.offset = static_cast<uint32_t>(pool_.size());
        slot.length = static_cast<uint8_t>(term.text.size());
        slot.value = term.value;
        pool_ += term.text;
        break;
      }
      if (slot.hash == h && slot.length == term.text.size() &&
          pool_.compare(slot.offset, slot.length, term.text) == 0) {
        slot.value = term.value;  // a later term overrides
        break;
      }
      i = (i + 1) & table->mask;
    }
  }
}

void KeyMatcher::Build() {
  pool_.clear();
  suffix_lengths_.fill(0);
  BuildTable(exact_terms_, &exact_);
  BuildTable(suffix_terms_, &suffix_);
  for (const Term& term : suffix_terms_) {
    suffix_lengths_[static_cast<unsigned char>(term.text[0])] |= uint64_t{1}
                                                                  << (term.text.size() - 1);
  }
  tail_filter_.fill(0);
  tail_filter_on_ = true;
  term_last_bytes_.reset();
  for (const auto* terms : {&exact_terms_, &suffix_terms_}) {
    for (const Term& term : *terms) {
      if (term.value == kAllowed) continue;  // allowing never needs a match
      const auto last = static_cast<unsigned char>(term.text.back());
      term_last_bytes_.set(last);
      if (last >= 'a' && last <= 'z') term_last_bytes_.set(last - 'a' + 'A');
      if (term.text.size() < 3) {
        tail_filter_on_ = false;
        continue;
      }
      uint64_t h = 0;
      for (size_t i = term.text.size(); i > term.text.size() - 3; --i) {
        h = Step(h, static_cast<unsigned char>(term.text[i - 1]));
      }
      const size_t bit = FilterIndex(h);
      tail_filter_[bit / 64] |= uint64_t{1} << (bit % 64);
    }
  }
}

int KeyMatcher::Probe(const Table& table, uint32_t hash, const char* text, size_t length) const {
  for (uint32_t i = SlotIndex(hash) & table.mask;; i = (i + 1) & table.mask) {
    const Slot& slot = table.slots[i];
    if (slot.length == 0) return kNoRule;
    if (slot.hash == hash && slot.length == length &&
        std::memcmp(pool_.data() + slot.offset, text, length) == 0) {
      return slot.value;
    }
  }
}

int KeyMatcher::Match(std::string_view key) const {
  const int rule = MatchWhole(key);
  if (rule != kNoRule || key.empty()) return rule == kAllowed ? kNoRule : rule;
  // Rare shapes, so the second lookup costs only keys that end so and match
  // nothing. A form field, "user[password]", "order[card][cvv]": its last
  // bracketed name.
  if (key.back() == ']') {
    const size_t open = key.rfind('[');
    if (open == std::string_view::npos || open + 2 >= key.size()) return kNoRule;
    return Match(key.substr(open + 1, key.size() - open - 2));
  }
  // A sensitive word with a qualifier after it.
  if (const size_t qualifier = QualifierStart(key); qualifier != std::string_view::npos) {
    return Match(key.substr(0, qualifier));
  }
  // "password1", "token_2", "api_key_v2": a sensitive word numbered is as sensitive.
  if (key.back() < '0' || key.back() > '9') return kNoRule;
  auto separator = [&](size_t i) { return kFold[static_cast<unsigned char>(key[i])] == 0; };
  size_t n = key.size();
  while (n > 0 && ((key[n - 1] >= '0' && key[n - 1] <= '9') || separator(n - 1))) --n;
  // A version: "_v2", or camelCase "V2" ("apiKeyV2").
  if (n >= 2 && (((key[n - 1] == 'v' || key[n - 1] == 'V') && separator(n - 2)) ||
                 (key[n - 1] == 'V' && key[n - 2] >= 'a' && key[n - 2] <= 'z'))) {
    for (--n; n > 0 && separator(n - 1);) --n;
  }
  if (n == 0 || IsAllowed(key)) return kNoRule;  // MatchWhole's tail filter skips allowed terms
  const int stripped = MatchWhole(key.substr(0, n));
  return stripped == kAllowed ? kNoRule : stripped;
}

PairRole KeyMatcher::PairRoleOfSpelled(std::string_view key) {
  char buf[24];  // longer than any spelling
  const size_t n = Folded(key, buf, sizeof buf);
  if (n == std::string_view::npos) return PairRole::kNone;
  const std::string_view k(buf, n);
  for (std::string_view v : kPairValueSpellings) {
    if (k == v) return PairRole::kValue;
  }
  for (std::string_view v : kPairNameSpellings) {
    if (k == v) return PairRole::kName;
  }
  return PairRole::kNone;
}

PairRole KeyMatcher::SecretPairRoleOf(std::string_view key) {
  char buf[16];  // longer than any spelling
  const size_t n = Folded(key, buf, sizeof buf);
  if (n == std::string_view::npos) return PairRole::kNone;
  const std::string_view k(buf, n);
  if (k == "kind") return PairRole::kKind;
  // A list's items: the API server's SecretList gives its items no kind.
  if (k == "data" || k == "stringdata" || k == "items") return PairRole::kData;
  if (k == "resource" || k == "requesturi") return PairRole::kResource;
  if (k == "requestobject" || k == "object" || k == "oldobject") return PairRole::kSecretBody;
  return PairRole::kNone;
}

bool KeyMatcher::NamesSecrets(std::string_view value) {
  if (value == "secrets") return true;
  for (size_t at = value.find("/secrets"); at != std::string_view::npos; at = value.find("/secrets", at + 1)) {
    const size_t end = at + 8;
    if (end == value.size() || value[end] == '/' || value[end] == '?') return true;
  }
  return false;
}

bool KeyMatcher::IsAllowed(std::string_view key) const {
  char buf[kMaxTermLength];
  const size_t k = Folded(key, buf, sizeof buf);
  if (k == std::string_view::npos) return false;
  return k > 0 && Probe(exact_, Hash(std::string_view(buf, k)), buf, k) == kAllowed;
}

int KeyMatcher::MatchWhole(std::string_view key) const {
  // The normalised key grows leftwards from the end of buf.
  char buf[kMaxTermLength];
  char* const end = buf + sizeof buf;
  size_t k = 0;
  uint64_t h = 0;
  int suffix_hit = kNoRule;
  bool whole = true;
  for (size_t i = key.size(); i > 0;) {
    const unsigned char c = kFold[static_cast<unsigned char>(key[--i])];
    if (c == 0) continue;
    if (k == kMaxTermLength) {
      whole = false;
      break;
    }
    ++k;
    end[-static_cast<std::ptrdiff_t>(k)] = static_cast<char>(c);
    h = Step(h, c);
    if (k == 3 && tail_filter_on_) {
      const size_t bit = FilterIndex(h);
      if (((tail_filter_[bit / 64] >> (bit % 64)) & 1) == 0) return kNoRule;
    }
    if ((suffix_lengths_[c] >> (k - 1)) & 1) {
      const int v = Probe(suffix_, Finish(h, k), end - k, k);
      if (v != kNoRule) suffix_hit = v;  // longer suffixes come later and win
    }
  }
  if (whole && k > 0) {
    const int v = Probe(exact_, Finish(h, k), end - k, k);
    if (v != kNoRule) return v;  // kAllowed too
  }
  return suffix_hit;
}

}  // namespace sluice
