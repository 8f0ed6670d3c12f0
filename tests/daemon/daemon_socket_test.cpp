// NDJSON over TCP and unix sockets: every line a client sent before SIGTERM
// is in the output (the drain reads what connections hold, including those
// still in the accept queue); a last line without a newline counts as a line;
// and a bounded load test on loopback that prints the sustained rate.
#include <gtest/gtest.h>

#include <sys/un.h>

#include <cstring>

#include <atomic>

#include "daemon/daemon_harness.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::DaemonProcess;
using testing::TempDir;

bool SendUnix(const std::string& path, const std::string& text) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un addr {};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  if (::connect(fd, reinterpret_cast<struct sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return false;
  }
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  return done == text.size();
}

std::string Lines(uint64_t from, uint64_t count, bool last_newline = true) {
  std::string text;
  for (uint64_t n = from; n < from + count; ++n) {
    text += "{\"n\":" + std::to_string(n) + ",\"status\":201,\"latency_ms\":12,\"token\":\"abc\"}\n";
  }
  if (!last_newline) text.pop_back();
  return text;
}

TEST(DaemonSocketTest, EveryLineSentBeforeSigtermIsInTheOutput) {
  TempDir tmp;
  const int port = testing::FreePort();
  const int http = testing::FreePort();
  const std::string sock = tmp / "in.sock";
  const std::string log = tmp / "daemon.log";
  DaemonProcess daemon({"--listen", "tcp://127.0.0.1:" + std::to_string(port), "--listen", "unix:" + sock,
                        "--output-dir", tmp / "out", "--state-dir", tmp / "state", "--http",
                        "127.0.0.1:" + std::to_string(http)},
                       log);
  ASSERT_TRUE(testing::WaitFor([&] { return testing::HttpGet(http, "/health/ready") == 200; }, 10s))
      << testing::ReadFile(log);

  const int kClients = 8;
  const uint64_t kPerClient = 3000;
  std::vector<std::thread> clients;
  std::atomic<int> sent{0};
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      const std::string text = Lines(1 + c * kPerClient, kPerClient, c % 2 == 0);
      bool ok = c % 4 == 3 ? SendUnix(sock, text) : testing::SendTcp(port, text);
      if (ok) sent.fetch_add(1);
    });
  }
  for (auto& t : clients) t.join();
  ASSERT_EQ(sent.load(), kClients);
  // One more client connects and sends, and SIGTERM follows at once.
  ASSERT_TRUE(testing::SendTcp(port, Lines(1 + kClients * kPerClient, 10)));
  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.Wait(20s), 0) << testing::ReadFile(log);

  bool clean = true;
  const std::string output = testing::ReadOutputDir(tmp / "out", &clean);
  EXPECT_TRUE(clean);
  std::map<uint64_t, int> counts = testing::CountNumbers(output);
  const uint64_t total = kClients * kPerClient + 10;
  EXPECT_EQ(counts.size(), total);
  for (uint64_t n = 1; n <= total; ++n) ASSERT_EQ(counts[n], 1) << "line " << n;
  EXPECT_EQ(output.find("\"abc\""), std::string::npos) << "a token was not redacted";
  EXPECT_FALSE(fs::exists(sock)) << "the unix socket file is removed on exit";
}

