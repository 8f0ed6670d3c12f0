// HttpServer: the daemon's HTTP endpoints, served by cpp-httplib on a thread
// of its own.
//   GET /metrics       Prometheus text (format 0.0.4): the batch families of
//                      metrics/prometheus_writer.h over every record the
//                      daemon processed, then the daemon's own (daemon_metrics.h)
//   GET /health/live   200 "ok" while the process serves requests
//   GET /health/ready  200 "ready" when the sources are open and the sink
//                      writable, else 503 with the reason
// Why a library: HTTP parsing is not this project's business; cpp-httplib is
// a Debian package and needs no event loop of ours.
// Thread safety: Start/Stop from the daemon's main thread; the handlers read
// only snapshots and atomics.
// Tests: tests/daemon/daemon_http_test.cpp.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace sluice {

class HttpServer {
 public:
  // `metrics_text` builds the /metrics body; `ready` answers /health/ready
  // (false with a reason).
  HttpServer(std::function<std::string()> metrics_text, std::function<bool(std::string*)> ready);
  ~HttpServer();

  // Binds host:port and starts serving. False with *error if it cannot bind.
  bool Start(const std::string& host, int port, std::string* error);
  void Stop();
  int port() const { return port_; }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::function<std::string()> metrics_text_;
  std::function<bool(std::string*)> ready_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace sluice
