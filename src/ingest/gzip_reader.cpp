#include "ingest/gzip_reader.h"

namespace sluice {
namespace {
constexpr size_t kInputBuffer = 256 * 1024;
}

GzipReader::GzipReader(std::unique_ptr<ByteSource> raw, std::string name)
    : raw_(std::move(raw)), name_(std::move(name)), in_(new char[kInputBuffer]) {
  // 16 + MAX_WBITS: gzip wrapper only.
  if (inflateInit2(&zs_, 16 + MAX_WBITS) != Z_OK) error_ = name_ + ": cannot start gzip decoder";
}

GzipReader::~GzipReader() { inflateEnd(&zs_); }

ssize_t GzipReader::Read(char* dst, size_t n) {
  if (!error_.empty()) return -1;
  zs_.next_out = reinterpret_cast<Bytef*>(dst);
  zs_.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
  while (zs_.avail_out > 0) {
    if (zs_.avail_in == 0 && !raw_eof_) {
      ssize_t got = raw_->Read(in_.get(), kInputBuffer);
      if (got < 0) {
        error_ = raw_->error();
        break;
      }
      if (got == 0) {
        raw_eof_ = true;
      } else {
        zs_.next_in = reinterpret_cast<Bytef*>(in_.get());
        zs_.avail_in = static_cast<uInt>(got);
      }
    }
    // A member cut short may still hold decodable bytes (buffered bits, the
    // rest of a match the last read had no room for): inflate goes on without
    // input until it cannot, then the input is truncated.
    if (zs_.avail_in == 0 && raw_eof_ && !member_open_) break;
    member_open_ = true;
    int rc = inflate(&zs_, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      member_open_ = false;
      inflateReset(&zs_);  // another member may follow
      continue;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      error_ = name_ + ": corrupt gzip input (" + (zs_.msg ? zs_.msg : "inflate error") + ")";
      break;
    }
    if (rc == Z_BUF_ERROR && zs_.avail_in == 0 && raw_eof_) {
      error_ = name_ + ": truncated gzip input";
      break;
    }
    // Return what we have rather than blocking for more on a live pipe.
    if (zs_.avail_out < n && zs_.avail_in == 0) break;
  }
  // inflate writes out all it decoded before the damage: those bytes go first,
  // the error with the next call.
  const size_t decoded = n - zs_.avail_out;
  if (decoded == 0 && !error_.empty()) return -1;
  return static_cast<ssize_t>(decoded);
}

}  // namespace sluice
