// The journal source, on journal files written by systemd-journal-remote:
// entries arrive unwrapped like `journalctl -o json` lines, new journal files
// are followed live, and the cursor is checkpointed like a file offset: kill
// -9 at random moments and restarts give every entry exactly once.
#include <gtest/gtest.h>

#include <random>

#include "daemon/daemon_harness.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::DaemonProcess;
using testing::TempDir;

std::string JournalRemote() {
  for (const char* p : {"/usr/lib/systemd/systemd-journal-remote", "/lib/systemd/systemd-journal-remote"}) {
    if (::access(p, X_OK) == 0) return p;
  }
  return "";
}

// Writes entries [from, from+count) as journal file `name` in `dir`.
void WriteJournal(const std::string& tool, const std::string& dir, const std::string& name, int from, int count) {
  std::string exp;
  for (int n = from; n < from + count; ++n) {
    exp += "__REALTIME_TIMESTAMP=" + std::to_string(1700000000000000LL + n) + "\n";
    exp += "__MONOTONIC_TIMESTAMP=" + std::to_string(1000 + n) + "\n";
    exp += "_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=test\n_SYSTEMD_UNIT=api.service\n";
    exp += "MESSAGE={\"n\":" + std::to_string(n) + ",\"status\":200,\"token\":\"t0ps3cret\"}\n\n";
  }
  const std::string in = dir + "/../" + name + ".export";
  testing::WriteFile(in, exp);
  const std::string cmd = tool + " -o " + dir + "/" + name + ".journal " + in + " > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

TEST(DaemonJournalTest, CursorCheckpointsSurviveKillNine) {
  const std::string tool = JournalRemote();
  if (tool.empty()) GTEST_SKIP() << "systemd-journal-remote is not installed";
  TempDir tmp;
  const std::string jdir = tmp / "journal";
  fs::create_directories(jdir);
  const std::string out = tmp / "out";
  const std::string log = tmp / "daemon.log";
  const std::string config = tmp / "daemon.toml";
  testing::WriteFile(config, "[journal]\nenabled = true\ndirectory = \"" + jdir + "\"\n[output]\ndir = \"" + out +
                                 "\"\nmax_bytes = 8192\n[state]\ndir = \"" + (tmp / "state") +
                                 "\"\ncommit_interval = 0.05\n[http]\nlisten = \"\"\n[run]\nflush_interval = 0.02\n");
  const std::vector<std::string> args = {"-c", config};
  WriteJournal(tool, jdir, "batch0", 1, 2000);
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pause_ms(5, 300);
  int next = 2001;
  for (int i = 1; i <= 8; ++i) {
    DaemonProcess daemon(args, log);
    WriteJournal(tool, jdir, "batch" + std::to_string(i), next, 500);  // written while the daemon runs
    next += 500;
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));  // a random moment to kill at
    ASSERT_TRUE(daemon.running()) << testing::ReadFile(log);
    daemon.Signal(SIGKILL);
    ASSERT_EQ(daemon.Wait(5s), 128 + SIGKILL);
  }
  const size_t total = static_cast<size_t>(next - 1);
  auto starts = [&] { return testing::CountInFile(log, "daemon started"); };
  const size_t started_before = starts();
  DaemonProcess daemon(args, log);
  ASSERT_TRUE(testing::WaitFor([&] { return starts() > started_before; }, 10s));
  EXPECT_TRUE(testing::WaitFor(
      [&] { return testing::CountNumbers(testing::ReadOutputDir(out)).size() >= total; }, 30s));
  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.Wait(20s), 0) << testing::ReadFile(log);

  bool clean = true;
  const std::string output = testing::ReadOutputDir(out, &clean);
  EXPECT_TRUE(clean);
  std::map<uint64_t, int> counts = testing::CountNumbers(output);
  EXPECT_EQ(counts.size(), total);
  for (uint64_t n = 1; n <= total; ++n) ASSERT_EQ(counts[n], 1) << "entry " << n << "\n" << testing::ReadFile(log);
  // Unwrapped like journalctl -o json lines, with the envelope fields kept and the token redacted.
  EXPECT_NE(output.find("{\"n\":1,\"status\":200,\"token\":\"[REDACTED]\",\"journal\":{\"unit\":\"api.service\""),
            std::string::npos)
      << output.substr(0, 300);
  EXPECT_EQ(output.find("t0ps3cret"), std::string::npos);
}

}  // namespace
}  // namespace sluice
