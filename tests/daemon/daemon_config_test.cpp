// Daemon config: every table read, defaults kept, bad keys and values named
// with file and line; listen addresses parsed; `sluice check -c` on daemon configs.
#include "daemon/daemon_config.h"

#include <gtest/gtest.h>

#include "daemon/daemon_harness.h"

namespace sluice {
namespace {

std::string Load(const std::string& text, DaemonConfig* c) {
  testing::TempDir tmp;
  const std::string path = tmp / "d.toml";
  testing::WriteFile(path, text);
  try {
    LoadDaemonConfig(path, c);
  } catch (const ConfigError& e) {
    std::string m = e.what();
    return m.substr(m.find("d.toml"));
  }
  return "";
}

TEST(DaemonConfigTest, ReadsEveryTable) {
  DaemonConfig c;
  ASSERT_EQ(Load("[sources]\ntail = [\"/a/*.log\"]\nlisten = [\"tcp://127.0.0.1:5170\", \"unix:/run/s.sock\"]\n"
                 "stdin = true\nread_from = \"end\"\n[tail]\nscan_interval = 0.5\nrotate_wait = 2\n"
                 "[output]\ndir = \"/o\"\ncompress = \"none\"\nmax_bytes = \"2M\"\nmax_age = 60\nretain = 3\ndead_letter = \"/d.ndjson\"\n"
                 "[state]\ndir = \"/s\"\ncommit_interval = 0.1\n[http]\nlisten = \"\"\n"
                 "[run]\nthreads = 3\nlog_level = \"debug\"\n[redact]\nstrict = true\n",
                 &c),
            "");
  EXPECT_EQ(c.tail, std::vector<std::string>{"/a/*.log"});
  EXPECT_EQ(c.listen.size(), 2u);
  EXPECT_TRUE(c.stdin_source);
  EXPECT_TRUE(c.read_from_end);
  EXPECT_EQ(c.scan_interval, 0.5);
  EXPECT_EQ(c.rotate_wait, 2.0);
  EXPECT_FALSE(c.compress);
  EXPECT_EQ(c.max_file_bytes, 2u << 20);
  EXPECT_EQ(c.max_file_age, 60.0);
  EXPECT_EQ(c.retain, 3);
  EXPECT_EQ(c.dead_letter, "/d.ndjson");
  EXPECT_EQ(c.state_dir, "/s");
  EXPECT_EQ(c.http, "");
  EXPECT_EQ(c.threads, 3);
  EXPECT_EQ(c.log_level, "debug");
  EXPECT_TRUE(c.strict);
  EXPECT_EQ(c.level, 3);  // untouched default
  EXPECT_NO_THROW(c.Validate());
}

TEST(DaemonConfigTest, ErrorsNameTheLine) {
  DaemonConfig c;
  EXPECT_EQ(Load("[sources]\ntail = [\"x\"]\ncolour = 1\n", &c), "d.toml:3: unknown key 'colour' in [sources]");
  EXPECT_EQ(Load("[nope]\n", &c), "d.toml:1: unknown key 'nope' in [top level]");
  EXPECT_EQ(Load("\n[sources]\nlisten = [\"udp://x:1\"]\n", &c),
            "d.toml:3: listen: 'udp://x:1' must be tcp://HOST:PORT or unix:PATH");
  EXPECT_EQ(Load("[output]\nretain = -1\n", &c), "d.toml:2: retain must be from 0 to 1000000");
  EXPECT_EQ(Load("[output]\npattern = \"a/b\"\n", &c), "d.toml:2: pattern must be a file name, not a path");
  EXPECT_EQ(Load("[http]\nlisten = \"localhost\"\n", &c), "d.toml:2: listen: 'localhost' is not HOST:PORT");
  EXPECT_EQ(Load("[tail]\nscan_interval = \"fast\"\n", &c), "d.toml:2: scan_interval must be a number of seconds");
  EXPECT_EQ(Load("[sources]\nread_from = \"middle\"\n", &c), "d.toml:2: read_from must be one of: beginning, end");
}

TEST(DaemonConfigTest, ValidateWantsASourceAndDirectories) {
  DaemonConfig c;
  EXPECT_THROW(c.Validate(), ConfigError);
  c.tail = {"/x"};
  EXPECT_THROW(c.Validate(), ConfigError);  // no output dir
  c.output_dir = "/o";
  EXPECT_THROW(c.Validate(), ConfigError);  // no state dir
  c.state_dir = "/s";
  EXPECT_NO_THROW(c.Validate());
}

// File names follow the compression: .ndjson.zst for zstd, .ndjson without;
// a pattern that says otherwise is refused.
TEST(DaemonConfigTest, FileNamesFollowTheCompression) {
  DaemonConfig c;
  c.tail = {"/x"};
  c.output_dir = "/o";
  c.state_dir = "/s";
  EXPECT_EQ(c.FilePattern(), "sluice-%Y%m%dT%H%M%S-{seq}.ndjson.zst");
  c.compress = false;
  EXPECT_EQ(c.FilePattern(), "sluice-%Y%m%dT%H%M%S-{seq}.ndjson");
  EXPECT_NO_THROW(c.Validate());
  c.pattern = "app-{seq}.ndjson.zst";
  try {
    c.Validate();
    ADD_FAILURE() << "a .zst name for uncompressed files must be refused";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("ends in .zst but compress = \"none\""), std::string::npos) << e.what();
  }
  c.compress = true;
  EXPECT_NO_THROW(c.Validate());
  EXPECT_EQ(c.FilePattern(), "app-{seq}.ndjson.zst");
  c.pattern = "app-{seq}.log";
  EXPECT_THROW(c.Validate(), ConfigError);
}

TEST(DaemonConfigTest, ListenAddresses) {
  ListenAddress a;
  std::string error;
  ASSERT_TRUE(ParseListenAddress("tcp://127.0.0.1:5170", &a, &error));
  EXPECT_EQ(a.kind, ListenAddress::Kind::kTcp);
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 5170);
  ASSERT_TRUE(ParseListenAddress("tcp://[::1]:80", &a, &error));
  EXPECT_EQ(a.host, "::1");
  ASSERT_TRUE(ParseListenAddress("unix:/run/x.sock", &a, &error));
  EXPECT_EQ(a.path, "/run/x.sock");
  EXPECT_FALSE(ParseListenAddress("tcp://host", &a, &error));
  EXPECT_FALSE(ParseListenAddress("tcp://host:99999", &a, &error));
  EXPECT_FALSE(ParseListenAddress("unix:", &a, &error));
}

TEST(DaemonConfigTest, CheckCommandValidatesTheShippedDaemonConfig) {
  const std::string cmd = std::string(SLUICE_BINARY) + " check -c " + SLUICE_SOURCE_DIR + "/pipeline/daemon.toml";
  EXPECT_EQ(std::system((cmd + " > /dev/null").c_str()), 0);
  testing::TempDir tmp;
  testing::WriteFile(tmp / "bad.toml", "[sources]\ntail = [\"x\"]\n[state]\ndir = 3\n");
  const std::string bad = std::string(SLUICE_BINARY) + " check -c " + (tmp / "bad.toml") + " 2> " + (tmp / "err");
  EXPECT_NE(std::system(bad.c_str()), 0);
  EXPECT_NE(testing::ReadFile(tmp / "err").find("bad.toml:4: dir must be a string"), std::string::npos)
      << testing::ReadFile(tmp / "err");
}

}  // namespace
}  // namespace sluice
