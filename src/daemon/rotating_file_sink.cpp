// Rotating output files; see rotating_file_sink.h.
// Tests: tests/daemon/rotating_file_sink_test.cpp.
#include "daemon/rotating_file_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "daemon/daemon_log.h"

namespace sluice {
namespace {

bool MakeDirs(const std::string& dir) {
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = dir.find('/', pos + 1);
    std::string partial = dir.substr(0, pos);
    if (partial.empty()) continue;
    if (::mkdir(partial.c_str(), 0750) != 0 && errno != EEXIST) return false;
  }
  return true;
}

}  // namespace

RotatingFileSink::RotatingFileSink(RotatingFileOptions options) : options_(std::move(options)) {
  while (options_.dir.size() > 1 && options_.dir.back() == '/') options_.dir.pop_back();
}

RotatingFileSink::~RotatingFileSink() {
  if (fd_ >= 0) ::close(fd_);
  if (dir_fd_ >= 0) ::close(dir_fd_);
}

std::string RotatingFileSink::FormatName(const std::string& pattern, uint64_t seq, int64_t unix_seconds) {
  std::string p = pattern;
  if (p.find("{seq}") == std::string::npos) {
    size_t dot = p.find('.');
    p.insert(dot == std::string::npos ? p.size() : dot, "-{seq}");
  }
  char seq_text[32];
  std::snprintf(seq_text, sizeof seq_text, "%06llu", static_cast<unsigned long long>(seq));
  for (size_t at; (at = p.find("{seq}")) != std::string::npos;) p.replace(at, 5, seq_text);
  time_t t = static_cast<time_t>(unix_seconds);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char out[512];
  size_t n = std::strftime(out, sizeof out, p.c_str(), &tm);
  return n ? std::string(out, n) : p;
}

void RotatingFileSink::SetLimits(uint64_t max_bytes, double max_age_seconds, int retain) {
  options_.max_bytes = max_bytes;
  options_.max_age_seconds = max_age_seconds;
  options_.retain = retain;
}

bool RotatingFileSink::OpenNew() {
  const std::string name = FormatName(options_.pattern, next_seq_, static_cast<int64_t>(std::time(nullptr)));
  const std::string path = options_.dir + "/" + name;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) {
    error_ = path + ": " + std::strerror(errno);
    return false;
  }
  if (::fsync(dir_fd_) != 0) {
    error_ = options_.dir + ": " + std::strerror(errno);
    ::close(fd);
    return false;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  active_ = name;
  ++next_seq_;
  length_ = committed_length_ = 0;
  opened_at_ = std::chrono::steady_clock::now();
  return true;
}

bool RotatingFileSink::Recover(const SinkCheckpoint& committed) {
  if (!MakeDirs(options_.dir)) {
    error_ = options_.dir + ": cannot create the output directory: " + std::strerror(errno);
    return false;
  }
  if (dir_fd_ < 0) dir_fd_ = ::open(options_.dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd_ < 0) {
    error_ = options_.dir + ": " + std::strerror(errno);
    return false;
  }
  next_seq_ = committed.next_seq;
  closed_ = committed.closed_files;
  if (committed.active_file.empty()) return OpenNew();
  active_ = committed.active_file;
  const std::string path = active_path();
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0640);
  if (fd_ < 0) {
    error_ = path + ": " + std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    error_ = path + ": " + std::strerror(errno);
    return false;
  }
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size > committed.committed_length) {
    if (::ftruncate(fd_, static_cast<off_t>(committed.committed_length)) != 0 || ::fsync(fd_) != 0) {
      error_ = path + ": cannot cut the uncommitted tail: " + std::strerror(errno);
      return false;
    }
    LogInfo("output: cut the uncommitted tail",
            {{"path", path}, {"committed", committed.committed_length}, {"cut", size - committed.committed_length}});
    length_ = committed.committed_length;
  } else if (size < committed.committed_length) {
    LogError("output: file shorter than its committed length (changed outside sluice)",
             {{"path", path}, {"committed", committed.committed_length}, {"size", size}});
    length_ = size;
  } else {
    length_ = size;
  }
  committed_length_ = length_;
  opened_at_ = std::chrono::steady_clock::now();
  return true;
}

bool RotatingFileSink::Append(std::string_view bytes) {
  if (fd_ < 0 && !OpenNew()) return false;
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(length_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = active_path() + ": " + std::strerror(n < 0 ? errno : EIO);
      // Cut what part of the frame got in, so a retry appends it whole.
      if (::ftruncate(fd_, static_cast<off_t>(length_)) != 0) {
        // Left for Recover: the tail past the committed length is cut on restart.
      }
      return false;
    }
    done += static_cast<size_t>(n);
  }
  length_ += bytes.size();
  return true;
}

bool RotatingFileSink::Sync() {
  if (fd_ < 0) return true;
  if (length_ == committed_length_) return true;
  if (::fdatasync(fd_) != 0) {
    error_ = active_path() + ": fsync: " + std::strerror(errno);
    return false;
  }
  committed_length_ = length_;
  return true;
}

SinkCheckpoint RotatingFileSink::Committed() const {
  SinkCheckpoint c;
  c.active_file = active_;
  c.committed_length = committed_length_;
  c.next_seq = next_seq_;
  if (options_.retain > 0) c.closed_files = closed_;
  return c;
}

bool RotatingFileSink::RotationDue(std::chrono::steady_clock::time_point now) const {
  if (fd_ < 0 || length_ == 0) return false;
  if (options_.max_bytes > 0 && length_ >= options_.max_bytes) return true;
  return options_.max_age_seconds > 0 &&
         std::chrono::duration<double>(now - opened_at_).count() >= options_.max_age_seconds;
}

void RotatingFileSink::ApplyRetention() {
  if (options_.retain <= 0) {
    closed_.clear();
    return;
  }
  while (closed_.size() > static_cast<size_t>(options_.retain)) {
    const std::string path = options_.dir + "/" + closed_.front();
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
      LogWarn("output: cannot remove an old file", {{"path", path}, {"error", std::strerror(errno)}});
    } else {
      LogInfo("output: removed an old file (retention)", {{"path", path}});
    }
    closed_.erase(closed_.begin());
  }
}

bool RotatingFileSink::Rotate() {
  const std::string old = active_;
  const uint64_t old_length = length_;
  if (!OpenNew()) return false;
  if (!old.empty()) {
    closed_.push_back(old);
    LogInfo("output: rotated", {{"closed", options_.dir + "/" + old}, {"bytes", old_length},
                                {"opened", active_path()}});
  }
  ApplyRetention();
  return true;
}

}  // namespace sluice
