// Live input through the built binary: lines written one at a time into a pipe
// reach the output within the flush interval (stdout and .zst), and SIGTERM in
// the middle of a stream leaves a complete, valid output of every line read; a
// byte-order mark that starts the stream is dropped even when it trickles in.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Child {
  pid_t pid = -1;
  int stdin_fd = -1;   // we write the input here
  int stdout_fd = -1;  // we read the output here
};

Child Spawn(const std::vector<std::string>& args) {
  int in[2], out[2];
  EXPECT_EQ(pipe(in), 0);
  EXPECT_EQ(pipe(out), 0);
  Child c;
  c.pid = fork();
  if (c.pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);
    close(in[1]);
    close(out[0]);
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  c.stdin_fd = in[1];
  c.stdout_fd = out[0];
  fcntl(c.stdout_fd, F_SETFL, O_NONBLOCK);
  return c;
}

int Wait(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void WriteLine(int fd, const std::string& line) {
  std::string s = line + "\n";
  ASSERT_EQ(write(fd, s.data(), s.size()), static_cast<ssize_t>(s.size()));
}

// Decompresses a possibly still-growing .zst file (frames already written).
std::string Zstdcat(const fs::path& p) {
  std::string cmd = "zstd -dc --no-progress " + p.string() + " 2>/dev/null";
  std::FILE* f = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  pclose(f);
  return out;
}

class LiveInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sluice-live-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(LiveInputTest, EachLineReachesStdoutWithinTwoSeconds) {
  Child c = Spawn({SLUICE_BINARY, "-q", "--flush-interval", "0.5"});
  std::string seen;
  for (int i = 0; i < 4; ++i) {
    std::string line = "{\"n\":" + std::to_string(i) + ",\"password\":\"hunter" + std::to_string(i) + "\"}";
    WriteLine(c.stdin_fd, line);
    const auto deadline = Clock::now() + std::chrono::seconds(2);
    std::string want = "{\"n\":" + std::to_string(i) + ",";
    while (seen.find(want) == std::string::npos && Clock::now() < deadline) {
      char buf[4096];
      ssize_t n = read(c.stdout_fd, buf, sizeof buf);
      if (n > 0) seen.append(buf, static_cast<size_t>(n));
      else usleep(10000);
    }
    ASSERT_NE(seen.find(want), std::string::npos) << "line " << i << " not out within 2 s";
    EXPECT_EQ(seen.find("hunter"), std::string::npos);
  }
  close(c.stdin_fd);
  EXPECT_EQ(Wait(c.pid), 0);
  close(c.stdout_fd);
}

TEST_F(LiveInputTest, EachLineReachesZstdFileWithinTwoSeconds) {
  const fs::path out = dir_ / "live.ndjson.zst";
  Child c = Spawn({SLUICE_BINARY, "-q", "-o", out.string()});
  for (int i = 0; i < 3; ++i) {
    WriteLine(c.stdin_fd, "{\"n\":" + std::to_string(i) + "}");
    const auto deadline = Clock::now() + std::chrono::seconds(2);
    std::string want = "{\"n\":" + std::to_string(i) + "}";
    std::string text;
    while (Clock::now() < deadline) {
      text = Zstdcat(out);
      if (text.find(want) != std::string::npos) break;
      usleep(50000);
    }
    ASSERT_NE(text.find(want), std::string::npos) << "line " << i << " not in the .zst within 2 s";
  }
  close(c.stdin_fd);
  EXPECT_EQ(Wait(c.pid), 0);
  close(c.stdout_fd);
  EXPECT_EQ(std::system(("zstd -tq " + out.string()).c_str()), 0);
}

TEST_F(LiveInputTest, SigtermLeavesCompleteOutputOfEveryLineRead) {
  const fs::path out = dir_ / "term.ndjson.zst";
  Child c = Spawn({SLUICE_BINARY, "-q", "-o", out.string(), "--flush-interval", "0.2"});
  const int kLines = 2000;
  std::string expected;
  for (int i = 0; i < kLines; ++i) {
    std::string line = "{\"n\":" + std::to_string(i) + ",\"msg\":\"line of a stream still open\"}";
    WriteLine(c.stdin_fd, line);
    expected += line + "\n";
  }
  // Wait until the last line has been read and flushed, then stop mid-stream
  // (stdin stays open, as with journalctl -f).
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (Zstdcat(out).size() < expected.size() && Clock::now() < deadline) usleep(50000);
  kill(c.pid, SIGTERM);
  EXPECT_EQ(Wait(c.pid), 0);
  close(c.stdin_fd);
  close(c.stdout_fd);
  EXPECT_EQ(std::system(("zstd -tq " + out.string()).c_str()), 0);
  EXPECT_EQ(Zstdcat(out), expected);
}

TEST_F(LiveInputTest, SigtermWhileIdleEndsPromptlyWithValidOutput) {
  const fs::path out = dir_ / "idle.ndjson.zst";
  Child c = Spawn({SLUICE_BINARY, "-q", "-o", out.string()});
  WriteLine(c.stdin_fd, "{\"only\":1}");
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (Zstdcat(out).empty() && Clock::now() < deadline) usleep(20000);
  const auto signalled = Clock::now();
  kill(c.pid, SIGTERM);
  EXPECT_EQ(Wait(c.pid), 0);
  EXPECT_LT(Clock::now() - signalled, std::chrono::seconds(2));
  close(c.stdin_fd);
  close(c.stdout_fd);
  EXPECT_EQ(Zstdcat(out), "{\"only\":1}\n");
}

// The reader sees the mark a byte at a time, as a slow writer sends it.
TEST_F(LiveInputTest, ByteOrderMarkWrittenByteByByteIsDropped) {
  Child c = Spawn({SLUICE_BINARY, "-q", "--flush-interval", "0.2"});
  for (const char* part : {"\xEF", "\xBB", "\xBF{\"n\":1}\n"}) {
    ASSERT_EQ(write(c.stdin_fd, part, std::strlen(part)), static_cast<ssize_t>(std::strlen(part)));
    usleep(100000);
  }
  close(c.stdin_fd);
  EXPECT_EQ(Wait(c.pid), 0);
  std::string seen;
  char buf[4096];
  ssize_t n;
  while ((n = read(c.stdout_fd, buf, sizeof buf)) > 0) seen.append(buf, static_cast<size_t>(n));
  close(c.stdout_fd);
  EXPECT_EQ(seen, "{\"n\":1}\n");
}

}  // namespace
