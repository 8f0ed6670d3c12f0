// FileIdentity: how the daemon recognises a file across renames and restarts:
// device + inode + a hash of its first bytes.
//
// Why not the inode alone: after rotation a deleted file's inode number is
// soon given to a new file; resuming that one at the old offset would skip its
// first lines. The head hash covers the first min(size, kHeadBytes) bytes and
// head_len says how many; it is extended as a young file grows, and a file
// matches only if it has at least head_len bytes that hash the same.
// Tests: tests/daemon/file_identity_test.cpp.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sluice {

struct FileIdentity {
  static constexpr uint32_t kHeadBytes = 1024;

  uint64_t dev = 0;
  uint64_t ino = 0;
  uint32_t head_len = 0;
  uint64_t head_hash = 0;

  bool SameInode(const FileIdentity& o) const { return dev == o.dev && ino == o.ino; }
};

// FNV-1a 64 of `n` bytes.
uint64_t HashBytes(const char* data, size_t n);

// Reads fd's dev/ino (fstat) and the hash of its first min(size, kHeadBytes)
// bytes (pread). False on an I/O error.
bool ReadFileIdentity(int fd, FileIdentity* out);

// True if the file open as `fd` still starts with the bytes `id` hashed: it
// has at least id.head_len bytes and their hash is id.head_hash.
bool HeadMatches(int fd, const FileIdentity& id);

}  // namespace sluice
