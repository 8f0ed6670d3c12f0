// GzipReader: decompresses a gzip stream (zlib), including files made of
// several concatenated gzip members, as `gzip -d` does. A stream that ends in
// the middle of a member is an error ("truncated gzip input"), never a silent
// short read; damaged data, or bytes after the last member, too ("corrupt gzip
// input"). Either comes after every byte decoded before it.
// Tests: tests/ingest/input_opener_test.cpp.
#pragma once

#include <memory>
#include <string>
#include <zlib.h>

#include "ingest/byte_source.h"

namespace sluice {

class GzipReader : public ByteSource {
 public:
  GzipReader(std::unique_ptr<ByteSource> raw, std::string name);
  ~GzipReader() override;

  ssize_t Read(char* dst, size_t n) override;
  uint64_t raw_bytes_read() const override { return raw_->raw_bytes_read(); }

 private:
  std::unique_ptr<ByteSource> raw_;
  std::string name_;
  z_stream zs_{};
  std::unique_ptr<char[]> in_;
  bool member_open_ = false;  // inside a gzip member that has not ended yet
  bool raw_eof_ = false;
};

}  // namespace sluice
