// StdoutSink: the daemon's output on standard output, for a pipe into another
// program. Not durable: a restart resends what came after the last checkpoint
// (at-least-once), since a pipe cannot be cut back.
// Thread safety: writer thread only.
// Tests: tests/daemon/daemon_cli_test.cpp (StdoutSink).
#pragma once

#include "daemon/daemon_sink.h"

namespace sluice {

class StdoutSink : public DaemonSink {
 public:
  bool Recover(const SinkCheckpoint&) override { return true; }
  bool Append(std::string_view bytes) override;
  bool Sync() override { return true; }
  SinkCheckpoint Committed() const override { return {}; }
  bool durable() const override { return false; }
};

}  // namespace sluice
