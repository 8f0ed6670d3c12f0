#include "sink/zstd_frame_encoder.h"

#include <zstd.h>

namespace sluice {

ZstdFrameEncoder::ZstdFrameEncoder(int level) : cctx_(ZSTD_createCCtx()) {
  ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx_, ZSTD_c_checksumFlag, 1);
}

ZstdFrameEncoder::~ZstdFrameEncoder() { ZSTD_freeCCtx(cctx_); }

bool ZstdFrameEncoder::Encode(std::string_view data, std::string* frame) {
  const size_t bound = ZSTD_compressBound(data.size());
  if (bound > scratch_size_) {
    scratch_ = std::make_unique_for_overwrite<char[]>(bound);
    scratch_size_ = bound;
  }
  size_t n = ZSTD_compress2(cctx_, scratch_.get(), scratch_size_, data.data(), data.size());
  if (ZSTD_isError(n)) {
    frame->clear();
    return false;
  }
  frame->assign(scratch_.get(), n);
  return true;
}

}  // namespace sluice
