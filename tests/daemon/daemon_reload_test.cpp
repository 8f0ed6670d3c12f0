// SIGHUP: a good config is applied without losing a line (a new tail glob is
// followed from then on); a bad one (unknown key, named with its line) is
// refused with a log line and the running config keeps working.
#include <gtest/gtest.h>

#include "daemon/daemon_harness.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::DaemonProcess;
using testing::TempDir;

std::string Lines(const std::string& key, int from, int count) {
  std::string text;
  for (int n = from; n < from + count; ++n) text += "{\"" + key + "\":" + std::to_string(n) + "}\n";
  return text;
}

void Append(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  ASSERT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  ::close(fd);
}

TEST(DaemonReloadTest, SighupAppliesAGoodConfigAndRefusesABadOne) {
  TempDir tmp;
  const std::string logs = tmp / "logs";
  fs::create_directories(logs);
  const int http = testing::FreePort();
  const std::string config = tmp / "daemon.toml";
  auto write_config = [&](const std::string& glob, const std::string& extra) {
    testing::WriteFile(config, "[sources]\ntail = [\"" + logs + "/" + glob + "\"]\n" + extra +
                                   "[output]\ndir = \"" + (tmp / "out") + "\"\n[state]\ndir = \"" +
                                   (tmp / "state") + "\"\n[http]\nlisten = \"127.0.0.1:" + std::to_string(http) +
                                   "\"\n[tail]\nscan_interval = 0.05\n");
  };
  write_config("a*.log", "");
  Append(logs + "/a.log", Lines("a", 1, 100));
  Append(logs + "/b.log", Lines("b", 1, 100));
  const std::string log = tmp / "daemon.log";
  DaemonProcess daemon({"-c", config}, log);
  ASSERT_TRUE(testing::WaitFor([&] { return testing::ScrapeMetric(http, "sluice_lines_in_total") >= 100; }, 10s))
      << testing::ReadFile(log);

  // Good: follow b*.log too.
  write_config("[ab]*.log", "");
  daemon.Signal(SIGHUP);
  ASSERT_TRUE(testing::WaitFor([&] { return testing::ScrapeMetric(http, "sluice_daemon_config_reloads_total{result=\"ok\"}") == 1 ||
                                            testing::ScrapeMetric(http, "sluice_lines_in_total") >= 200; }, 10s));
  ASSERT_TRUE(testing::WaitFor([&] { return testing::ScrapeMetric(http, "sluice_lines_in_total") >= 200; }, 10s))
      << testing::ReadFile(log);

  // Bad: an unknown key. Refused; the daemon keeps running the good config.
  write_config("[ab]*.log", "colour = \"blue\"\n");
  daemon.Signal(SIGHUP);
  ASSERT_TRUE(testing::WaitFor([&] { return testing::ReadFile(log).find("reload: refused") != std::string::npos; }, 10s));
  EXPECT_NE(testing::ReadFile(log).find("unknown key 'colour'"), std::string::npos) << testing::ReadFile(log);
  Append(logs + "/a.log", Lines("a", 101, 50));
  Append(logs + "/b.log", Lines("b", 101, 50));
  ASSERT_TRUE(testing::WaitFor([&] { return testing::ScrapeMetric(http, "sluice_lines_in_total") >= 300; }, 10s));

  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.Wait(10s), 0) << testing::ReadFile(log);
  const std::string output = testing::ReadOutputDir(tmp / "out");
  EXPECT_EQ(testing::CountNumbers(output, "a").size(), 150u);
  EXPECT_EQ(testing::CountNumbers(output, "b").size(), 150u);
  for (const auto& [n, c] : testing::CountNumbers(output, "a")) ASSERT_EQ(c, 1) << n;
  for (const auto& [n, c] : testing::CountNumbers(output, "b")) ASSERT_EQ(c, 1) << n;
}

}  // namespace
}  // namespace sluice
