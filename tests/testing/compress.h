// Reference compressors and decompressors for tests: gzip members (zlib) and
// zstd frames (libzstd), made independently of sluice's own readers and encoder.
#pragma once

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sluice::testing {

// One complete gzip member holding `data`.
inline std::string GzipMember(std::string_view data, int level = 6) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  return out;
}

// One complete zstd frame holding `data` (with a checksum).
inline std::string ZstdFrame(std::string_view data, int level = 3) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t n = ZSTD_compress2(cctx, out.data(), out.size(), data.data(), data.size());
  ZSTD_freeCCtx(cctx);
  if (ZSTD_isError(n)) throw std::runtime_error(ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

// A zstd skippable frame (magic 0x184D2A50) with `payload` bytes of content.
inline std::string ZstdSkippableFrame(std::string_view payload) {
  std::string out = {'\x50', '\x2A', '\x4D', '\x18'};
  const uint32_t n = static_cast<uint32_t>(payload.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
  out.append(payload);
  return out;
}

// Decompresses a whole zstd stream (any number of frames). Sets *ok to false,
// and returns what was decoded so far, on corrupt or truncated input.
inline std::string ZstdDecompress(std::string_view stream, bool* ok) {
  *ok = true;
  std::string out;
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  ZSTD_inBuffer in{stream.data(), stream.size(), 0};
  std::string buf(ZSTD_DStreamOutSize(), '\0');
  size_t hint = 0;
  while (in.pos < in.size) {
    ZSTD_outBuffer o{buf.data(), buf.size(), 0};
    hint = ZSTD_decompressStream(dctx, &o, &in);
    if (ZSTD_isError(hint)) {
      *ok = false;
      break;
    }
    out.append(buf.data(), o.pos);
  }
  // Flush what the last frame still holds.
  while (*ok && hint != 0) {
    ZSTD_outBuffer o{buf.data(), buf.size(), 0};
    hint = ZSTD_decompressStream(dctx, &o, &in);
    if (ZSTD_isError(hint) || o.pos == 0) {
      *ok = hint == 0;
      break;
    }
    out.append(buf.data(), o.pos);
  }
  ZSTD_freeDCtx(dctx);
  return out;
}

// What a decoder can hand over of a gzip stream (any number of members) before
// it stops at damage or at its cut end. zlib writes out all it decoded up to the
// bad bit, so this is every byte a reader could return. *ok: the stream is sound.
inline std::string GunzipBeforeError(std::string_view stream, bool* ok) {
  *ok = false;
  std::string out;
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(stream.data()));
  zs.avail_in = static_cast<uInt>(stream.size());
  std::string buf(1 << 16, '\0');
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(buf.data());
    zs.avail_out = static_cast<uInt>(buf.size());
    const int rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf.data(), buf.size() - zs.avail_out);
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) {
        *ok = true;
        break;
      }
      inflateReset(&zs);
    } else if (rc != Z_OK) {
      break;  // damaged, or no progress possible: cut short
    }
  }
  inflateEnd(&zs);
  return out;
}

// The same for zstd. A call to ZSTD_decompressStream that fails does not say
// what it wrote before failing: fed one byte a call, no call both hands over a
// decoded block and fails, so this keeps every block decoded before the damage.
inline std::string ZstdDecompressBeforeError(std::string_view stream, bool* ok) {
  *ok = false;
  std::string out;
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  std::string buf(ZSTD_DStreamOutSize(), '\0');
  size_t fed = 0;
  for (;;) {
    ZSTD_inBuffer in{stream.data(), std::min(fed + 1, stream.size()), fed};
    ZSTD_outBuffer o{buf.data(), buf.size(), 0};
    const size_t hint = ZSTD_decompressStream(dctx, &o, &in);
    if (ZSTD_isError(hint)) break;
    out.append(buf.data(), o.pos);
    fed = in.pos;
    if (fed == stream.size() && o.pos < o.size) {
      *ok = hint == 0;
      break;
    }
  }
  ZSTD_freeDCtx(dctx);
  return out;
}

// Number of frames in a zstd stream, or -1 if it is not a sequence of whole frames.
inline int ZstdFrameCount(std::string_view stream) {
  int frames = 0;
  while (!stream.empty()) {
    const size_t n = ZSTD_findFrameCompressedSize(stream.data(), stream.size());
    if (ZSTD_isError(n)) return -1;
    stream.remove_prefix(n);
    ++frames;
  }
  return frames;
}

}  // namespace sluice::testing
