// Duration parsing for latency fields: turns a JSON number token or a string
// value ("0.012", "45ms", "1m2.5s", nginx's "0.010, 0.003") into nanoseconds.
//
// Why this design: free functions over string_views that return
// std::optional, so the record walk can call them per candidate value without
// allocating or throwing. Integers take an exact integer path; fractions go
// through std::from_chars and are rounded to the nearest nanosecond.
// Accepted forms are listed in src/metrics/README.md ("Latency values").
// Tests: tests/metrics/duration_parse_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sluice {

enum class DurationUnit : uint8_t {
  kNanoseconds,
  kMicroseconds,
  kMilliseconds,
  kSeconds,
};

// Nanoseconds in one `unit`.
constexpr uint64_t NanosPerUnit(DurationUnit unit) {
  switch (unit) {
    case DurationUnit::kNanoseconds: return 1;
    case DurationUnit::kMicroseconds: return 1'000;
    case DurationUnit::kMilliseconds: return 1'000'000;
    case DurationUnit::kSeconds: return 1'000'000'000;
  }
  return 1;
}

// "ns", "us", "ms", "s" (also "µs", "seconds", "milliseconds", ...) for
// configuration; nullopt for anything else.
std::optional<DurationUnit> DurationUnitFromName(std::string_view name);
std::string_view DurationUnitName(DurationUnit unit);  // "ns", "us", "ms", "s"

// A JSON number token ("12", "12.5", "1.5e-3") counted in `unit`. nullopt when
// the token is not a number, is negative, or exceeds the uint64 range of ns.
std::optional<uint64_t> NumberToNanos(std::string_view token, DurationUnit unit);

// A string value: a bare number (counted in `bare_unit`), a number with a
// unit ("45ms", "45 ms", "1.2s", "350µs", "12us", "250ns"), or a Go duration
// ("1m2.5s", "1h2m", "1h0m0.5s"). A list such as nginx's "0.010, 0.003" or
// "0.010 : 0.003" yields its first item. nullopt for "-", "", negatives and
// anything else.
std::optional<uint64_t> ParseDurationText(std::string_view text, DurationUnit bare_unit);

}  // namespace sluice
