#include "sink/output_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sluice {

OutputFile::~OutputFile() {
  if (fd_ > 1) ::close(fd_);
}

bool OutputFile::Open(const std::string& path) {
  path_ = path;
  if (is_stdout()) {
    fd_ = 1;
    return true;
  }
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    error_ = path + ": cannot open for writing: " + std::strerror(errno);
    return false;
  }
  // Only a regular file is ours to remove on failure, never a device named as
  // the output (as root, unlinking /dev/full would delete the device node).
  struct stat st {};
  created_ = ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode);
  return true;
}

bool OutputFile::Write(std::string_view bytes) {
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) broken_pipe_ = true;
      error_ = DisplayName() + ": write failed: " + std::strerror(errno);
      return false;
    }
    p += n;
    left -= static_cast<size_t>(n);
    bytes_written_ += static_cast<uint64_t>(n);
  }
  return true;
}

bool OutputFile::Close(bool sync) {
  if (fd_ < 0) return true;
  bool ok = true;
  if (sync && ::fsync(fd_) != 0 && errno != EINVAL) {
    error_ = DisplayName() + ": fsync failed: " + std::strerror(errno);
    ok = false;
  }
  if (fd_ > 1 && ::close(fd_) != 0) {
    // close() can be the first to report a full disk on some file systems.
    if (ok) error_ = DisplayName() + ": close failed: " + std::strerror(errno);
    ok = false;
  }
  fd_ = -1;
  return ok;
}

void OutputFile::Abandon() {
  if (fd_ > 1) ::close(fd_);
  fd_ = -1;
  if (created_) ::unlink(path_.c_str());
  created_ = false;
}

}  // namespace sluice
