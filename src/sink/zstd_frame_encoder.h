// ZstdFrameEncoder: compresses one chunk's output into one complete zstd frame.
//
// Why per chunk, in the worker: compression then scales with the workers; the
// frames, concatenated in order, form one valid zstd stream (zstd -d and
// zstdcat read it as one); and every frame written is readable on its own, so
// a run killed half-way leaves a file that decompresses up to the last frame.
// Thread safety: one encoder per worker (it owns a compression context).
// Tests: tests/sink/zstd_frame_encoder_test.cpp.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

struct ZSTD_CCtx_s;

namespace sluice {

class ZstdFrameEncoder {
 public:
  explicit ZstdFrameEncoder(int level);
  ~ZstdFrameEncoder();
  ZstdFrameEncoder(const ZstdFrameEncoder&) = delete;
  ZstdFrameEncoder& operator=(const ZstdFrameEncoder&) = delete;

  // Replaces *frame with `data` compressed as one frame (with its content size
  // and a checksum). Returns false (and an empty frame) only if zstd fails.
  bool Encode(std::string_view data, std::string* frame);

 private:
  ZSTD_CCtx_s* cctx_;
  // zstd writes here, then the frame takes only the bytes written: sizing the
  // string to the compress bound would zero-fill ~1 MiB per chunk.
  std::unique_ptr<char[]> scratch_;
  size_t scratch_size_ = 0;
};

}  // namespace sluice
