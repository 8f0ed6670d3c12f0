// Test harness for the daemon's end-to-end tests: a temporary directory, the
// built binary started as a child process, waits on conditions with
// deadlines, the output decoded (a trailing frame still being written is
// ignored), and HTTP GETs on loopback.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zstd.h>

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace sluice::testing {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/sluice-daemon-test-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    if (std::getenv("SLUICE_KEEP_TEST_DIRS")) return;  // for debugging a failure
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Polls `cond` every 20 ms until it holds or `timeout` passes.
inline bool WaitFor(const std::function<bool()>& cond, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return cond();
}

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class DaemonProcess {
 public:
  // Runs `sluice daemon ARGS...` with stderr to `log_path`.
  // `env`: NAME=VALUE settings for the child.
  DaemonProcess(const std::vector<std::string>& args, const std::string& log_path, int stdin_fd = -1,
                const std::vector<std::string>& env = {}) {
    pid_ = ::fork();
    if (pid_ == 0) {
      for (const std::string& e : env) ::putenv(const_cast<char*>(e.c_str()));
      int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      ::dup2(fd, STDERR_FILENO);
      if (stdin_fd >= 0) ::dup2(stdin_fd, STDIN_FILENO);
      int devnull = ::open("/dev/null", O_RDWR);
      if (stdin_fd < 0) ::dup2(devnull, STDIN_FILENO);
      ::dup2(devnull, STDOUT_FILENO);
      std::vector<char*> argv;
      std::string bin = SLUICE_BINARY;
      std::string sub = "daemon";
      argv.push_back(bin.data());
      argv.push_back(sub.data());
      std::vector<std::string> copy = args;
      for (std::string& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(bin.c_str(), argv.data());
      ::_exit(127);
    }
  }
  ~DaemonProcess() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  pid_t pid() const { return pid_; }
  void Signal(int sig) { ::kill(pid_, sig); }
  // Waits for the exit; returns the exit code, 128+signal, or -1 on timeout.
  int Wait(std::chrono::milliseconds timeout) {
    int status = 0;
    bool done = WaitFor([&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; }, timeout);
    if (!done) return -1;
    exited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  bool running() {
    if (exited_) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) exited_ = true;
    return !exited_;
  }

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
};

// Decodes the zstd frames of `path`; stops at a frame still being written
// (then *clean is set to false).
inline std::string DecodeZstdFile(const std::string& path, bool* clean = nullptr) {
  std::string in = ReadFile(path);
  std::string out;
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  size_t pos = 0;
  while (pos < in.size()) {
    size_t frame = ZSTD_findFrameCompressedSize(in.data() + pos, in.size() - pos);
    if (ZSTD_isError(frame)) break;
    unsigned long long size = ZSTD_getFrameContentSize(in.data() + pos, frame);
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) break;
    std::string buf(size, '\0');
    size_t got = ZSTD_decompressDCtx(dctx, buf.data(), buf.size(), in.data() + pos, frame);
    if (ZSTD_isError(got)) break;
    out.append(buf.data(), got);
    pos += frame;
  }
  if (clean && pos != in.size()) *clean = false;
  ZSTD_freeDCtx(dctx);
  return out;
}

// Every output file in `dir`, in name order, decoded and concatenated.
inline std::string ReadOutputDir(const std::string& dir, bool* clean = nullptr) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) names.push_back(e.path().string());
  std::sort(names.begin(), names.end());
  std::string all;
  for (const std::string& n : names) {
    if (n.size() > 4 && n.compare(n.size() - 4, 4, ".zst") == 0) all += DecodeZstdFile(n, clean);
    else all += ReadFile(n);
  }
  return all;
}

// How many times `needle` occurs in the file at `path`.
inline size_t CountInFile(const std::string& path, const std::string& needle) {
  const std::string text = ReadFile(path);
  size_t n = 0;
  for (size_t pos = 0; (pos = text.find(needle, pos)) != std::string::npos; pos += needle.size()) ++n;
  return n;
}

// Counts of the integer field `"key":N` over the lines of `text`.
inline std::map<uint64_t, int> CountNumbers(const std::string& text, const std::string& key = "n") {
  std::map<uint64_t, int> counts;
  const std::string needle = "\"" + key + "\":";
  size_t pos = 0;
  while ((pos = text.find(needle, pos)) != std::string::npos) {
    pos += needle.size();
    counts[std::strtoull(text.c_str() + pos, nullptr, 10)]++;
  }
  return counts;
}

// A port on 127.0.0.1 free right now (bound to port 0, then closed).
inline int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<struct sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<struct sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// GET http://127.0.0.1:port/path; status 0 if no answer.
inline int HttpGet(int port, const std::string& path, std::string* body = nullptr) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(1, 0);
  client.set_read_timeout(5, 0);
  auto res = client.Get(path);
  if (!res) return 0;
  if (body) *body = res->body;
  return res->status;
}

// The value of an unlabelled sample `name` in Prometheus text; -1 if absent.
inline double MetricValue(const std::string& text, const std::string& name) {
  size_t pos = 0;
  while ((pos = text.find(name + " ", pos)) != std::string::npos) {
    if (pos == 0 || text[pos - 1] == '\n') return std::strtod(text.c_str() + pos + name.size() + 1, nullptr);
    pos += name.size();
  }
  return -1;
}

inline double ScrapeMetric(int port, const std::string& name) {
  std::string body;
  if (HttpGet(port, "/metrics", &body) != 200) return -1;
  return MetricValue(body, name);
}

// Sends `text` to 127.0.0.1:port over one TCP connection, then closes it.
inline bool SendTcp(int port, const std::string& text) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr {};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
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

}  // namespace sluice::testing
