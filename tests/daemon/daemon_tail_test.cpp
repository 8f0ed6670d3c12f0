// Tailing under continuous writing with both rotation styles at once:
// a.log rotated by rename (the glob a.log* matches the rotated names) and
// b.log rotated by copytruncate (the copies are not matched). Every line of
// both must reach the output exactly once. With copytruncate, lines written
// between the daemon's last read and the truncation are lost by nature (as
// with every tail -F); the writer here truncates only once the daemon has read
// everything (it watches /metrics), which is what this test can promise.
#include <gtest/gtest.h>

#include "daemon/daemon_harness.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::DaemonProcess;
using testing::TempDir;

void Append(const std::string& path, const std::string& key, uint64_t from, uint64_t count) {
  std::string text;
  for (uint64_t n = from; n < from + count; ++n) {
    text += "{\"" + key + "\":" + std::to_string(n) + ",\"status_code\":404,\"duration_ms\":3.5}\n";
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  ASSERT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  ::close(fd);
}

// A file an editor saved with a byte-order mark: the mark is dropped at
// offset 0, so its first line is a record, not a dead-letter entry.
TEST(DaemonTailTest, ByteOrderMarkAtTheStartOfAFileIsDropped) {
  TempDir tmp;
  fs::create_directories(tmp / "logs");
  testing::WriteFile(tmp / "logs/app.log", "\xEF\xBB\xBF{\"n\":1}\n{\"n\":2}\n");
  const int port = testing::FreePort();
  const std::string log = tmp / "daemon.log";
  DaemonProcess daemon({"--tail", tmp / "logs/*.log", "--output-dir", tmp / "out", "--state-dir", tmp / "state",
                        "--dead-letter", tmp / "dead.ndjson", "--http", "127.0.0.1:" + std::to_string(port)},
                       log);
  ASSERT_TRUE(testing::WaitFor([&] { return testing::ScrapeMetric(port, "sluice_lines_in_total") >= 2; }, 10s))
      << testing::ReadFile(log);
  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.Wait(20s), 0) << testing::ReadFile(log);
  EXPECT_EQ(testing::ReadOutputDir(tmp / "out"), "{\"n\":1}\n{\"n\":2}\n");
  EXPECT_EQ(testing::ReadFile(tmp / "dead.ndjson"), "");
}

TEST(DaemonTailTest, RenameAndCopytruncateRotationUnderContinuousWriting) {
  TempDir tmp;
  const std::string logs = tmp / "logs";
  fs::create_directories(logs);
  const int port = testing::FreePort();
  const std::string log = tmp / "daemon.log";
  DaemonProcess daemon({"--tail", logs + "/a.log*", "--tail", logs + "/b.log", "--output-dir", tmp / "out",
                        "--state-dir", tmp / "state", "--http", "127.0.0.1:" + std::to_string(port), "-j", "2"},
                       log);
  ASSERT_TRUE(testing::WaitFor([&] { return testing::HttpGet(port, "/health/ready") == 200; }, 10s))
      << testing::ReadFile(log);

  const std::string a = logs + "/a.log";
  const std::string b = logs + "/b.log";
  uint64_t next_a = 1, next_b = 1;
  const int kRounds = 12;
  for (int round = 1; round <= kRounds; ++round) {
    for (int burst = 0; burst < 10; ++burst) {
      Append(a, "a", next_a, 200);
      next_a += 200;
      Append(b, "b", next_b, 150);
      next_b += 150;
    }
    // Rename rotation, with no pause: the daemon finishes the old file through its descriptor.
    ASSERT_EQ(::rename(a.c_str(), (a + "." + std::to_string(round)).c_str()), 0);
    Append(a, "a", next_a, 100);
    next_a += 100;
    // copytruncate, once the daemon has read b.log to its end.
    const double want = static_cast<double>(next_a - 1 + next_b - 1);
    ASSERT_TRUE(testing::WaitFor([&] { return testing::ScrapeMetric(port, "sluice_lines_in_total") >= want; }, 20s))
        << "the daemon did not catch up: " << testing::ScrapeMetric(port, "sluice_lines_in_total") << " of " << want
        << "; log:\n" << testing::ReadFile(log);
    fs::copy_file(b, logs + "/b.old." + std::to_string(round));
    ASSERT_EQ(::truncate(b.c_str(), 0), 0);
  }
  const double total = static_cast<double>(next_a - 1 + next_b - 1);
  ASSERT_TRUE(testing::WaitFor([&] { return testing::ScrapeMetric(port, "sluice_lines_in_total") >= total; }, 20s));
  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.Wait(20s), 0) << testing::ReadFile(log);

  bool clean = true;
  const std::string output = testing::ReadOutputDir(tmp / "out", &clean);
  EXPECT_TRUE(clean);
  for (const auto& [key, count] : {std::pair<std::string, uint64_t>{"a", next_a - 1}, {"b", next_b - 1}}) {
    std::map<uint64_t, int> counts = testing::CountNumbers(output, key);
    EXPECT_EQ(counts.size(), count) << key;
    int bad = 0;
    for (uint64_t n = 1; n <= count && bad < 5; ++n) {
      if (counts[n] != 1) {
        ++bad;
        ADD_FAILURE() << key << " line " << n << " appears " << counts[n] << " times";
      }
    }
  }
  const std::string daemon_log = testing::ReadFile(log);
  // Seen either as shorter than the offset read, or (regrown by then) by its changed head.
  EXPECT_NE(daemon_log.find("reading from 0\",\"path\":\"" + b), std::string::npos);
  EXPECT_NE(daemon_log.find("file renamed"), std::string::npos);
}

TEST(DaemonTailTest, RestartResumesARotatedFileFoundByIdentity) {
  TempDir tmp;
  const std::string logs = tmp / "logs";
  fs::create_directories(logs);
  const std::string a = logs + "/app.log";
  const std::string log = tmp / "daemon.log";
  const std::vector<std::string> args = {"--tail", logs + "/app.log*", "--output-dir", tmp / "out",
                                         "--state-dir", tmp / "state", "--http", ""};
  Append(a, "n", 1, 1000);
  {
    DaemonProcess daemon(args, log);
    ASSERT_TRUE(testing::WaitFor([&] { return testing::ReadFile(tmp / "state/state").find(" 1000 ") != std::string::npos ||
                                              testing::CountNumbers(testing::ReadOutputDir(tmp / "out")).size() == 1000; },
                                 10s));
    daemon.Signal(SIGTERM);
    ASSERT_EQ(daemon.Wait(10s), 0);
  }
  // While stopped: more lines, rotation by rename, a new file, and the new
  // file takes... whatever inode the system gives it.
  Append(a, "n", 1001, 500);
  ASSERT_EQ(::rename(a.c_str(), (a + ".1").c_str()), 0);
  Append(a, "n", 1501, 300);
  DaemonProcess daemon(args, log);
  ASSERT_TRUE(testing::WaitFor([&] { return testing::CountNumbers(testing::ReadOutputDir(tmp / "out")).size() >= 1800; }, 10s));
  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.Wait(10s), 0);
  std::map<uint64_t, int> counts = testing::CountNumbers(testing::ReadOutputDir(tmp / "out"));
  EXPECT_EQ(counts.size(), 1800u);
  for (const auto& [n, c] : counts) ASSERT_EQ(c, 1) << "line " << n;
}

}  // namespace
}  // namespace sluice
