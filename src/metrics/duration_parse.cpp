// Duration parsing: see duration_parse.h. Kept free of allocation and
// exceptions because it runs on the worker's hot path, once per latency
// candidate. Tests: tests/metrics/duration_parse_test.cpp.
#include "metrics/duration_parse.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace sluice {
namespace {

constexpr uint64_t kNanosPerMinute = 60ULL * 1'000'000'000ULL;
constexpr uint64_t kNanosPerHour = 60ULL * kNanosPerMinute;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Nanoseconds for a double count of `per_unit` ns, rounded; nullopt when it is
// negative, not finite, or past uint64.
std::optional<uint64_t> RoundNanos(double value, double per_unit) {
  double ns = value * per_unit;
  // 2^64 as a double; the comparison also rejects NaN.
  if (!(ns >= 0.0 && ns + 0.5 < 18446744073709551616.0)) return std::nullopt;
  return static_cast<uint64_t>(ns + 0.5);
}

// Go's units plus "µs" in both spellings (U+00B5 micro sign, U+03BC mu).
std::optional<uint64_t> UnitNanos(std::string_view unit) {
  switch (unit.size()) {
    case 1:
      if (unit[0] == 's') return 1'000'000'000ULL;
      if (unit[0] == 'm') return kNanosPerMinute;
      if (unit[0] == 'h') return kNanosPerHour;
      return std::nullopt;
    case 2:
      if (unit == "ms") return 1'000'000ULL;
      if (unit == "us") return 1'000ULL;
      if (unit == "ns") return 1ULL;
      return std::nullopt;
    case 3:
      if (unit == "\xC2\xB5s" || unit == "\xCE\xBCs") return 1'000ULL;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// "<digits>[.<digits>]" (either part may be empty, not both), read exactly:
// integer part and up to 18 fraction digits.
struct Decimal {
  uint64_t whole = 0;
  uint64_t frac = 0;
  uint64_t frac_scale = 1;
};

std::optional<Decimal> ScanDecimal(std::string_view s, size_t* pos) {
  size_t i = *pos;
  Decimal d;
  int whole_digits = 0;
  while (i < s.size() && IsDigit(s[i])) {
    if (whole_digits == 19) return std::nullopt;  // beyond any sane duration
    d.whole = d.whole * 10 + static_cast<uint64_t>(s[i] - '0');
    ++whole_digits;
    ++i;
  }
  int frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) {
      if (d.frac_scale < 1'000'000'000'000'000'000ULL) {  // keep 18 digits, drop the rest
        d.frac = d.frac * 10 + static_cast<uint64_t>(s[i] - '0');
        d.frac_scale *= 10;
      }
      ++frac_digits;
      ++i;
    }
  }
  if (whole_digits == 0 && frac_digits == 0) return std::nullopt;
  *pos = i;
  return d;
}

// d units of `per_unit` ns each, rounded to the nearest ns. Up to nine
// fraction digits (ns of a second) take 64-bit arithmetic only.
std::optional<uint64_t> DecimalNanos(const Decimal& d, uint64_t per_unit) {
  constexpr uint64_t kBillion = 1'000'000'000;
  uint64_t ns;
  if (__builtin_mul_overflow(d.whole, per_unit, &ns)) return std::nullopt;
  if (d.frac == 0) return ns;
  uint64_t frac_ns;
  if (d.frac_scale <= kBillion) {
    uint64_t frac9 = d.frac * (kBillion / d.frac_scale);  // the fraction in 1e-9 units
    if (per_unit % kBillion == 0) {
      frac_ns = frac9 * (per_unit / kBillion);  // s, m, h: exact, < 3.6e12
    } else {
      frac_ns = (frac9 * per_unit + kBillion / 2) / kBillion;  // ns, us, ms: < 1e15
    }
  } else {
    unsigned __int128 part = static_cast<unsigned __int128>(d.frac) * per_unit;
    frac_ns = static_cast<uint64_t>((part + d.frac_scale / 2) / d.frac_scale);
  }
  if (__builtin_add_overflow(ns, frac_ns, &ns)) return std::nullopt;
  return ns;
}

// One "<decimal><unit>" component, Go style ("2.5s"); advances *pos.
std::optional<uint64_t> ParseComponent(std::string_view s, size_t* pos) {
  size_t i = *pos;
  std::optional<Decimal> d = ScanDecimal(s, &i);
  if (!d) return std::nullopt;
  while (i < s.size() && IsSpace(s[i])) ++i;  // "45 ms"
  size_t unit_begin = i;
  while (i < s.size() && !IsDigit(s[i]) && s[i] != '.' && !IsSpace(s[i])) ++i;
  std::optional<uint64_t> per = UnitNanos(s.substr(unit_begin, i - unit_begin));
  if (!per) return std::nullopt;
  std::optional<uint64_t> ns = DecimalNanos(*d, *per);
  while (i < s.size() && IsSpace(s[i])) ++i;  // "1m 2s"
  *pos = i;
  return ns;
}

}  // namespace

