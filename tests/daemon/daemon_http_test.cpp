// The daemon's HTTP endpoints: /metrics is valid Prometheus text (checked by
// `promtool check metrics`) holding the batch families and the daemon's own,
// with counts that match what was read; /health/live and /health/ready answer;
// an unknown path is 404.
#include <gtest/gtest.h>

#include "daemon/daemon_harness.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::DaemonProcess;
using testing::TempDir;

TEST(DaemonHttpTest, MetricsPassPromtoolAndHealthAnswers) {
  TempDir tmp;
  fs::create_directories(tmp / "logs");
  std::string text;
  for (int i = 0; i < 500; ++i) {
    text += "{\"i\":" + std::to_string(i) + ",\"status\":" + (i % 5 == 0 ? "503" : "200") +
            ",\"duration_ms\":" + std::to_string(i % 90) + ",\"password\":\"hunter2\"}\n";
  }
  text += "not json\n";
  testing::WriteFile(tmp / "logs/app.log", text);
  const int http = testing::FreePort();
  const std::string log = tmp / "daemon.log";
  DaemonProcess daemon({"--tail", tmp / "logs/*.log", "--output-dir", tmp / "out", "--state-dir", tmp / "state",
                        "--http", "127.0.0.1:" + std::to_string(http)},
                       log);
  ASSERT_TRUE(testing::WaitFor([&] { return testing::HttpGet(http, "/health/live") == 200; }, 10s))
      << testing::ReadFile(log);
  ASSERT_TRUE(testing::WaitFor([&] { return testing::ScrapeMetric(http, "sluice_lines_in_total") >= 501; }, 10s));
  EXPECT_EQ(testing::HttpGet(http, "/health/ready"), 200);
  EXPECT_EQ(testing::HttpGet(http, "/nothing-here"), 404);

  std::string body;
  ASSERT_EQ(testing::HttpGet(http, "/metrics", &body), 200);
  EXPECT_EQ(testing::MetricValue(body, "sluice_lines_out_total"), 500);
  EXPECT_NE(body.find("sluice_http_responses_total{class=\"5xx\",code=\"503\"} 100"), std::string::npos) << body;
  EXPECT_NE(body.find("sluice_malformed_lines_total{cause=\"invalid_json\"} 1"), std::string::npos);
  EXPECT_NE(body.find("sluice_daemon_source_bytes_total{kind=\"file\"} " + std::to_string(text.size())),
            std::string::npos);
  EXPECT_EQ(testing::MetricValue(body, "sluice_daemon_files_open"), 1);
  EXPECT_EQ(testing::MetricValue(body, "sluice_daemon_ready"), 1);
  EXPECT_NE(body.find("sluice_daemon_queue_depth{queue=\"workers\"}"), std::string::npos);

  const std::string prom = tmp / "metrics.prom";
  testing::WriteFile(prom, body);
  const std::string cmd = "promtool check metrics < " + prom + " > " + (tmp / "promtool.out") + " 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << testing::ReadFile(tmp / "promtool.out");

  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.Wait(10s), 0);
  // The daemon's own log is JSON lines with time, level and msg.
  std::istringstream lines(testing::ReadFile(log));
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    ++count;
    EXPECT_EQ(line.rfind("{\"time\":\"", 0), 0u) << line;
    EXPECT_NE(line.find("\",\"level\":\""), std::string::npos) << line;
    EXPECT_NE(line.find(",\"msg\":\""), std::string::npos) << line;
    EXPECT_EQ(line.back(), '}') << line;
  }
  EXPECT_GT(count, 3);
}

TEST(DaemonHttpTest, BadStartIsAClearErrorAndNonZeroExit) {
  TempDir tmp;
  // The output directory cannot be created (a file is in the way).
  testing::WriteFile(tmp / "blocked", "x");
  const std::string log = tmp / "daemon.log";
  DaemonProcess daemon({"--tail", tmp / "*.log", "--output-dir", tmp / "blocked/out", "--state-dir",
                        tmp / "state", "--http", ""},
                       log);
  EXPECT_EQ(daemon.Wait(10s), 3);
  EXPECT_NE(testing::ReadFile(log).find("cannot open the output"), std::string::npos) << testing::ReadFile(log);
  // No source at all: usage error.
  DaemonProcess none({"--output-dir", tmp / "out", "--state-dir", tmp / "state"}, log);
  EXPECT_EQ(none.Wait(10s), 2);
}

}  // namespace
}  // namespace sluice
