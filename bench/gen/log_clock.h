// LogClock: the generated logs' wall clock, and the ways log libraries write
// instants (ISO 8601, nginx $time_local, epoch seconds/ms/us) and durations
// (Go's time.Duration.String()). The calendar text is cached per second, since
// a second of logs holds hundreds of lines. Tests: tests/gen/log_clock_test.cpp.
#pragma once

#include <cstdint>

#include "gen/json_buffer.h"

namespace sluice::gen {

class LogClock {
 public:
  explicit LogClock(int64_t start_epoch_us) : now_us_(start_epoch_us) {}

  void Advance(int64_t us) { now_us_ += us; }
  int64_t now_us() const { return now_us_; }

  // "2026-11-23T13:24:08.123456Z" with `fraction_digits` (0, 3 or 6) digits.
  void AppendIso(JsonBuffer* out, int fraction_digits);
  // nginx $time_local in UTC: "23/Nov/2026:13:24:08 +0000".
  void AppendNginx(JsonBuffer* out);
  // Epoch seconds with `decimals` (0..6) digits: "1795440248.123".
  void AppendEpochSeconds(JsonBuffer* out, int decimals);
  void AppendEpochMillis(JsonBuffer* out) { out->Int(now_us_ / 1000); }
  void AppendEpochMicros(JsonBuffer* out) { out->Int(now_us_); }

 private:
  void Refresh();

  int64_t now_us_;
  int64_t cached_second_ = -1;
  char iso_[19];    // 2026-11-23T13:24:08
  char nginx_[26];  // 23/Nov/2026:13:24:08 +0000
};

// Go's time.Duration.String(): "850ns", "350µs", "12.345ms", "1.2s", "1m2.5s",
// "1h0m0s". ascii_micro writes "us" instead of "µs" (some loggers do).
void AppendGoDuration(int64_t ns, bool ascii_micro, JsonBuffer* out);

}  // namespace sluice::gen
