// The daemon's HTTP endpoints; see http_server.h.
// Tests: tests/daemon/daemon_http_test.cpp.
#include "daemon/http_server.h"

#include <httplib.h>

#include "runtime/thread_name.h"

namespace sluice {

HttpServer::HttpServer(std::function<std::string()> metrics_text, std::function<bool(std::string*)> ready)
    : server_(std::make_unique<httplib::Server>()), metrics_text_(std::move(metrics_text)), ready_(std::move(ready)) {
  server_->new_task_queue = [] { return new httplib::ThreadPool(2); };
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics_text_(), "text/plain; version=0.0.4; charset=utf-8");
  });
  server_->Get("/health/live", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
  server_->Get("/health/ready", [this](const httplib::Request&, httplib::Response& res) {
    std::string why;
    if (ready_(&why)) {
      res.set_content("ready\n", "text/plain");
    } else {
      res.status = 503;
      res.set_content("not ready: " + why + "\n", "text/plain");
    }
  });
}

HttpServer::~HttpServer() { Stop(); }

bool HttpServer::Start(const std::string& host, int port, std::string* error) {
  if (port == 0) {
    port_ = server_->bind_to_any_port(host);
  } else {
    port_ = server_->bind_to_port(host, port) ? port : -1;
  }
  if (port_ <= 0) {
    *error = host + ":" + std::to_string(port) + ": cannot listen for HTTP";
    return false;
  }
  thread_ = std::thread([this] {
    SetThreadName(ThreadRole::kHttp);
    server_->listen_after_bind();
  });
  return true;
}

void HttpServer::Stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

}  // namespace sluice
