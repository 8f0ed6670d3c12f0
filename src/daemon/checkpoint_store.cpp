// The daemon's state file; see checkpoint_store.h.
// Tests: tests/daemon/checkpoint_store_test.cpp.
#include "daemon/checkpoint_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <sstream>

namespace sluice {
namespace {

constexpr const char* kMagic = "sluice-daemon-state 1";

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\n') out += "%0A";
    else out.push_back(c);
  }
  return out;
}

std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && s.compare(i, 3, "%25") == 0) {
      out.push_back('%');
      i += 2;
    } else if (s[i] == '%' && s.compare(i, 3, "%0A") == 0) {
      out.push_back('\n');
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

bool MakeDirs(const std::string& dir) {
  std::string partial;
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = dir.find('/', pos + 1);
    partial = dir.substr(0, pos);
    if (partial.empty()) continue;
    if (::mkdir(partial.c_str(), 0750) != 0 && errno != EEXIST) return false;
  }
  return true;
}

bool WriteAll(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

std::string DaemonState::Serialize() const {
  std::string out = kMagic;
  out += "\n";
  char buf[160];
  std::snprintf(buf, sizeof buf, "sink %" PRIu64 " %" PRIu64 " ", sink.next_seq, sink.committed_length);
  out += buf + Escape(sink.active_file) + "\n";
  for (const std::string& c : sink.closed_files) out += "closed " + Escape(c) + "\n";
  for (const FileCheckpoint& f : files) {
    std::snprintf(buf, sizeof buf, "file %" PRIu64 " %" PRIu64 " %u %" PRIu64 " %" PRIu64 " ", f.identity.dev,
                  f.identity.ino, f.identity.head_len, f.identity.head_hash, f.offset);
    out += buf + Escape(f.path) + "\n";
  }
  if (!journal_cursor.empty()) out += "journal " + Escape(journal_cursor) + "\n";
  out += "end\n";
  return out;
}

bool DaemonState::Parse(const std::string& text, DaemonState* out, std::string* error) {
  *out = DaemonState{};
  std::istringstream in(text);
  std::string line;
  int number = 0;
  bool ended = false;
  auto fail = [&](const std::string& why) {
    *error = "line " + std::to_string(number) + ": " + why;
    return false;
  };
  while (std::getline(in, line)) {
    ++number;
    if (number == 1) {
      if (line != kMagic) return fail("not a sluice daemon state file");
      continue;
    }
    if (ended) return fail("data after 'end'");
    if (line == "end") {
      ended = true;
      continue;
    }
    const size_t sp = line.find(' ');
    const std::string kind = line.substr(0, sp);
    const std::string rest = sp == std::string::npos ? "" : line.substr(sp + 1);
    if (kind == "sink") {
      unsigned long long seq = 0, len = 0;
      int consumed = 0;
      if (std::sscanf(rest.c_str(), "%llu %llu %n", &seq, &len, &consumed) < 2) return fail("bad sink record");
      out->sink.next_seq = seq;
      out->sink.committed_length = len;
      out->sink.active_file = Unescape(rest.substr(static_cast<size_t>(consumed)));
    } else if (kind == "closed") {
      out->sink.closed_files.push_back(Unescape(rest));
    } else if (kind == "file") {
      unsigned long long dev = 0, ino = 0, hash = 0, offset = 0;
      unsigned head_len = 0;
      int consumed = 0;
      if (std::sscanf(rest.c_str(), "%llu %llu %u %llu %llu %n", &dev, &ino, &head_len, &hash, &offset,
                      &consumed) < 5) {
        return fail("bad file record");
      }
      FileCheckpoint f;
      f.identity.dev = dev;
      f.identity.ino = ino;
      f.identity.head_len = head_len;
      f.identity.head_hash = hash;
      f.offset = offset;
      f.path = Unescape(rest.substr(static_cast<size_t>(consumed)));
      out->files.push_back(std::move(f));
    } else if (kind == "journal") {
      out->journal_cursor = Unescape(rest);
    } else {
      return fail("unknown record '" + kind + "'");
    }
  }
  if (number == 0) {
    *error = "empty";
    return false;
  }
  if (!ended) {
    *error = "incomplete (no 'end' line)";
    return false;
  }
  return true;
}

CheckpointStore::CheckpointStore(std::string dir) : dir_(std::move(dir)) {
  while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
}

CheckpointStore::~CheckpointStore() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
  if (dir_fd_ >= 0) ::close(dir_fd_);
}

bool CheckpointStore::Open() {
  if (!MakeDirs(dir_)) {
    error_ = dir_ + ": cannot create the state directory: " + std::strerror(errno);
    return false;
  }
  dir_fd_ = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd_ < 0) {
    error_ = dir_ + ": " + std::strerror(errno);
    return false;
  }
  const std::string lock_path = dir_ + "/lock";
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
  if (lock_fd_ < 0) {
    error_ = lock_path + ": " + std::strerror(errno);
    return false;
  }
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    error_ = dir_ + ": the state directory is in use by another sluice daemon";
    return false;
  }
  return true;
}

bool CheckpointStore::Load(DaemonState* state, bool* found) {
  *state = DaemonState{};
  *found = false;
  const std::string path = state_path();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return true;
    error_ = path + ": " + std::strerror(errno);
    return false;
  }
  std::string text;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error_ = path + ": " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  std::string why;
  if (!DaemonState::Parse(text, state, &why)) {
    error_ = path + ": corrupt state file (" + why + ")";
    return false;
  }
  *found = true;
  return true;
}

bool CheckpointStore::Save(const DaemonState& state) {
  const std::string path = state_path();
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) {
    error_ = tmp + ": " + std::strerror(errno);
    return false;
  }
  const bool ok = WriteAll(fd, state.Serialize()) && ::fsync(fd) == 0;
  const int saved_errno = errno;
  ::close(fd);
  if (!ok) {
    error_ = tmp + ": " + std::strerror(saved_errno);
    return false;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    error_ = path + ": " + std::strerror(errno);
    return false;
  }
  if (::fsync(dir_fd_) != 0) {
    error_ = dir_ + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace sluice