// Bounded: 4 connections x 75,000 lines (about 25 MB) on loopback, at most 60 s.
TEST(DaemonSocketTest, LoadOnLoopback) {
  TempDir tmp;
  const int port = testing::FreePort();
  const int http = testing::FreePort();
  const std::string log = tmp / "daemon.log";
  DaemonProcess daemon({"--listen", "tcp://127.0.0.1:" + std::to_string(port), "--output-dir", tmp / "out",
                        "--state-dir", tmp / "state", "--http", "127.0.0.1:" + std::to_string(http)},
                       log);
  ASSERT_TRUE(testing::WaitFor([&] { return testing::HttpGet(http, "/health/ready") == 200; }, 10s));
  const int kClients = 4;
  const uint64_t kPerClient = 75000;
  std::vector<std::string> payloads;
  for (int c = 0; c < kClients; ++c) payloads.push_back(Lines(1 + c * kPerClient, kPerClient));
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) clients.emplace_back([&, c] { testing::SendTcp(port, payloads[c]); });
  for (auto& t : clients) t.join();
  const double total = static_cast<double>(kClients * kPerClient);
  ASSERT_TRUE(testing::WaitFor([&] { return testing::ScrapeMetric(http, "sluice_lines_in_total") >= total; }, 60s));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string status = testing::ReadFile("/proc/" + std::to_string(daemon.pid()) + "/status");
  const size_t hwm = status.find("VmHWM:");
  std::printf("load: %.0f lines in %.2f s = %.0f lines/s over loopback TCP; %s\n", total, seconds, total / seconds,
              hwm == std::string::npos ? "" : status.substr(hwm, status.find('\n', hwm) - hwm).c_str());
  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.Wait(20s), 0);
  EXPECT_EQ(testing::CountNumbers(testing::ReadOutputDir(tmp / "out")).size(), kClients * kPerClient);
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

// Lines longer than max_line_bytes: from a file, the line is cut and counted
// as malformed (too_long) by the worker, the lines around it pass; from a
// socket, it is dropped and counted in sluice_daemon_dropped_lines_total.
TEST(DaemonLongLineTest, TooLongLinesAreCountedNotFatal) {
  testing::TempDir tmp;
  std::filesystem::create_directories(tmp / "logs");
  const std::string big = "{\"big\":\"" + std::string(300 * 1024, 'x') + "\"}\n";
  testing::WriteFile(tmp / "logs/a.log", "{\"n\":1}\n" + big + "{\"n\":2}\n");
  const int port = testing::FreePort();
  const int http = testing::FreePort();
  const std::string config = tmp / "d.toml";
  testing::WriteFile(config, "[run]\nmax_line_bytes = \"64K\"\nchunk_bytes = \"64K\"\n");
  const std::string log = tmp / "daemon.log";
  testing::DaemonProcess daemon({"-c", config, "--tail", tmp / "logs/*.log", "--listen",
                                 "tcp://127.0.0.1:" + std::to_string(port), "--output-dir", tmp / "out",
                                 "--state-dir", tmp / "state", "--http", "127.0.0.1:" + std::to_string(http)},
                                log);
  using namespace std::chrono_literals;
  ASSERT_TRUE(testing::WaitFor([&] { return testing::HttpGet(http, "/health/ready") == 200; }, 10s))
      << testing::ReadFile(log);
  ASSERT_TRUE(testing::SendTcp(port, "{\"n\":3}\n" + big + "{\"n\":4}\n"));
  // The cut line's chunk may reach its worker after the others' (a slow
  // build, TSan): wait for its count too.
  ASSERT_TRUE(testing::WaitFor(
      [&] {
        return testing::ScrapeMetric(http, "sluice_lines_out_total") >= 4 &&
               testing::ScrapeMetric(http, "sluice_malformed_lines_total{cause=\"too_long\"}") >= 1;
      },
      10s))
      << testing::ReadFile(log);
  std::string body;
  ASSERT_EQ(testing::HttpGet(http, "/metrics", &body), 200);
  EXPECT_NE(body.find("sluice_malformed_lines_total{cause=\"too_long\"} 1"), std::string::npos);
  EXPECT_NE(body.find("sluice_daemon_dropped_lines_total{reason=\"too_long\"} 1"), std::string::npos);
  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.Wait(10s), 0);
  std::map<uint64_t, int> counts = testing::CountNumbers(testing::ReadOutputDir(tmp / "out"));
  EXPECT_EQ(counts.size(), 4u);
  EXPECT_NE(testing::ReadFile(log).find("line longer than max_line_bytes"), std::string::npos);
}

}  // namespace
}  // namespace sluice
