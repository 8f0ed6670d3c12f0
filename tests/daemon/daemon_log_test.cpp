// The daemon's log lines: one JSON object with time, level, msg and fields,
// strings escaped, numbers unquoted.
#include "daemon/daemon_log.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(DaemonLogTest, FormatsOneJsonObject) {
  EXPECT_EQ(DaemonLog::Format(LogLevel::kWarn, "tail: \"x\"\n", {{"path", "/a\tb"}, {"offset", uint64_t{42}},
                                                                  {"ok", true}, {"ratio", 0.5}},
                              1700000000123),
            "{\"time\":\"2023-11-14T22:13:20.123Z\",\"level\":\"warn\",\"msg\":\"tail: \\\"x\\\"\\n\","
            "\"path\":\"/a\\tb\",\"offset\":42,\"ok\":true,\"ratio\":0.5}");
  EXPECT_EQ(DaemonLog::Format(LogLevel::kError, "x", {{"c", "\x01"}}, 0),
            "{\"time\":\"1970-01-01T00:00:00.000Z\",\"level\":\"error\",\"msg\":\"x\",\"c\":\"\\u0001\"}");
}

}  // namespace
}  // namespace sluice
