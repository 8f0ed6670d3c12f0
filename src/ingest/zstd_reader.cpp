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
    if (to_flush_) {
      // Given no input, the call hands over what is decoded and decodes no more.
      ZSTD_inBuffer none{in_.src, in_.pos, in_.pos};
      size_t hint = ZSTD_decompressStream(dctx_, &out, &none);
      if (ZSTD_isError(hint)) {
        error_ = name_ + ": corrupt zstd input (" + ZSTD_getErrorName(hint) + ")";
        break;
      }
      to_flush_ = out.pos == out.size;  // the output may have been too small for all of it
      continue;
    }
    if (in_.pos == in_.size && !raw_eof_) {
      if (out.pos > 0) break;  // hand over what we have before blocking on input
      ssize_t got = raw_->Read(in_buf_.get(), in_capacity_);
      if (got < 0) {
        error_ = raw_->error();
        break;
      }
      if (got == 0) {
        raw_eof_ = true;
      } else {
        in_ = {in_buf_.get(), static_cast<size_t>(got), 0};
      }
    }
    if (in_.pos == in_.size && raw_eof_) {
      if (last_hint_ != 0) error_ = name_ + ": truncated zstd input";
      break;
    }
    // Decoded with no room for output: a call that fails does not say how much
    // it wrote, so the call that may meet damage must be one that writes
    // nothing. It stops once a block is decoded into the decoder's buffer.
    ZSTD_outBuffer no_room{dst, out.pos, out.pos};
    size_t hint = ZSTD_decompressStream(dctx_, &no_room, &in_);
    if (ZSTD_isError(hint)) {
      error_ = name_ + ": corrupt zstd input (" + ZSTD_getErrorName(hint) + ")";
      break;
    }
    last_hint_ = hint;
    to_flush_ = true;
  }
  // The bytes decoded before an error go first, the error with the next call.
  if (out.pos == 0 && !error_.empty()) return -1;
  return static_cast<ssize_t>(out.pos);
}

}  // namespace sluice
