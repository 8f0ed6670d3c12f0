#include "sink/zstd_frame_encoder.h"

#include <zstd.h>

namespace sluice {

ZstdFrameEncoder::ZstdFrameEncoder(int level) : cctx_(ZSTD_createCCtx()) {
  ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx_, ZSTD_c_checksumFlag, 1);
}

ZstdFrameEncoder::~ZstdFrameEncoder() { ZSTD_freeCCtx(cctx_); }

bool ZstdFrameEncoder::Encode(std::string_view data, std::string* frame) {
  frame->resize(ZSTD_compressBound(data.size()));
  size_t n = ZSTD_compress2(cctx_, frame->data(), frame->size(), data.data(), data.size());
  if (ZSTD_isError(n)) {
    frame->clear();
    return false;
  }
  frame->resize(n);
  return true;
}

}  // namespace sluice
