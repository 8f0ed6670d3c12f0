// Runs a built program (the sluice binary, sluice-gen, zstd) as a user would:
// fork/exec, stdin from /dev/null, a file or a pipe, stdout and stderr captured
// through files in a scratch directory, the exit code or signal recorded.
// Every child runs under alarm(): a hung run is killed, never waited on forever.
// Shared by the CLI tests (tests/cli/).
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "testing/scratch_dir.h"

namespace sluice::testing {

inline constexpr unsigned kChildDeadlineSeconds = 120;

struct RunResult {
  int exit_code = -1;
  int signal = 0;  // set when the child was killed
  std::string out;
  std::string err;
  long max_rss_kb = 0;
};

inline std::ostream& operator<<(std::ostream& os, const RunResult& r) {
  os << "exit " << r.exit_code;
  if (r.signal) os << " (signal " << r.signal << (r.signal == SIGALRM ? ": deadline" : "") << ")";
  return os << ", stderr: " << r.err.substr(0, 2000);
}

struct Stdin {
  enum Kind { kNull, kFile, kPipe } kind = kNull;
  std::string file;  // kFile: the file; kPipe: data written through a pipe
  static Stdin Null() { return {}; }
  static Stdin File(std::string path) { return {kFile, std::move(path)}; }
  static Stdin Pipe(std::string data) { return {kPipe, std::move(data)}; }
};

inline std::vector<char*> ArgvOf(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

// In the child, between fork and exec: async-signal-safe calls only.
[[noreturn]] inline void ExecChild(int in_fd, int out_fd, int err_fd, const char* cwd, char* const* argv) {
  alarm(kChildDeadlineSeconds);
  signal(SIGPIPE, SIG_DFL);  // as a shell starts it (the tests ignore SIGPIPE)
  if (in_fd != 0) {
    dup2(in_fd, 0);
    close(in_fd);
  }
  if (out_fd != 1) {
    dup2(out_fd, 1);
    close(out_fd);
  }
  if (err_fd != 2) {
    dup2(err_fd, 2);
    close(err_fd);
  }
  if (cwd && chdir(cwd) != 0) _exit(126);
  execvp(argv[0], argv);
  _exit(127);
}

inline RunResult Finish(pid_t pid, const std::string& out_path, const std::string& err_path) {
  RunResult r;
  int status = 0;
  struct rusage usage {};
  if (wait4(pid, &status, 0, &usage) != pid) {
    ADD_FAILURE() << "wait4 failed: " << std::strerror(errno);
    return r;
  }
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.max_rss_kb = usage.ru_maxrss;
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  return r;
}

// Runs `program args...`; stdout and stderr are captured through files in `dir`.
inline RunResult RunProgram(const std::string& program, std::vector<std::string> args, const std::string& dir,
              const Stdin& in = Stdin::Null(), const std::string& cwd = "") {
  args.insert(args.begin(), program);
  std::vector<char*> argv = ArgvOf(args);
  const std::string out_path = dir + "/.stdout", err_path = dir + "/.stderr";
  int in_fd = -1;
  int pipe_fds[2] = {-1, -1};
  if (in.kind == Stdin::kFile) in_fd = open(in.file.c_str(), O_RDONLY | O_CLOEXEC);
  if (in.kind == Stdin::kNull) in_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (in.kind == Stdin::kPipe) {
    EXPECT_EQ(pipe2(pipe_fds, O_CLOEXEC), 0);
    in_fd = pipe_fds[0];
  }
  const int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  EXPECT_GE(in_fd, 0);
  EXPECT_GE(out_fd, 0);
  EXPECT_GE(err_fd, 0);
  const pid_t pid = fork();
  if (pid == 0) ExecChild(in_fd, out_fd, err_fd, cwd.empty() ? nullptr : cwd.c_str(), argv.data());
  close(in_fd);
  close(out_fd);
  close(err_fd);
  std::thread writer;
  if (in.kind == Stdin::kPipe) {
    writer = std::thread([fd = pipe_fds[1], &data = in.file] {
      size_t done = 0;
      while (done < data.size()) {
        const ssize_t n = write(fd, data.data() + done, std::min<size_t>(data.size() - done, 1 << 16));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // the reader left (EPIPE): its exit status tells
        done += static_cast<size_t>(n);
      }
      close(fd);
    });
  }
  RunResult r = Finish(pid, out_path, err_path);
  if (writer.joinable()) writer.join();
  return r;
}

inline RunResult Sluice(std::vector<std::string> args, const std::string& dir, const Stdin& in = Stdin::Null(),
                 const std::string& cwd = "") {
  return RunProgram(SLUICE_BINARY, std::move(args), dir, in, cwd);
}

}  // namespace sluice::testing
