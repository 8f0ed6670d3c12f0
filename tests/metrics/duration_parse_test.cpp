// Tests for duration parsing: every accepted unit and form, table-driven, and
// what is refused.
#include "metrics/duration_parse.h"

#include <gtest/gtest.h>

#include <optional>
#include <string_view>

namespace sluice {
namespace {

using U = DurationUnit;

struct NumberCase {
  std::string_view token;
  U unit;
  std::optional<uint64_t> ns;
};

TEST(DurationParseTest, NumberTokensInEachUnit) {
  const NumberCase cases[] = {
      {"0", U::kSeconds, 0},
      {"12", U::kMilliseconds, 12'000'000},
      {"12.5", U::kMilliseconds, 12'500'000},
      {"0.012", U::kSeconds, 12'000'000},
      {"350", U::kMicroseconds, 350'000},
      {"250", U::kNanoseconds, 250},
      {"1.5e-3", U::kSeconds, 1'500'000},
      {"1E3", U::kMicroseconds, 1'000'000},
      {"3600", U::kSeconds, 3'600'000'000'000},
      {"0.0000000004", U::kSeconds, 0},  // rounds to the nearest ns
      {"-0", U::kSeconds, 0},
      {"9999999999999999999", U::kNanoseconds, 9999999999999999999ULL},
      {"-1", U::kSeconds, std::nullopt},
      {"-0.5", U::kMilliseconds, std::nullopt},
      {"18446744073709551616", U::kNanoseconds, std::nullopt},
      {"20000000000", U::kSeconds, std::nullopt},  // overflows uint64 ns
      {"", U::kSeconds, std::nullopt},
      {"12ms", U::kSeconds, std::nullopt},  // a token is a bare number
      {"abc", U::kSeconds, std::nullopt},
  };
  for (const NumberCase& c : cases) {
    EXPECT_EQ(NumberToNanos(c.token, c.unit), c.ns) << "token '" << c.token << "'";
  }
}

struct TextCase {
  std::string_view text;
  U bare_unit;
  std::optional<uint64_t> ns;
};

TEST(DurationParseTest, StringsWithUnitsOverrideTheNamesUnit) {
  const TextCase cases[] = {
      // Bare numeric strings take the name's unit.
      {"0.012", U::kSeconds, 12'000'000},
      {"12", U::kMilliseconds, 12'000'000},
      {" 12 ", U::kMilliseconds, 12'000'000},
      {"+12", U::kMilliseconds, 12'000'000},
      // A unit in the string wins over the name's unit.
      {"45ms", U::kSeconds, 45'000'000},
      {"45 ms", U::kSeconds, 45'000'000},
      {"1.2s", U::kMilliseconds, 1'200'000'000},
      {"350\xC2\xB5s", U::kSeconds, 350'000},  // micro sign U+00B5
      {"350\xCE\xBCs", U::kSeconds, 350'000},  // Greek mu U+03BC
      {"12us", U::kSeconds, 12'000},
      {"250ns", U::kSeconds, 250},
      {".5s", U::kMilliseconds, 500'000'000},
      {"1.000000001s", U::kMilliseconds, 1'000'000'001},
      // Go durations.
      {"1m2.5s", U::kSeconds, 62'500'000'000},
      {"1h2m", U::kSeconds, 3'720'000'000'000},
      {"1h0m0.5s", U::kSeconds, 3'600'500'000'000},
      {"2h45m30.25s", U::kSeconds, 9'930'250'000'000},
      {"1.5h", U::kSeconds, 5'400'000'000'000},
      {"1m 2s", U::kSeconds, 62'000'000'000},
      {"1s500ms", U::kSeconds, 1'500'000'000},
      // nginx upstream lists: the first value counts; "-" is no value.
      {"0.010, 0.003", U::kSeconds, 10'000'000},
      {"0.010 : 0.003", U::kSeconds, 10'000'000},
      {"0.010, 0.003 : 0.020", U::kSeconds, 10'000'000},
      {"-", U::kSeconds, std::nullopt},
      {"-, 0.003", U::kSeconds, std::nullopt},
      // Refused.
      {"", U::kSeconds, std::nullopt},
      {"  ", U::kSeconds, std::nullopt},
      {"-5ms", U::kSeconds, std::nullopt},
      {"ms", U::kSeconds, std::nullopt},
      {"12parsecs", U::kSeconds, std::nullopt},
      {"1m30", U::kSeconds, std::nullopt},
      {"fast", U::kSeconds, std::nullopt},
      {"1e3ms", U::kSeconds, std::nullopt},
      {"+", U::kSeconds, std::nullopt},
      {"99999999999999999999h", U::kSeconds, std::nullopt},
      {"9999999999h", U::kSeconds, std::nullopt},
  };
  for (const TextCase& c : cases) {
    EXPECT_EQ(ParseDurationText(c.text, c.bare_unit), c.ns) << "text '" << c.text << "'";
  }
}

TEST(DurationParseTest, UnitNamesForConfiguration) {
  EXPECT_EQ(DurationUnitFromName("ms"), U::kMilliseconds);
  EXPECT_EQ(DurationUnitFromName("us"), U::kMicroseconds);
  EXPECT_EQ(DurationUnitFromName("\xC2\xB5s"), U::kMicroseconds);
  EXPECT_EQ(DurationUnitFromName("ns"), U::kNanoseconds);
  EXPECT_EQ(DurationUnitFromName("s"), U::kSeconds);
  EXPECT_EQ(DurationUnitFromName("seconds"), U::kSeconds);
  EXPECT_EQ(DurationUnitFromName("minutes"), std::nullopt);
  for (U u : {U::kNanoseconds, U::kMicroseconds, U::kMilliseconds, U::kSeconds}) {
    EXPECT_EQ(DurationUnitFromName(DurationUnitName(u)), u);
  }
}

}  // namespace
}  // namespace sluice
