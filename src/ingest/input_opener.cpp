#include "ingest/input_opener.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/fd_reader.h"
#include "ingest/gzip_reader.h"
#include "ingest/zstd_reader.h"

namespace sluice {

std::string InputDisplayName(const std::string& path) { return path == "-" ? "stdin" : path; }

OpenedInput OpenInput(const std::string& path) {
  const std::string name = InputDisplayName(path);
  int fd = 0;
  if (path != "-") {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw InputError(name + ": cannot open: " + std::strerror(errno));
  }
  OpenedInput opened;
  struct stat st{};
  if (::fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      if (fd > 0) ::close(fd);
      throw InputError(name + ": is a directory");
    }
    if (S_ISREG(st.st_mode)) {
      opened.file_size = static_cast<uint64_t>(st.st_size);
      opened.device = static_cast<uint64_t>(st.st_dev);
      opened.inode = static_cast<uint64_t>(st.st_ino);
    }
  }
  auto raw = std::make_unique<FdReader>(fd, name);
  unsigned char magic[4] = {0, 0, 0, 0};
  ssize_t got = raw->Peek(reinterpret_cast<char*>(magic), sizeof magic);
  if (got < 0) throw InputError(raw->error());
  if (got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    opened.compression = InputCompression::kGzip;
    opened.source = std::make_unique<GzipReader>(std::move(raw), name);
  } else if (got == 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f &&
             magic[3] == 0xfd) {
    opened.compression = InputCompression::kZstd;
    opened.source = std::make_unique<ZstdReader>(std::move(raw), name);
  } else {
    opened.source = std::move(raw);
  }
  return opened;
}

}  // namespace sluice
