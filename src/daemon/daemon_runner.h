// DaemonRunner: `sluice daemon`: wires the sources, workers, writer, sink,
// checkpoints and HTTP endpoints together and runs until SIGTERM.
//
// Start-up order: lock and read the state dir; cut the output back to its
// committed length (RotatingFileSink::Recover); bind the listeners and the
// HTTP port; start the stages; tell systemd READY=1. Any failure before that
// is a clear error and a non-zero exit, nothing half-started.
// Signals (handled on a thread of their own with sigtimedwait, all other
// threads block them): SIGTERM/SIGINT drain and exit 0; SIGHUP reloads the
// config and rules (redaction rules, tail globs, log level; other changes are
// logged as needing a restart); a bad new config is refused, the old one kept.
// systemd: READY=1, STOPPING=1, RELOADING=1, WATCHDOG=1 (while the writer
// thread makes progress, so a wedged writer gets restarted), STATUS=.
// Thread safety: Run once, on the main thread.
// Tests: tests/daemon/ (daemon_crash_test, daemon_socket_test, daemon_http_test,
// daemon_reload_test run the built binary).
#pragma once

#include <functional>

#include "daemon/daemon_config.h"

namespace sluice {

enum class DaemonExit { kOk = 0, kStartFailed = 1, kBadConfig = 2, kOutputFailed = 3 };

class DaemonRunner {
 public:
  // `reload` reads the config again (file, then flags) for SIGHUP; it throws
  // ConfigError for a bad one.
  DaemonRunner(DaemonConfig config, std::function<DaemonConfig()> reload);
  DaemonExit Run();

 private:
  DaemonConfig config_;
  std::function<DaemonConfig()> reload_;
};

}  // namespace sluice
