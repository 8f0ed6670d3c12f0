// Hostile lines in a tailed file reach the daemon as they reach a batch run
// (tests/cli/fault_injection_test.cpp): a NUL byte, invalid UTF-8 in a
// sensitive key, 10,000-deep nesting and a duplicate key hiding a secret. The
// daemon keeps running, counts each malformed line by cause, writes every good
// record with no secret, and lines_in = lines_out + malformed.
#include <gtest/gtest.h>

#include "daemon/daemon_harness.h"

namespace sluice {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;

TEST(DaemonFaultInjectionTest, HostileLinesInATailedFileAreCountedByCause) {
  testing::TempDir tmp;
  std::filesystem::create_directories(tmp / "logs");
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"{\"a\":\"x\0y\"}"s, "invalid_json"},
      {"{\"password\xc3\":\"hunter2\"}"s, "invalid_utf8"},
      {"{\"a\":" + std::string(10000, '[') + std::string(10000, ']') + "}", "too_deep"},
  };
  std::string text;
  uint64_t n = 0;
  auto good = [&] { text += "{\"n\":" + std::to_string(++n) + "}\n"; };
  good();
  for (const auto& [line, cause] : bad) {
    text += line + "\n";
    good();
  }
  text += "{\"n\":" + std::to_string(++n) + ",\"password\":\"\",\"password\":\"hunter2\"}\n";
  testing::WriteFile(tmp / "logs/a.log", text);
  const uint64_t lines = n + bad.size();

  const int http = testing::FreePort();
  const std::string log = tmp / "daemon.log";
  testing::DaemonProcess daemon({"--tail", tmp / "logs/*.log", "--output-dir", tmp / "out", "--state-dir",
                                 tmp / "state", "--http", "127.0.0.1:" + std::to_string(http)},
                                log);
  ASSERT_TRUE(testing::WaitFor(
      [&] { return testing::ScrapeMetric(http, "sluice_lines_in_total") >= static_cast<double>(lines); }, 20s))
      << testing::ReadFile(log);
  std::string body;
  ASSERT_EQ(testing::HttpGet(http, "/metrics", &body), 200);
  for (const auto& [line, cause] : bad) {
    EXPECT_NE(body.find("sluice_malformed_lines_total{cause=\"" + cause + "\"} 1"), std::string::npos)
        << cause << "\n" << body;
  }
  EXPECT_EQ(testing::MetricValue(body, "sluice_lines_in_total"), static_cast<double>(lines));
  EXPECT_EQ(testing::MetricValue(body, "sluice_lines_out_total"), static_cast<double>(n));
  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.Wait(10s), 0) << testing::ReadFile(log);

  const std::string out = testing::ReadOutputDir(tmp / "out");
  const std::map<uint64_t, int> counts = testing::CountNumbers(out);
  EXPECT_EQ(counts.size(), n);
  for (const auto& [k, times] : counts) EXPECT_EQ(times, 1) << "record " << k;
  EXPECT_EQ(out.find("hunter2"), std::string::npos) << "a secret reached the output";
  EXPECT_EQ(out.find('\0'), std::string::npos) << "a NUL byte reached the output";
}

}  // namespace
}  // namespace sluice
