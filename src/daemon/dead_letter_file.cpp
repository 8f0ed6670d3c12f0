// DeadLetterFile (see dead_letter_file.h).
#include "daemon/dead_letter_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "daemon/daemon_log.h"
#include "sink/dead_letter_line.h"

namespace sluice {

DeadLetterFile::~DeadLetterFile() {
  if (fd_ >= 0) ::close(fd_);
}

bool DeadLetterFile::Open(const std::string& path, std::string* error) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd_ < 0) {
    *error = path + ": " + std::strerror(errno);
    return false;
  }
  path_ = path;
  return true;
}

void DeadLetterFile::Write(const Chunk& chunk, const SourceRegistry& registry, DaemonMetrics* metrics) {
  if (fd_ < 0 || chunk.dead.empty()) return;
  SourceEntry source;
  std::string name = "unknown";
  const bool known = registry.Find(chunk.source, &source);
  if (known) name = source.path.empty() ? SourceKindName(source.kind) : source.path;
  const bool file = known && source.kind == SourceKind::kFile;
  buffer_.clear();
  for (const DeadLetterEntry& entry : chunk.dead) {
    DeadLetterPlace place{name, 0, {}};
    if (file) place.offset = chunk.source_begin + LineOffsetInChunk(chunk, entry.line_in_chunk);
    AppendDeadLetterLine(chunk, entry, place, &buffer_);
  }
  size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      metrics->Drop(DropReason::kDeadLetter, chunk.dead.size());
      const auto now = std::chrono::steady_clock::now();
      if (now - last_error_log_ >= std::chrono::seconds(10)) {
        LogWarn("cannot write the dead letter; malformed lines counted as dropped",
                {{"path", path_}, {"error", n < 0 ? std::strerror(errno) : "short write"}});
        last_error_log_ = now;
      }
      return;
    }
    done += static_cast<size_t>(n);
  }
}

}  // namespace sluice
