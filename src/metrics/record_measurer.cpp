// RecordMeasurer: the candidate path (a member FieldDiscovery::MayMatch let
// through). Tests: tests/metrics/record_measurer_test.cpp.
#include "metrics/record_measurer.h"

#include <cstring>
#include <optional>

#include "metrics/duration_parse.h"

namespace sluice {
namespace {

// "200" -> 200. Exactly three digits, 100-599: "200.0", "2e2", " 200" and
// "ok" are not statuses.
int ParseStatus(std::string_view v) {
  if (v.size() != 3) return 0;
  char a = v[0], b = v[1], c = v[2];
  if (a < '1' || a > '5' || b < '0' || b > '9' || c < '0' || c > '9') return 0;
  return (a - '0') * 100 + (b - '0') * 10 + (c - '0');
}

// The common latency token, a plain integer ("12", "1500000"), without a
// call; anything else goes to NumberToNanos.
std::optional<uint64_t> TokenNanos(std::string_view token, DurationUnit unit) {
  if (token.size() - 1 < 18) {  // 1..18 digits cannot overflow before scaling
    uint64_t v = 0;
    size_t i = 0;
    for (; i < token.size(); ++i) {
      unsigned d = static_cast<unsigned char>(token[i]) - '0';
      if (d > 9) break;
      v = v * 10 + d;
    }
    uint64_t ns;
    if (i == token.size() && !__builtin_mul_overflow(v, NanosPerUnit(unit), &ns)) return ns;
  }
  return NumberToNanos(token, unit);
}

// Every byte of a key of up to 32 bytes, as four words read with fixed-size
// overlapping loads: two keys of one size are equal iff their words are. (A
// variable-length copy into a word would stall on store forwarding.)
void KeyWords(std::string_view key, uint64_t words[4]) {
  const char* p = key.data();
  const size_t n = key.size();
  if (n >= 8) {
    std::memcpy(&words[0], p, 8);
    std::memcpy(&words[1], p + (n >= 16 ? 8 : n - 8), 8);
    std::memcpy(&words[2], p + (n >= 24 ? n - 16 : 0), 8);
    std::memcpy(&words[3], p + n - 8, 8);
    return;
  }
  words[1] = words[2] = words[3] = 0;
  if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    words[0] = lo | uint64_t{hi} << 32;
    return;
  }
  const auto b = [p](size_t i) { return uint64_t{static_cast<unsigned char>(p[i])}; };
  words[0] = n == 0 ? 0 : b(0) | b(n >> 1) << 8 | b(n - 1) << 16;
}

std::string_view TrimTrailingSpace(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' ||
                        s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

RecordMeasurer::RecordMeasurer(const FieldDiscovery* discovery) : discovery_(discovery) {}

FieldMatch RecordMeasurer::ClassifyRemembered(std::span<const std::string_view> path,
                                              uint32_t hash) {
  const size_t depth = path.size();
  if (depth > kMaxRememberedDepth) return discovery_->Classify(path);
  uint64_t words[kMaxRememberedDepth][4];
  for (size_t k = 0; k < depth; ++k) {
    if (path[k].empty() || path[k].size() > kMaxRememberedKeyBytes) return discovery_->Classify(path);
    KeyWords(path[k], words[k]);
  }
  Remembered& slot = remembered_[(hash + depth * 17) & (kRememberedSlots - 1)];
  bool same = slot.depth == depth;
  for (size_t k = 0; same && k < depth; ++k) {
    same = slot.sizes[k] == path[k].size() && slot.words[k][0] == words[k][0] &&
           slot.words[k][1] == words[k][1] && slot.words[k][2] == words[k][2] &&
           slot.words[k][3] == words[k][3];
  }
  if (same) return slot.match;
  const FieldMatch match = discovery_->Classify(path);
  for (size_t k = 0; k < depth; ++k) {
    std::memcpy(slot.words[k], words[k], sizeof words[k]);
    slot.sizes[k] = static_cast<uint8_t>(path[k].size());
  }
  slot.depth = static_cast<uint8_t>(depth);
  slot.match = match;
  return match;
}

void RecordMeasurer::OnCandidate(std::span<const std::string_view> path, uint32_t hash,
                                 std::string_view value, bool is_string) {
  FieldMatch match = ClassifyRemembered(path, hash);
  if (!is_string) value = TrimTrailingSpace(value);  // raw tokens may carry spaces
  switch (match.role) {
    case FieldRole::kNone:
      return;
    case FieldRole::kStatus: {
      if (match.priority <= status_priority_) return;
      int code = ParseStatus(value);
      if (code == 0) return;
      status_ = code;
      status_priority_ = match.priority;
      return;
    }
    case FieldRole::kLatency: {
      if (match.priority <= latency_priority_) return;
      std::optional<uint64_t> ns =
          is_string ? ParseDurationText(value, match.unit) : TokenNanos(value, match.unit);
      if (!ns) return;
      latency_ns_ = *ns;
      latency_priority_ = match.priority;
      return;
    }
  }
}

}  // namespace sluice
