// ByteSource: a stream of input bytes (a plain file, stdin, or a decompressor
// over either). The reader thread pulls from it straight into chunk buffers.
// Errors are values: Read returns -1 and error() says why, naming the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <sys/types.h>

namespace sluice {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes (n > 0) into dst: the count read, 0 at the end of the
  // input, or -1 on error. A call that meets an error after decoding some bytes
  // returns them, and -1 comes with the next call: no byte before damage is lost.
  virtual ssize_t Read(char* dst, size_t n) = 0;
  virtual const std::string& error() const { return error_; }
  // Bytes consumed from the underlying file so far (compressed bytes for a
  // compressed input): for progress against the file's size.
  virtual uint64_t raw_bytes_read() const = 0;
  // A descriptor to poll() before Read when input may trickle in (a pipe, a
  // terminal, a socket), or -1 when Read never waits long (regular files,
  // decompressors).
  virtual int poll_fd() const { return -1; }

 protected:
  std::string error_;
};

}  // namespace sluice
