// ZstdReader: decompresses a zstd stream, including concatenated and skippable
// frames (what sluice itself writes: one frame per chunk). A stream that ends
// inside a frame is an error ("truncated zstd input"); damaged data, or bytes
// after the last frame, too ("corrupt zstd input"). Either comes after every
// block decoded before it.
// Tests: tests/ingest/input_opener_test.cpp.
#pragma once

#include <memory>
#include <string>
#include <zstd.h>

#include "ingest/byte_source.h"

namespace sluice {

class ZstdReader : public ByteSource {
 public:
  ZstdReader(std::unique_ptr<ByteSource> raw, std::string name);
  ~ZstdReader() override;

  ssize_t Read(char* dst, size_t n) override;
  uint64_t raw_bytes_read() const override { return raw_->raw_bytes_read(); }

 private:
  std::unique_ptr<ByteSource> raw_;
  std::string name_;
  ZSTD_DCtx* dctx_;
  std::unique_ptr<char[]> in_buf_;
  size_t in_capacity_;
  ZSTD_inBuffer in_{nullptr, 0, 0};
  bool raw_eof_ = false;
  size_t last_hint_ = 0;  // 0 once a frame is complete
  bool to_flush_ = false;  // the decoder may hold decoded bytes not handed over yet
};

}  // namespace sluice
