// The daemon's promise: kill -9 at any moment loses no line and duplicates
// none. A writer appends numbered lines to a file rotated by rename (the glob
// matches the rotated names too) while the daemon is killed with SIGKILL at
// random moments and restarted, 24 times; the output rotates every 64 KiB and
// commits every 50 ms, so kills land in every phase (appending, syncing,
// saving the state, rotating, starting up). At the end every number must be
// in the output exactly once.
#include <gtest/gtest.h>

#include <atomic>
#include <random>

#include "daemon/daemon_harness.h"

namespace sluice {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using testing::DaemonProcess;
using testing::TempDir;

// Appends numbered lines, a few per write(), rotating by rename every `rotate_every` lines.
class NumberedWriter {
 public:
  NumberedWriter(std::string dir, uint64_t rotate_every) : dir_(std::move(dir)), rotate_every_(rotate_every) {}
  void Start() {
    thread_ = std::thread([this] { Loop(); });
  }
  void Stop() {
    stop_ = true;
    thread_.join();
  }
  uint64_t written() const { return next_.load() - 1; }

 private:
  void Loop() {
    const std::string path = dir_ + "/app.log";
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    uint64_t in_file = 0;
    int rotations = 0;
    std::string batch;
    while (!stop_) {
      batch.clear();
      for (int i = 0; i < 20; ++i) {
        const uint64_t n = next_.load();
        batch += "{\"n\":" + std::to_string(n) + ",\"status\":200,\"msg\":\"line " + std::to_string(n) +
                 " of the crash test\"}\n";
        next_.store(n + 1);
      }
      ASSERT_EQ(::write(fd, batch.data(), batch.size()), static_cast<ssize_t>(batch.size()));
      in_file += 20;
      if (in_file >= rotate_every_) {
        ::close(fd);
        ++rotations;
        ::rename(path.c_str(), (path + "." + std::to_string(rotations)).c_str());
        fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        in_file = 0;
      }
      std::this_thread::sleep_for(2ms);  // pacing of the writer, not a wait for a condition
    }
    ::close(fd);
  }

  std::string dir_;
  uint64_t rotate_every_;
  std::atomic<uint64_t> next_{1};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(DaemonCrashTest, KillNineAtRandomMomentsLosesAndDuplicatesNothing) {
  TempDir tmp;
  const std::string logs = tmp / "logs";
  const std::string out = tmp / "out";
  fs::create_directories(logs);
  const std::string config = tmp / "daemon.toml";
  testing::WriteFile(config, "[sources]\ntail = [\"" + logs + "/app.log*\"]\n"
                             "[tail]\nscan_interval = 0.05\npoll_interval = 0.01\nrotate_wait = 0.2\n"
                             "[output]\ndir = \"" + out + "\"\nmax_bytes = 65536\n"
                             "[state]\ndir = \"" + tmp / "state" + "\"\ncommit_interval = 0.05\n"
                             "[http]\nlisten = \"\"\n[run]\nthreads = 2\n");
  const std::vector<std::string> args = {"-c", config};
  const std::string log = tmp / "daemon.log";

  NumberedWriter writer(logs, 1500);
  writer.Start();
  std::mt19937 rng(20240501);
  std::uniform_int_distribution<int> pause_ms(5, 700);
  const int kKills = 24;
  for (int i = 0; i < kKills; ++i) {
    DaemonProcess daemon(args, log);
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));  // a random moment to kill at
    ASSERT_TRUE(daemon.running()) << "the daemon exited early; log:\n" << testing::ReadFile(log);
    daemon.Signal(SIGKILL);
    ASSERT_EQ(daemon.Wait(5s), 128 + SIGKILL);
  }
  writer.Stop();
  const uint64_t total = writer.written();

  // A last run catches up, then drains on SIGTERM.
  const size_t started_before = testing::CountInFile(log, "daemon started");
  DaemonProcess daemon(args, log);
  // SIGTERM before the daemon has set up its signal handling would kill it outright.
  ASSERT_TRUE(testing::WaitFor([&] { return testing::CountInFile(log, "daemon started") > started_before; }, 10s));
  const bool caught_up = testing::WaitFor(
      [&] { return testing::CountNumbers(testing::ReadOutputDir(out)).size() >= total; }, 60s);
  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.Wait(20s), 0) << testing::ReadFile(log);
  EXPECT_TRUE(caught_up);

  bool clean = true;
  std::map<uint64_t, int> counts = testing::CountNumbers(testing::ReadOutputDir(out, &clean));
  EXPECT_TRUE(clean) << "an output file has bytes that are not whole zstd frames";
  uint64_t missing = 0, duplicated = 0;
  for (uint64_t n = 1; n <= total; ++n) {
    auto it = counts.find(n);
    if (it == counts.end()) {
      if (missing++ < 5) ADD_FAILURE() << "line " << n << " is missing";
    } else if (it->second != 1) {
      if (duplicated++ < 5) ADD_FAILURE() << "line " << n << " appears " << it->second << " times";
    }
  }
  EXPECT_EQ(counts.size(), total) << "numbers beyond those written";
  EXPECT_EQ(missing, 0u);
  EXPECT_EQ(duplicated, 0u);
  std::printf("crash test: %llu lines, %d kills, %zu output files\n", static_cast<unsigned long long>(total),
              kKills, static_cast<size_t>(std::distance(fs::directory_iterator(out), fs::directory_iterator())));
  if (HasFailure()) std::fprintf(stderr, "daemon log:\n%s\n", testing::ReadFile(log).c_str());
}

}  // namespace
}  // namespace sluice
