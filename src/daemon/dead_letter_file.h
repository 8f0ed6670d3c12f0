// DeadLetterFile: the daemon's dead letter. Malformed lines, scrubbed of
// secrets by the workers, are appended as JSON lines (sink/dead_letter_line.h)
// naming the source they came from, and for a tailed file the byte offset of
// the line, so that an operator can find and fix what a service wrote.
//
// Why a plain appended file: the dead letter is for people, not for the
// exactly-once output; it is not cut back on restart, so a crash may repeat
// the entries of the chunks written after the last checkpoint (at least once).
// A write error (disk full) is logged at most every 10 s and the entry is
// counted in sluice_daemon_dropped_lines_total{reason="dead_letter"}; it never
// stalls the output.
// Thread safety: the writer thread only.
// Tests: tests/daemon/daemon_dead_letter_test.cpp.
#pragma once

#include <chrono>
#include <string>

#include "core/chunk.h"
#include "daemon/daemon_metrics.h"
#include "daemon/source_registry.h"

namespace sluice {

class DeadLetterFile {
 public:
  DeadLetterFile() = default;
  ~DeadLetterFile();
  DeadLetterFile(const DeadLetterFile&) = delete;
  DeadLetterFile& operator=(const DeadLetterFile&) = delete;

  // Opens `path` for appending (created 0640 if missing); false with *error.
  bool Open(const std::string& path, std::string* error);
  // Appends the chunk's malformed lines.
  void Write(const Chunk& chunk, const SourceRegistry& registry, DaemonMetrics* metrics);

 private:
  int fd_ = -1;
  std::string path_;
  std::string buffer_;
  std::chrono::steady_clock::time_point last_error_log_{};
};

}  // namespace sluice
