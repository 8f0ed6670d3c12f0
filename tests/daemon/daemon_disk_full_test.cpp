// Disk full on the output: the daemon logs the error, retries with backoff,
// pauses reading (ready turns 503, sluice_daemon_sink_up 0), loses nothing,
// and resumes by itself once space returns. The output directory is a 1 MiB
// tmpfs mounted for the test (skipped where mounting is not allowed).
#include <gtest/gtest.h>

#include <sys/mount.h>

#include <atomic>

#include "daemon/daemon_harness.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::DaemonProcess;
using testing::TempDir;

TEST(DaemonDiskFullTest, FullDiskPausesAndResumesWithoutLoss) {
  TempDir tmp;
  const std::string out = tmp / "out";
  fs::create_directories(out);
  if (::mount("tmpfs", out.c_str(), "tmpfs", 0, "size=1m") != 0) GTEST_SKIP() << "cannot mount a tmpfs here";
  struct Unmount {
    std::string path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{out};
  // Leave about 100 KB free.
  testing::WriteFile(out + "/filler", std::string(920 * 1024, 'x'));

  fs::create_directories(tmp / "logs");
  std::string text;
  for (int n = 1; n <= 15000; ++n) text += "{\"n\":" + std::to_string(n) + ",\"msg\":\"fills the disk\"}\n";
  const int http = testing::FreePort();
  const std::string config = tmp / "daemon.toml";
  testing::WriteFile(config, "[sources]\ntail = [\"" + (tmp / "logs") + "/*.log\"]\n[output]\ndir = \"" + out +
                                 "\"\ncompress = \"none\"\npattern = \"out-{seq}.ndjson\"\n[state]\ndir = \"" +
                                 (tmp / "state") + "\"\n[http]\nlisten = \"127.0.0.1:" + std::to_string(http) +
                                 "\"\n[run]\nchunk_bytes = \"16K\"\nmax_line_bytes = \"4K\"\n");
  const std::string log = tmp / "daemon.log";
  DaemonProcess daemon({"-c", config}, log);
  ASSERT_TRUE(testing::WaitFor([&] { return testing::HttpGet(http, "/health/live") == 200; }, 10s));
  testing::WriteFile(tmp / "logs/app.log", text);  // about 550 KB: more than fits

  ASSERT_TRUE(testing::WaitFor([&] { return testing::ScrapeMetric(http, "sluice_daemon_sink_up") == 0; }, 10s))
      << testing::ReadFile(log);
  EXPECT_EQ(testing::HttpGet(http, "/health/ready"), 503);
  EXPECT_NE(testing::ReadFile(log).find("No space left on device"), std::string::npos);
  EXPECT_GT(testing::ScrapeMetric(http, "sluice_daemon_sink_errors_total"), 0);
  // Backpressure: every chunk is held up, so the file is no longer read.
  EXPECT_TRUE(testing::WaitFor([&] { return testing::ScrapeMetric(http, "sluice_daemon_chunks_free") == 0; }, 5s));
  EXPECT_TRUE(testing::WaitFor([&] { return testing::ScrapeMetric(http, "sluice_daemon_file_lag_bytes") > 0; }, 5s));

  fs::remove(out + "/filler");  // space returns
  ASSERT_TRUE(testing::WaitFor([&] { return testing::CountNumbers(testing::ReadOutputDir(out)).size() >= 15000; }, 20s))
      << testing::ReadFile(log);
  EXPECT_TRUE(testing::WaitFor([&] { return testing::HttpGet(http, "/health/ready") == 200; }, 10s));
  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.Wait(20s), 0) << testing::ReadFile(log);
  std::map<uint64_t, int> counts = testing::CountNumbers(testing::ReadOutputDir(out));
  EXPECT_EQ(counts.size(), 15000u);
  for (const auto& [n, c] : counts) ASSERT_EQ(c, 1) << "line " << n;
  EXPECT_NE(testing::ReadFile(log).find("sink: recovered"), std::string::npos);
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

// While the sink is stuck, sockets stop being read: the TCP sender blocks
// (kernel buffers full), the bytes the daemon has read stop growing, memory
// stays bounded; when space returns, every line arrives exactly once.
TEST(DaemonDiskFullTest, StalledSinkStopsReadingSockets) {
  testing::TempDir tmp;
  const std::string out = tmp / "out";
  std::filesystem::create_directories(out);
  if (::mount("tmpfs", out.c_str(), "tmpfs", 0, "size=8m") != 0) GTEST_SKIP() << "cannot mount a tmpfs here";
  struct Unmount {
    std::string path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{out};
  testing::WriteFile(out + "/filler", std::string(8 * 1024 * 1024 - 64 * 1024, 'x'));
  const int port = testing::FreePort();
  const int http = testing::FreePort();
  const std::string log = tmp / "daemon.log";
  const std::string config = tmp / "d.toml";
  testing::WriteFile(config, "[run]\nchunk_bytes = \"64K\"\nmax_line_bytes = \"16K\"\n");  // a 512 KiB pool
  testing::DaemonProcess daemon({"-c", config, "--listen", "tcp://127.0.0.1:" + std::to_string(port), "--output-dir", out,
                                 "--state-dir", tmp / "state", "--http", "127.0.0.1:" + std::to_string(http)},
                                log);
  using namespace std::chrono_literals;
  ASSERT_TRUE(testing::WaitFor([&] { return testing::HttpGet(http, "/health/ready") == 200; }, 10s));
  std::string text;
  const int kLines = 300000;  // about 30 MB: far more than the pool and the socket buffers hold
  for (int n = 1; n <= kLines; ++n) {
    text += "{\"n\":" + std::to_string(n) + ",\"msg\":\"backpressure test line with some padding text\"}\n";
  }
  std::atomic<bool> sent{false};
  std::thread sender([&] {
    testing::SendTcp(port, text);
    sent = true;
  });
  ASSERT_TRUE(testing::WaitFor([&] { return testing::ScrapeMetric(http, "sluice_daemon_sink_up") == 0; }, 10s))
      << testing::ReadFile(log);
  // Reading stops: the byte count settles while the sender is still blocked.
  double before = -1, after = -2;
  ASSERT_TRUE(testing::WaitFor([&] {
    before = testing::ScrapeMetric(http, "sluice_daemon_source_bytes_total{kind=\"tcp\"}");
    std::this_thread::sleep_for(300ms);  // the interval over which nothing may be read
    after = testing::ScrapeMetric(http, "sluice_daemon_source_bytes_total{kind=\"tcp\"}");
    return before == after;
  }, 10s));
  EXPECT_FALSE(sent.load());
  // Read: what the 64 KiB of free space took (compressed), the pool, one socket buffer.
  EXPECT_LT(after, 5e6) << "of " << text.size();
  const std::string status = testing::ReadFile("/proc/" + std::to_string(daemon.pid()) + "/status");
  const size_t rss = status.find("VmRSS:");
  ASSERT_NE(rss, std::string::npos);
  EXPECT_LT(std::strtoull(status.c_str() + rss + 6, nullptr, 10), 200u * 1024) << "RSS in kB";

  std::filesystem::remove(out + "/filler");
  sender.join();
  EXPECT_TRUE(sent.load());
  ASSERT_TRUE(testing::WaitFor([&] { return testing::ScrapeMetric(http, "sluice_lines_in_total") >= kLines; }, 30s));
  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.Wait(20s), 0) << testing::ReadFile(log);
  std::map<uint64_t, int> counts = testing::CountNumbers(testing::ReadOutputDir(out));
  EXPECT_EQ(counts.size(), static_cast<size_t>(kLines));
  for (const auto& [n, c] : counts) ASSERT_EQ(c, 1) << "line " << n;
}

}  // namespace
}  // namespace sluice