std::optional<DurationUnit> DurationUnitFromName(std::string_view name) {
  if (name == "ns" || name == "nanoseconds") return DurationUnit::kNanoseconds;
  if (name == "us" || name == "\xC2\xB5s" || name == "\xCE\xBCs" || name == "microseconds") {
    return DurationUnit::kMicroseconds;
  }
  if (name == "ms" || name == "milliseconds") return DurationUnit::kMilliseconds;
  if (name == "s" || name == "seconds") return DurationUnit::kSeconds;
  return std::nullopt;
}

std::string_view DurationUnitName(DurationUnit unit) {
  switch (unit) {
    case DurationUnit::kNanoseconds: return "ns";
    case DurationUnit::kMicroseconds: return "us";
    case DurationUnit::kMilliseconds: return "ms";
    case DurationUnit::kSeconds: return "s";
  }
  return "s";
}

std::optional<uint64_t> NumberToNanos(std::string_view token, DurationUnit unit) {
  if (token.empty()) return std::nullopt;
  uint64_t per_unit = NanosPerUnit(unit);
  // Exact path for plain decimals, the common case ("12", "0.012", "12.5").
  size_t pos = 0;
  std::optional<Decimal> d = ScanDecimal(token, &pos);
  if (d && pos == token.size()) return DecimalNanos(*d, per_unit);
  // Exponents ("1.5e-3"), signs ("-0") and very long tokens.
  double value;
  const char* end = token.data() + token.size();
  auto [ptr, ec] = std::from_chars(token.data(), end, value, std::chars_format::general);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  if (value == 0.0) return 0;  // also "-0"
  return RoundNanos(value, static_cast<double>(per_unit));
}

std::optional<uint64_t> ParseDurationText(std::string_view text, DurationUnit bare_unit) {
  // The common case, a plain decimal ("0.123", "12"): read it in one scan.
  if (!text.empty() && IsDigit(text.back())) {
    size_t plain_end = 0;
    std::optional<Decimal> plain = ScanDecimal(text, &plain_end);
    if (plain && plain_end == text.size()) return DecimalNanos(*plain, NanosPerUnit(bare_unit));
  }
  // nginx lists one value per upstream tried: "0.010, 0.003" or "0.010 : 0.003".
  size_t list_end = text.find(',');
  size_t group = text.find(" : ");
  if (group < list_end) list_end = group;
  if (list_end != std::string_view::npos) text = text.substr(0, list_end);
  text = Trim(text);
  if (text.empty() || text[0] == '-') return std::nullopt;  // "-": no value
  size_t pos = text[0] == '+' ? 1 : 0;
  if (IsDigit(text.back())) return NumberToNanos(text.substr(pos), bare_unit);
  uint64_t total = 0;
  do {
    std::optional<uint64_t> part = ParseComponent(text, &pos);
    if (!part || __builtin_add_overflow(total, *part, &total)) return std::nullopt;
  } while (pos < text.size());
  return total;
}

}  // namespace sluice
