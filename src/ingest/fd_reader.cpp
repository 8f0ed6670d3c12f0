#include "ingest/fd_reader.h"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace sluice {

FdReader::FdReader(int fd, std::string name) : fd_(fd), name_(std::move(name)) {
  struct stat st {};
  streaming_ = ::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode);
}

FdReader::~FdReader() {
  if (fd_ > 0) ::close(fd_);
}

ssize_t FdReader::ReadFd(char* dst, size_t n) {
  for (;;) {
    ssize_t got = ::read(fd_, dst, n);
    if (got >= 0) {
      raw_bytes_ += static_cast<uint64_t>(got);
      return got;
    }
    if (errno == EINTR) continue;
    error_ = name_ + ": read failed: " + std::strerror(errno);
    return -1;
  }
}

ssize_t FdReader::Peek(char* dst, size_t n) {
  size_t have = 0;
  while (have < n) {
    ssize_t got = ReadFd(dst + have, n - have);
    if (got < 0) return -1;
    if (got == 0) break;
    have += static_cast<size_t>(got);
  }
  peeked_.assign(dst, have);
  peeked_pos_ = 0;
  return static_cast<ssize_t>(have);
}

ssize_t FdReader::Read(char* dst, size_t n) {
  if (peeked_pos_ < peeked_.size()) {
    size_t take = std::min(n, peeked_.size() - peeked_pos_);
    std::memcpy(dst, peeked_.data() + peeked_pos_, take);
    peeked_pos_ += take;
    return static_cast<ssize_t>(take);
  }
  return ReadFd(dst, n);
}

}  // namespace sluice
