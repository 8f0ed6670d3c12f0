// File identity by device, inode and head hash; see file_identity.h.
// Tests: tests/daemon/file_identity_test.cpp.
#include "daemon/file_identity.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace sluice {
namespace {

// Reads up to `n` bytes at offset 0; returns how many, or -1.
ssize_t ReadHead(int fd, char* buf, size_t n) {
  size_t done = 0;
  while (done < n) {
    ssize_t got = ::pread(fd, buf + done, n - done, static_cast<off_t>(done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return -1;
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  return static_cast<ssize_t>(done);
}

}  // namespace

uint64_t HashBytes(const char* data, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; ++i) {
    h ^= static_cast<unsigned char>(data[i]);
    h *= 1099511628211ull;
  }
  return h;
}

bool ReadFileIdentity(int fd, FileIdentity* out) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return false;
  out->dev = static_cast<uint64_t>(st.st_dev);
  out->ino = static_cast<uint64_t>(st.st_ino);
  char buf[FileIdentity::kHeadBytes];
  ssize_t got = ReadHead(fd, buf, sizeof buf);
  if (got < 0) return false;
  out->head_len = static_cast<uint32_t>(got);
  out->head_hash = HashBytes(buf, static_cast<size_t>(got));
  return true;
}

bool HeadMatches(int fd, const FileIdentity& id) {
  char buf[FileIdentity::kHeadBytes];
  const size_t want = std::min<size_t>(id.head_len, sizeof buf);
  ssize_t got = ReadHead(fd, buf, want);
  if (got < 0 || static_cast<size_t>(got) < want) return false;
  return HashBytes(buf, want) == id.head_hash;
}

}  // namespace sluice
