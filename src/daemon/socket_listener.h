// SocketListener: NDJSON over TCP and unix stream sockets from many
// connections at once, and stdin, on one reader thread (poll).
//
// - Lines from all connections go into the same chunks; each connection keeps
//   its partial last line until its newline comes (or the peer closes: the
//   rest is then a line of its own).
// - A chunk is handed on when nearly full or flush_interval after its first
//   line, so a quiet client's lines reach the output promptly.
// - Backpressure: sockets are read only while a chunk is being filled and a
//   connection's buffer has room; when the pool has no free chunk nothing is
//   read, the kernel buffers fill and TCP flow control slows the senders.
//   Memory: at most max_connections buffers of max_line_bytes + 64 KiB.
// - A line longer than max_line_bytes is dropped (counted and logged).
// - Over max_connections, new connections are closed at once (counted).
// - Stopping (SIGTERM): listeners close, then every connection is read until
//   it has nothing more, so every line received before the stop is handed on.
//   Plain NDJSON has no acknowledgement: what a kill -9 loses is what was read
//   but not yet committed (see README).
// Thread safety: Open, then Fill on the reader thread.
// Tests: tests/daemon/daemon_socket_test.cpp.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "daemon/daemon_config.h"
#include "daemon/daemon_metrics.h"
#include "daemon/daemon_source.h"
#include "daemon/source_registry.h"
#include "runtime/stop_signal.h"

namespace sluice {

struct SocketListenerOptions {
  std::vector<ListenAddress> addresses;
  bool read_stdin = false;
  int max_connections = 256;
  size_t max_line_bytes = 1 << 20;
  std::chrono::milliseconds flush_interval{200};
};

class SocketListener : public DaemonSource {
 public:
  SocketListener(SocketListenerOptions options, SourceRegistry* registry, DaemonMetrics* metrics,
                 const StopSignal* stop);
  ~SocketListener() override;

  // Binds every address (a stale unix socket file is replaced). False with *error.
  bool Open(std::string* error);
  bool Fill(Chunk* chunk) override;
  const char* name() const override { return "sockets"; }

 private:
  struct Stream {
    int fd = -1;
    SourceKind kind = SourceKind::kTcp;
    std::string buffer;     // bytes read, not yet handed on (a partial line)
    bool skipping = false;  // dropping the rest of a too-long line
  };
  struct Listener {
    int fd = -1;
    SourceKind kind = SourceKind::kTcp;
    std::string unix_path;
  };

  void Accept(const Listener& l);
  // Reads once from `s`; false when the stream ended (EOF or error).
  bool ReadSome(Stream* s);
  // Moves whole lines of s->buffer into the chunk while they fit; with
  // `final`, the rest too. Returns false if the chunk is full.
  bool MoveLines(Stream* s, Chunk* chunk, bool final);
  void CloseStream(size_t index);
  void CloseListeners();

  SocketListenerOptions options_;
  SourceRegistry* registry_;
  DaemonMetrics* metrics_;
  const StopSignal* stop_;
  uint32_t source_id_ = 0;
  std::vector<Listener> listeners_;
  std::vector<Stream> streams_;
  bool draining_ = false;
};

}  // namespace sluice
