#include "ingest/zstd_reader.h"

namespace sluice {

ZstdReader::ZstdReader(std::unique_ptr<ByteSource> raw, std::string name)
    : raw_(std::move(raw)),
      name_(std::move(name)),
      dctx_(ZSTD_createDCtx()),
      in_buf_(new char[ZSTD_DStreamInSize()]),
      in_capacity_(ZSTD_DStreamInSize()) {}

ZstdReader::~ZstdReader() { ZSTD_freeDCtx(dctx_); }

ssize_t ZstdReader::Read(char* dst, size_t n) {
  if (!error_.empty()) return -1;
  ZSTD_outBuffer out{dst, n, 0};
  while (out.pos < out.size) {
    if (in_.pos == in_.size && !raw_eof_) {
      if (out.pos > 0) break;  // hand over what we have before blocking on input
      ssize_t got = raw_->Read(in_buf_.get(), in_capacity_);
      if (got < 0) {
        error_ = raw_->error();
        return -1;
      }
      if (got == 0) {
        raw_eof_ = true;
      } else {
        in_ = {in_buf_.get(), static_cast<size_t>(got), 0};
      }
    }
    if (in_.pos == in_.size && raw_eof_) {
      if (last_hint_ != 0) {
        error_ = name_ + ": truncated zstd input";
        return -1;
      }
      break;
    }
    size_t before = out.pos;
    size_t hint = ZSTD_decompressStream(dctx_, &out, &in_);
    if (ZSTD_isError(hint)) {
      error_ = name_ + ": corrupt zstd input (" + ZSTD_getErrorName(hint) + ")";
      return -1;
    }
    last_hint_ = hint;
    if (out.pos == before && in_.pos == in_.size && raw_eof_ && hint != 0) {
      error_ = name_ + ": truncated zstd input";
      return -1;
    }
  }
  return static_cast<ssize_t>(out.pos);
}

}  // namespace sluice
