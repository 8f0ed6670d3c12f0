// NDJSON from sockets and stdin; see socket_listener.h.
// Tests: tests/daemon/daemon_socket_test.cpp.
#include "daemon/socket_listener.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "daemon/daemon_log.h"

namespace sluice {
namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kReadBytes = 64 * 1024;

int BindTcp(const std::string& host, int port, std::string* error) {
  struct addrinfo hints {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  struct addrinfo* res = nullptr;
  const std::string port_text = std::to_string(port);
  int rc = ::getaddrinfo(host.c_str(), port_text.c_str(), &hints, &res);
  if (rc != 0) {
    *error = host + ": " + gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  for (struct addrinfo* ai = res; ai; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && ::listen(fd, 128) == 0) break;
    *error = std::strerror(errno);
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(res);
  return fd;
}

int BindUnix(const std::string& path, std::string* error) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) ::unlink(path.c_str());
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    *error = std::strerror(errno);
    return -1;
  }
  struct sockaddr_un addr {};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  if (::bind(fd, reinterpret_cast<struct sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 128) != 0) {
    *error = std::strerror(errno);
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

SocketListener::SocketListener(SocketListenerOptions options, SourceRegistry* registry, DaemonMetrics* metrics,
                               const StopSignal* stop)
    : options_(std::move(options)), registry_(registry), metrics_(metrics), stop_(stop) {
  SourceEntry entry;
  entry.kind = SourceKind::kTcp;
  entry.path = "sockets";
  source_id_ = registry_->Add(entry);
}

SocketListener::~SocketListener() {
  CloseListeners();
  for (Stream& s : streams_) {
    if (s.fd > STDERR_FILENO) ::close(s.fd);
  }
}

bool SocketListener::Open(std::string* error) {
  for (const ListenAddress& a : options_.addresses) {
    Listener l;
    std::string why;
    if (a.kind == ListenAddress::Kind::kTcp) {
      l.kind = SourceKind::kTcp;
      l.fd = BindTcp(a.host, a.port, &why);
    } else {
      l.kind = SourceKind::kUnix;
      l.unix_path = a.path;
      l.fd = BindUnix(a.path, &why);
    }
    if (l.fd < 0) {
      *error = a.text + ": cannot listen: " + why;
      return false;
    }
    LogInfo("listening", {{"address", a.text}});
    listeners_.push_back(l);
  }
  if (options_.read_stdin) {
    Stream s;
    s.fd = STDIN_FILENO;
    s.kind = SourceKind::kStdin;
    streams_.push_back(std::move(s));
    metrics_->connections_open.fetch_add(1);
  }
  return true;
}

void SocketListener::CloseListeners() {
  for (Listener& l : listeners_) {
    ::close(l.fd);
    if (!l.unix_path.empty()) ::unlink(l.unix_path.c_str());
  }
  listeners_.clear();
}

void SocketListener::Accept(const Listener& l) {
  int fd = ::accept4(l.fd, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return;
  if (streams_.size() >= static_cast<size_t>(options_.max_connections)) {
    ::close(fd);
    metrics_->connections_rejected.fetch_add(1, std::memory_order_relaxed);
    LogWarn("socket: connection refused over the limit", {{"max_connections", options_.max_connections}});
    return;
  }
  Stream s;
  s.fd = fd;
  s.kind = l.kind;
  streams_.push_back(std::move(s));
  metrics_->connections_open.fetch_add(1);
}

void SocketListener::CloseStream(size_t index) {
  if (streams_[index].fd > STDERR_FILENO) ::close(streams_[index].fd);
  streams_.erase(streams_.begin() + static_cast<ptrdiff_t>(index));
  metrics_->connections_open.fetch_sub(1);
}

bool SocketListener::ReadSome(Stream* s) {
  const size_t old = s->buffer.size();
  s->buffer.resize(old + kReadBytes);
  ssize_t n;
  do {
    n = ::read(s->fd, s->buffer.data() + old, kReadBytes);
  } while (n < 0 && errno == EINTR);
  s->buffer.resize(old + (n > 0 ? static_cast<size_t>(n) : 0));
  if (n <= 0) return false;
  metrics_->AddSourceBytes(static_cast<int>(s->kind), static_cast<uint64_t>(n));
  if (s->skipping) {
    const size_t nl = s->buffer.find('\n', old);
    if (nl == std::string::npos) {
      s->buffer.resize(old);
    } else {
      s->buffer.erase(old, nl + 1 - old);
      s->skipping = false;
    }
  }
  if (s->buffer.find('\n', old) == std::string::npos && s->buffer.size() > options_.max_line_bytes) {
    metrics_->Drop(DropReason::kTooLong, 1);
    LogWarn("socket: line longer than max_line_bytes dropped", {{"max_line_bytes", options_.max_line_bytes},
                                                                 {"kind", SourceKindName(s->kind)}});
    s->buffer.clear();
    s->skipping = true;
  }
  return true;
}

bool SocketListener::MoveLines(Stream* s, Chunk* chunk, bool final) {
  if (s->buffer.empty()) return true;
  size_t end = s->buffer.rfind('\n');
  end = end == std::string::npos ? 0 : end + 1;
  if (final && end < s->buffer.size() && !s->skipping) {
    s->buffer.push_back('\n');  // the peer closed after a last line without a newline
    end = s->buffer.size();
  }
  if (end == 0) return true;
  const size_t room = chunk->capacity() - chunk->size();
  size_t take = end;
  if (take > room) {
    // Whole lines only: as many as fit.
    const void* nl = memrchr(s->buffer.data(), '\n', room);
    take = nl ? static_cast<size_t>(static_cast<const char*>(nl) - s->buffer.data()) + 1 : 0;
  }
  std::memcpy(chunk->data() + chunk->size(), s->buffer.data(), take);
  chunk->set_size(chunk->size() + take);
  s->buffer.erase(0, take);
  return take == end;
}

bool SocketListener::Fill(Chunk* chunk) {
  chunk->source = source_id_;
  Clock::time_point first_line{};
  for (;;) {
    if (stop_->raised() && !draining_) {
      draining_ = true;
      // Connections still in the accept queue have sent lines too: take them.
      for (const Listener& l : listeners_) {
        for (;;) {
          struct pollfd pfd = {l.fd, POLLIN, 0};
          if (::poll(&pfd, 1, 0) <= 0) break;
          const size_t before = streams_.size();
          Accept(l);
          if (streams_.size() == before) break;
        }
      }
      CloseListeners();
      LogInfo("sockets: stopping; reading what the connections hold", {{"connections", streams_.size()}});
    }
    if (draining_) {
      // Read each stream until it has nothing more to give, then close it.
      while (!streams_.empty()) {
        Stream& s = streams_.back();
        if (!MoveLines(&s, chunk, false)) return true;  // chunk full
        struct pollfd pfd = {s.fd, POLLIN, 0};
        bool more = ::poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLIN | POLLHUP)) && ReadSome(&s);
        if (!more) {
          if (!MoveLines(&s, chunk, true)) return true;
          CloseStream(streams_.size() - 1);
        }
      }
      return chunk->size() > 0;
    }

    std::vector<struct pollfd> fds;
    fds.push_back({stop_->fd(), POLLIN, 0});
    for (const Listener& l : listeners_) fds.push_back({l.fd, POLLIN, 0});
    const size_t first_stream = fds.size();
    for (Stream& s : streams_) {
      // A stream whose buffer is full waits until its lines fit a chunk.
      fds.push_back({s.fd, static_cast<short>(s.buffer.size() < options_.max_line_bytes + kReadBytes ? POLLIN : 0),
                     0});
    }
    int timeout_ms = 1000;
    if (chunk->size() > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(first_line + options_.flush_interval -
                                                                        Clock::now());
      if (left.count() <= 0) return true;
      timeout_ms = static_cast<int>(left.count()) + 1;
    }
    metrics_->sources_open.store(true);
    int n = ::poll(fds.data(), fds.size(), timeout_ms);
    if (n < 0 && errno != EINTR) return chunk->size() > 0;
    if (n <= 0) continue;
    if (fds[0].revents) continue;  // stop: drain next round
    for (size_t i = 1; i < first_stream; ++i) {
      if (fds[i].revents & POLLIN) Accept(listeners_[i - 1]);
    }
    // Streams, round robin; indexes shift when one closes, so walk back to front.
    bool full = false;
    for (size_t k = fds.size(); k-- > first_stream;) {
      const size_t index = k - first_stream;
      if (index >= streams_.size()) continue;
      Stream& s = streams_[index];
      if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const bool was_empty = chunk->size() == 0;
      const bool open = ReadSome(&s);
      if (!MoveLines(&s, chunk, !open)) full = true;
      if (was_empty && chunk->size() > 0) first_line = Clock::now();
      if (!open && s.buffer.empty()) CloseStream(index);
    }
    if (full || chunk->capacity() - chunk->size() < kReadBytes) return true;
  }
}

}  // namespace sluice
