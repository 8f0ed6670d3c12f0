// JSON-lines log of the daemon; see daemon_log.h.
// Tests: tests/daemon/daemon_log_test.cpp.
#include "daemon/daemon_log.h"

#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <cerrno>
#include <mutex>

#include "core/json_text.h"

namespace sluice {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
std::atomic<int> g_fd{STDERR_FILENO};
std::mutex g_write_mutex;

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
  }
  return "info";
}

}  // namespace

LogField::LogField(std::string_view k, double v) : key(k), quoted(false) {
  if (!std::isfinite(v)) v = 0;
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  value.assign(buf, end);
}

void DaemonLog::SetLevel(LogLevel level) { g_level.store(static_cast<int>(level)); }
void DaemonLog::SetFd(int fd) { g_fd.store(fd); }

std::string DaemonLog::Format(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields,
                              int64_t unix_ms) {
  std::string line;
  line.reserve(128);
  time_t secs = static_cast<time_t>(unix_ms / 1000);
  struct tm tm {};
  gmtime_r(&secs, &tm);
  char stamp[80];
  std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(unix_ms % 1000));
  line.append("{\"time\":\"").append(stamp).append("\",\"level\":\"").append(LevelName(level));
  line.append("\",\"msg\":");
  AppendJsonString(msg, &line);
  for (const LogField& f : fields) {
    line.push_back(',');
    AppendJsonString(f.key, &line);
    line.push_back(':');
    if (f.quoted) {
      AppendJsonString(f.value, &line);
    } else {
      line.append(f.value);
    }
  }
  line.push_back('}');
  return line;
}

void DaemonLog::Write(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields) {
  if (static_cast<int>(level) < g_level.load(std::memory_order_relaxed)) return;
  const int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  std::string line = Format(level, msg, fields, ms);
  line.push_back('\n');
  std::lock_guard<std::mutex> lock(g_write_mutex);
  const int fd = g_fd.load();
  size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(fd, line.data() + done, line.size() - done);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      return;  // nowhere else to report it
    }
    done += static_cast<size_t>(n);
  }
}

}  // namespace sluice
