// Tests for LogClock and AppendGoDuration (bench/gen/log_clock.h): the instant
// and duration texts the generated logs carry, table-driven.
#include "gen/log_clock.h"

#include <gtest/gtest.h>

#include <string>

namespace sluice::gen {
namespace {

std::string GoDuration(int64_t ns, bool ascii_micro = false) {
  std::string text;
  JsonBuffer out(&text);
  AppendGoDuration(ns, ascii_micro, &out);
  return text;
}

TEST(LogClockTest, GoDurationMatchesGoTimeDurationString) {
  EXPECT_EQ(GoDuration(0), "0s");
  EXPECT_EQ(GoDuration(850), "850ns");
  EXPECT_EQ(GoDuration(350000), "350\xC2\xB5s");
  EXPECT_EQ(GoDuration(12000, /*ascii_micro=*/true), "12us");
  EXPECT_EQ(GoDuration(50500), "50.5\xC2\xB5s");
  EXPECT_EQ(GoDuration(12345000), "12.345ms");
  EXPECT_EQ(GoDuration(12300000), "12.3ms");
  EXPECT_EQ(GoDuration(12345678), "12.345678ms");
  EXPECT_EQ(GoDuration(4000000), "4ms");
  EXPECT_EQ(GoDuration(1200000000), "1.2s");
  EXPECT_EQ(GoDuration(62500000000), "1m2.5s");
  EXPECT_EQ(GoDuration(60000000000), "1m0s");
  EXPECT_EQ(GoDuration(3600000000000), "1h0m0s");
  EXPECT_EQ(GoDuration(29999000001), "29.999000001s");
}

TEST(LogClockTest, InstantsInEachLibrarysFormat) {
  LogClock clock(1795440248LL * 1000000 + 123456);  // 2026-11-23T13:24:08.123456Z
  std::string text;
  JsonBuffer out(&text);
  clock.AppendIso(&out, 6);
  EXPECT_EQ(text, "2026-11-23T13:24:08.123456Z");
  text.clear();
  clock.AppendIso(&out, 3);
  EXPECT_EQ(text, "2026-11-23T13:24:08.123Z");
  text.clear();
  clock.AppendNginx(&out);
  EXPECT_EQ(text, "23/Nov/2026:13:24:08 +0000");
  text.clear();
  clock.AppendEpochSeconds(&out, 3);
  EXPECT_EQ(text, "1795440248.123");
  text.clear();
  clock.AppendEpochMillis(&out);
  EXPECT_EQ(text, "1795440248123");

  clock.Advance(86400LL * 1000000 * 40);  // into the next year
  text.clear();
  clock.AppendIso(&out, 0);
  EXPECT_EQ(text, "2027-01-02T13:24:08Z");
  text.clear();
  clock.AppendNginx(&out);
  EXPECT_EQ(text, "02/Jan/2027:13:24:08 +0000");
}

}  // namespace
}  // namespace sluice::gen
