// RotatingFileSink: the daemon's output files in one directory, rotated by
// size and age, named by a pattern, with a retention count.
//
// Names: the pattern goes through strftime (UTC) with "{seq}" replaced by a
// six-digit sequence number that only grows (inserted before the first '.'
// when the pattern lacks it), e.g. sluice-20240501T120000-000042.ndjson.zst.
// The active file is appended to in place; readers see whole zstd frames up
// to the last one being written. Recover truncates the active file to its
// committed length, so a crash leaves no uncommitted tail behind.
// Errors (disk full, permissions): Append cuts its partial bytes and fails;
// the caller retries (CheckpointWriter backs off and pauses reading).
// Thread safety: writer thread only.
// Tests: tests/daemon/rotating_file_sink_test.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "daemon/daemon_sink.h"

namespace sluice {

struct RotatingFileOptions {
  std::string dir;
  std::string pattern = "sluice-%Y%m%dT%H%M%S-{seq}.ndjson.zst";
  uint64_t max_bytes = 0;        // 0: no size rotation
  double max_age_seconds = 0;    // 0: no age rotation
  int retain = 0;                // closed files kept; 0: all
};

class RotatingFileSink : public DaemonSink {
 public:
  explicit RotatingFileSink(RotatingFileOptions options);
  ~RotatingFileSink() override;

  bool Recover(const SinkCheckpoint& committed) override;
  bool Append(std::string_view bytes) override;
  bool Sync() override;
  SinkCheckpoint Committed() const override;
  bool RotationDue(std::chrono::steady_clock::time_point now) const override;
  bool Rotate() override;
  bool durable() const override { return true; }

  // Changes size/age/retention (a reload); the directory and pattern stay.
  void SetLimits(uint64_t max_bytes, double max_age_seconds, int retain);
  std::string active_path() const { return options_.dir + "/" + active_; }
  uint64_t length() const { return length_; }

  // The file name for sequence number `seq` at `unix_seconds`.
  static std::string FormatName(const std::string& pattern, uint64_t seq, int64_t unix_seconds);

 private:
  bool OpenNew();
  void ApplyRetention();

  RotatingFileOptions options_;
  int fd_ = -1;
  int dir_fd_ = -1;
  std::string active_;
  uint64_t length_ = 0;            // appended
  uint64_t committed_length_ = 0;  // synced
  uint64_t next_seq_ = 0;
  std::vector<std::string> closed_;
  std::chrono::steady_clock::time_point opened_at_;
};

}  // namespace sluice
