// DaemonLog: the daemon's own log, one JSON object per line on stderr:
//   {"time":"2024-05-01T12:00:00.123Z","level":"info","msg":"tailing","path":"/var/log/a.log"}
//
// Why: journald and log shippers read JSON lines without a parser per
// message format; fields stay machine-readable (numbers unquoted). One write()
// per line, under a mutex, so lines from different threads never interleave.
// Thread safety: every function may be called from any thread (not from a
// signal handler).
// Tests: tests/daemon/daemon_log_test.cpp.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace sluice {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

struct LogField {
  LogField(std::string_view k, std::string_view v) : key(k), value(v), quoted(true) {}
  LogField(std::string_view k, const std::string& v) : key(k), value(v), quoted(true) {}
  LogField(std::string_view k, const char* v) : key(k), value(v), quoted(true) {}
  LogField(std::string_view k, uint64_t v) : key(k), value(std::to_string(v)), quoted(false) {}
  LogField(std::string_view k, int64_t v) : key(k), value(std::to_string(v)), quoted(false) {}
  LogField(std::string_view k, int v) : key(k), value(std::to_string(v)), quoted(false) {}
  LogField(std::string_view k, unsigned v) : key(k), value(std::to_string(v)), quoted(false) {}
  LogField(std::string_view k, double v);
  LogField(std::string_view k, bool v) : key(k), value(v ? "true" : "false"), quoted(false) {}

  std::string_view key;
  std::string value;
  bool quoted;
};

class DaemonLog {
 public:
  // Lines below `level` are not written. Default: kInfo.
  static void SetLevel(LogLevel level);
  // Sends lines to `fd` instead of stderr (tests).
  static void SetFd(int fd);
  static void Write(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields = {});
  // The line Write would print, without the trailing newline.
  static std::string Format(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields,
                            int64_t unix_ms);
};

inline void LogDebug(std::string_view msg, std::initializer_list<LogField> f = {}) {
  DaemonLog::Write(LogLevel::kDebug, msg, f);
}
inline void LogInfo(std::string_view msg, std::initializer_list<LogField> f = {}) {
  DaemonLog::Write(LogLevel::kInfo, msg, f);
}
inline void LogWarn(std::string_view msg, std::initializer_list<LogField> f = {}) {
  DaemonLog::Write(LogLevel::kWarn, msg, f);
}
inline void LogError(std::string_view msg, std::initializer_list<LogField> f = {}) {
  DaemonLog::Write(LogLevel::kError, msg, f);
}

}  // namespace sluice
