// FdReader: reads a file descriptor (a file, stdin, a pipe), retrying on EINTR.
// It can hand back bytes already peeked at (for format detection) before
// reading more, so detection costs no seek and works on pipes.
// Tests: tests/ingest/input_opener_test.cpp.
#pragma once

#include <string>

#include "ingest/byte_source.h"

namespace sluice {

class FdReader : public ByteSource {
 public:
  // Takes ownership of fd unless it is 0 (stdin). `name` is used in errors.
  FdReader(int fd, std::string name);
  ~FdReader() override;

  ssize_t Read(char* dst, size_t n) override;
  uint64_t raw_bytes_read() const override { return raw_bytes_; }
  int poll_fd() const override {
    return streaming_ && peeked_pos_ >= peeked_.size() ? fd_ : -1;
  }

  // Reads up to n bytes and keeps them to be returned again by Read.
  ssize_t Peek(char* dst, size_t n);

 private:
  ssize_t ReadFd(char* dst, size_t n);

  int fd_;
  bool streaming_ = false;  // not a regular file: reads may wait for a writer
  std::string name_;
  std::string peeked_;
  size_t peeked_pos_ = 0;
  uint64_t raw_bytes_ = 0;
};

}  // namespace sluice
