// tail -F over globs; see file_tailer.h.
// Tests: tests/daemon/daemon_tail_test.cpp, tests/daemon/daemon_crash_test.cpp.
#include "daemon/file_tailer.h"

#include <fcntl.h>
#include <glob.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "core/utf8_bom.h"
#include "daemon/daemon_log.h"

namespace sluice {
namespace {

using Clock = std::chrono::steady_clock;

ssize_t PreadFull(int fd, char* buf, size_t n, uint64_t offset) {
  size_t done = 0;
  while (done < n) {
    ssize_t got = ::pread(fd, buf + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return done > 0 ? static_cast<ssize_t>(done) : -1;
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  return static_cast<ssize_t>(done);
}

// The offset of the first '\n' at or after `from`, or -1 if none before EOF.
int64_t FindNewline(int fd, uint64_t from) {
  char buf[64 * 1024];
  for (;;) {
    ssize_t got = PreadFull(fd, buf, sizeof buf, from);
    if (got <= 0) return -1;
    if (const void* nl = std::memchr(buf, '\n', static_cast<size_t>(got))) {
      return static_cast<int64_t>(from + static_cast<uint64_t>(static_cast<const char*>(nl) - buf));
    }
    from += static_cast<uint64_t>(got);
  }
}

}  // namespace

FileTailer::FileTailer(FileTailerOptions options, SourceRegistry* registry, DaemonMetrics* metrics,
                       const StopSignal* stop)
    : options_(std::move(options)), registry_(registry), metrics_(metrics), stop_(stop) {
  globs_ = options_.globs;
}

FileTailer::~FileTailer() {
  for (auto& f : files_) {
    if (f->fd >= 0) ::close(f->fd);
  }
  metrics_->files_open.store(0);
}

void FileTailer::Restore(std::vector<FileCheckpoint> files, bool have_state) {
  pending_restore_ = std::move(files);
  have_state_ = have_state;
}

void FileTailer::SetGlobs(std::vector<std::string> globs) {
  std::lock_guard<std::mutex> lock(globs_mutex_);
  globs_ = std::move(globs);
}

void FileTailer::Track(const std::string& path, int fd, const FileIdentity& id, uint64_t offset) {
  auto f = std::make_unique<TailedFile>();
  f->fd = fd;
  f->identity = id;
  f->path = path;
  f->offset = offset;
  f->last_growth = Clock::now();
  SourceEntry entry;
  entry.kind = SourceKind::kFile;
  entry.identity = id;
  entry.path = path;
  entry.start_offset = offset;
  f->id = registry_->Add(entry);
  LogInfo("tail: following file", {{"path", path}, {"offset", offset}, {"inode", id.ino}});
  files_.push_back(std::move(f));
  metrics_->files_open.store(static_cast<int64_t>(files_.size()));
}

void FileTailer::Scan() {
  std::vector<std::string> globs;
  {
    std::lock_guard<std::mutex> lock(globs_mutex_);
    globs = globs_;
  }
  std::set<std::string> paths;
  for (const std::string& pattern : globs) {
    glob_t g{};
    if (::glob(pattern.c_str(), GLOB_NOSORT, nullptr, &g) == 0) {
      for (size_t i = 0; i < g.gl_pathc; ++i) paths.insert(g.gl_pathv[i]);
    }
    globfree(&g);
  }
  for (auto& f : files_) f->matched = false;
  for (const std::string& path : paths) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    TailedFile* known = nullptr;
    for (auto& f : files_) {
      if (f->identity.dev == static_cast<uint64_t>(st.st_dev) && f->identity.ino == static_cast<uint64_t>(st.st_ino)) {
        known = f.get();
      }
    }
    if (known) {
      known->matched = true;
      if (known->path != path) {
        LogInfo("tail: file renamed", {{"from", known->path}, {"to", path}});
        known->path = path;
        registry_->UpdateFile(known->id, known->identity, path);
      }
      continue;
    }
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      LogWarn("tail: cannot open", {{"path", path}, {"error", std::strerror(errno)}});
      continue;
    }
    FileIdentity id;
    if (!ReadFileIdentity(fd, &id)) {
      LogWarn("tail: cannot read", {{"path", path}, {"error", std::strerror(errno)}});
      ::close(fd);
      continue;
    }
    uint64_t offset = 0;
    // The newest checkpoint generation of this inode, if its head still matches.
    auto match = pending_restore_.end();
    for (auto it = pending_restore_.begin(); it != pending_restore_.end(); ++it) {
      if (it->identity.SameInode(id)) match = it;
    }
    if (match != pending_restore_.end()) {
      if (HeadMatches(fd, match->identity)) {
        offset = match->offset;
        if (static_cast<uint64_t>(st.st_size) < offset) {
          LogWarn("tail: file shorter than its checkpoint (truncated while stopped); reading from 0",
                  {{"path", path}, {"offset", offset}, {"size", static_cast<uint64_t>(st.st_size)}});
          offset = 0;
        } else if (match->path != path) {
          LogInfo("tail: found a checkpointed file under a new name", {{"from", match->path}, {"to", path}});
        }
      } else {
        LogInfo("tail: inode reused by a new file; reading from 0", {{"path", path}});
      }
      // Drop every generation of this inode: they are resolved.
      std::erase_if(pending_restore_, [&](const FileCheckpoint& c) { return c.identity.SameInode(id); });
    } else if (!first_scan_done_ && !have_state_ && options_.read_from_end) {
      offset = static_cast<uint64_t>(st.st_size);
    }
    Track(path, fd, id, offset);
  }
  if (!first_scan_done_) {
    // A directory listing need not show an entry renamed while it is read
    // (readdir promises nothing for it): a checkpointed file rotated at that
    // moment would be declared gone, then found as a new file and read again
    // from 0. It is looked for in kRestoreScans listings first, its position
    // still checkpointed meanwhile.
    if (!pending_restore_.empty() && ++restore_scans_ < kRestoreScans) {
      registry_->SetPendingFiles(pending_restore_);
    } else {
      for (const FileCheckpoint& c : pending_restore_) {
        LogWarn("tail: a checkpointed file is gone (deleted or moved out of the globs while stopped)",
                {{"path", c.path}, {"offset", c.offset}});
      }
      pending_restore_.clear();
      registry_->ClearPendingFiles();  // every restored position is now tracked, or gone
      first_scan_done_ = true;
    }
  }
  const auto now = Clock::now();
  for (auto& f : files_) {
    if (!f->matched && !f->final && now - f->last_growth >= options_.rotate_wait) {
      struct stat st {};
      if (::fstat(f->fd, &st) == 0 && static_cast<uint64_t>(st.st_size) != f->size) continue;  // still growing
      f->final = true;
    }
  }
}

void FileTailer::NewGeneration(TailedFile* f, const char* why) {
  LogWarn(why, {{"path", f->path}, {"offset", f->offset}});
  registry_->Retire(f->id, f->offset);
  FileIdentity id;
  if (!ReadFileIdentity(f->fd, &id)) id = f->identity;
  f->identity = id;
  f->offset = 0;
  f->size = 0;
  SourceEntry entry;
  entry.kind = SourceKind::kFile;
  entry.identity = id;
  entry.path = f->path;
  entry.start_offset = 0;
  f->id = registry_->Add(entry);
}

bool FileTailer::TryFill(TailedFile* f, Chunk* chunk) {
  struct stat st {};
  if (::fstat(f->fd, &st) != 0) return false;
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  const int64_t mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  // A truncation followed by new writes can leave the size where it was:
  // the modification time tells that the head must be checked again.
  const bool changed = size != f->size || mtime_ns != f->mtime_ns;
  f->mtime_ns = mtime_ns;
  if (size < f->offset) {
    NewGeneration(f, "tail: file truncated (copytruncate); reading from 0");
  } else if (changed && f->identity.head_len > 0 && !HeadMatches(f->fd, f->identity)) {
    NewGeneration(f, "tail: file rewritten from the start; reading from 0");
  }
  if (size != f->size) {
    f->last_growth = Clock::now();
    f->size = size;
    if (f->identity.head_len < FileIdentity::kHeadBytes && size > f->identity.head_len) {
      FileIdentity id;
      if (ReadFileIdentity(f->fd, &id)) {
        f->identity = id;
        registry_->UpdateFile(f->id, id, f->path);
      }
    }
  }
  if (size <= f->offset) return false;
  const size_t capacity = chunk->capacity();
  ssize_t got = PreadFull(f->fd, chunk->data(), std::min<uint64_t>(capacity, size - f->offset), f->offset);
  if (got <= 0) return false;
  const size_t n = static_cast<size_t>(got);
  uint64_t end = 0;
  size_t keep = 0;
  if (const void* nl = memrchr(chunk->data(), '\n', n)) {
    keep = static_cast<size_t>(static_cast<const char*>(nl) - chunk->data()) + 1;
    end = f->offset + keep;
  } else if (n == capacity) {
    // One line longer than a chunk: keep its start, hand it on once its end is known.
    int64_t nl_at = FindNewline(f->fd, f->offset + n);
    if (nl_at < 0 && !f->final) return false;
    const uint64_t line_end = nl_at < 0 ? size : static_cast<uint64_t>(nl_at);
    chunk->oversized_line = true;
    chunk->oversized_bytes = line_end - f->offset;
    keep = n;
    end = nl_at < 0 ? size : line_end + 1;
  } else if (f->final) {
    keep = n;  // the last line of a file nobody writes to any more, without its newline
    end = f->offset + n;
  } else {
    return false;  // a line still being written
  }
  uint64_t data_begin = f->offset;
  if (f->offset == 0 && StartsWithUtf8Bom(chunk->data(), keep)) {
    keep -= kUtf8Bom.size();
    std::memmove(chunk->data(), chunk->data() + kUtf8Bom.size(), keep);
    data_begin += kUtf8Bom.size();
    if (chunk->oversized_line) chunk->oversized_bytes -= kUtf8Bom.size();
  }
  chunk->set_size(keep);
  chunk->source = f->id;
  chunk->source_begin = data_begin;
  chunk->source_end = end;
  metrics_->AddSourceBytes(static_cast<int>(SourceKind::kFile), end - f->offset);
  f->offset = end;
  return true;
}

void FileTailer::CloseFinished() {
  for (auto it = files_.begin(); it != files_.end();) {
    TailedFile* f = it->get();
    if (f->final && f->offset >= f->size) {
      LogInfo("tail: closed a file no longer matched", {{"path", f->path}, {"offset", f->offset}});
      registry_->Retire(f->id, f->offset);
      ::close(f->fd);
      it = files_.erase(it);
    } else {
      ++it;
    }
  }
  metrics_->files_open.store(static_cast<int64_t>(files_.size()));
}

void FileTailer::UpdateLag() {
  uint64_t lag = 0;
  for (auto& f : files_) lag += f->size > f->offset ? f->size - f->offset : 0;
  metrics_->file_lag_bytes.store(lag, std::memory_order_relaxed);
}

bool FileTailer::Fill(Chunk* chunk) {
  for (;;) {
    if (stop_->raised()) return false;
    const auto now = Clock::now();
    if (now >= next_scan_) {
      Scan();
      next_scan_ = now + options_.scan_interval;
      metrics_->sources_open.store(true);
    }
    const size_t n = files_.size();
    for (size_t i = 0; i < n; ++i) {
      const size_t index = (next_file_ + i) % n;
      if (TryFill(files_[index].get(), chunk)) {
        next_file_ = index + 1;
        UpdateLag();
        return true;
      }
    }
    CloseFinished();
    UpdateLag();
    struct pollfd pfd = {stop_->fd(), POLLIN, 0};
    ::poll(&pfd, 1, static_cast<int>(options_.poll_interval.count()));
  }
}

}  // namespace sluice
