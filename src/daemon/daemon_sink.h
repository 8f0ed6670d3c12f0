// DaemonSink: where the daemon's writer puts processed output, with the
// durability contract the checkpoints rely on.
//
// Contract: Append is all or nothing (a failed Append leaves no partial bytes
// behind, so it can be retried); Sync makes every appended byte durable and
// Committed() then describes exactly those bytes; Recover cuts whatever was
// appended after the committed state a previous run saved. Remote sinks
// (shipping to another system) implement the same four calls, Committed()
// naming what the remote end acknowledged.
// Thread safety: the writer thread only, except healthy(), any thread.
// Implementations: RotatingFileSink (rotating_file_sink.h), StdoutSink
// (stdout_sink.h). Tests: tests/daemon/rotating_file_sink_test.cpp.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

#include "daemon/checkpoint_store.h"

namespace sluice {

class DaemonSink {
 public:
  virtual ~DaemonSink() = default;

  // Once, before the first Append: restores `committed` (a default
  // SinkCheckpoint on a first start). False with error() set.
  virtual bool Recover(const SinkCheckpoint& committed) = 0;
  virtual bool Append(std::string_view bytes) = 0;
  virtual bool Sync() = 0;
  virtual SinkCheckpoint Committed() const = 0;
  // Rotation (for sinks that have files): due by size or age; Rotate closes
  // the active file, which must be synced, and opens the next.
  virtual bool RotationDue(std::chrono::steady_clock::time_point now) const { return false; }
  virtual bool Rotate() { return true; }
  // True if Committed() survives the process (files yes, stdout no).
  virtual bool durable() const = 0;

  const std::string& error() const { return error_; }

 protected:
  std::string error_;
};

}  // namespace sluice
