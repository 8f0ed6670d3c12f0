// FileTailer: reads files matched by globs as `tail -F` does, for the daemon.
//
// - Files are found by rescanning the globs (every scan_interval) and known by
//   identity (device + inode + head hash, file_identity.h), not by path: a
//   file renamed by rotation keeps being read through its open descriptor, and
//   found again under its new name if the glob matches it.
// - copytruncate: a file shorter than the offset read, or whose first bytes
//   changed, is a new generation, read from 0 under a new source id.
// - A file no longer at any matched path (renamed away, deleted) is read to
//   its end; after rotate_wait without growth its last line (even without a
//   newline) is handed on and it is closed.
// - Chunks hold whole lines of one file, read with pread at the offset up to
//   which lines were handed on (a partial last line is read again next time,
//   not copied aside); each chunk carries its byte range for the checkpoint.
// - Restore(): positions from the checkpoint are matched to files by identity
//   among the glob matches (so a file rotated while the daemon was down is
//   found and finished); a file whose inode matches but whose head does not
//   is a new file (inode reuse) and is read from 0. A checkpointed file is
//   declared gone only when three scans in a row miss it (one listing can
//   miss a file renamed while it is read).
// - A UTF-8 byte-order mark at offset 0 of a file (or of a new generation)
//   is dropped, as ChunkReader drops one at the start of a batch input.
// - Backpressure: Fill is called only when the pipeline has a free chunk, so
//   a stalled sink pauses reading; bytes wait in the files.
// Thread safety: Fill and Restore on the reader thread; SetGlobs any thread.
// Tests: tests/daemon/daemon_tail_test.cpp, tests/daemon/daemon_crash_test.cpp.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "daemon/checkpoint_store.h"
#include "daemon/daemon_metrics.h"
#include "daemon/daemon_source.h"
#include "daemon/source_registry.h"
#include "runtime/stop_signal.h"

namespace sluice {

struct FileTailerOptions {
  std::vector<std::string> globs;
  bool read_from_end = false;  // files present at a first start (no checkpoint)
  std::chrono::milliseconds scan_interval{250};
  std::chrono::milliseconds poll_interval{50};
  std::chrono::milliseconds rotate_wait{1000};
};

class FileTailer : public DaemonSource {
 public:
  // registry, metrics and stop must outlive the tailer.
  FileTailer(FileTailerOptions options, SourceRegistry* registry, DaemonMetrics* metrics,
             const StopSignal* stop);
  ~FileTailer() override;

  // Before the first Fill: positions from the checkpoint (`have_state`
  // false on a first start).
  void Restore(std::vector<FileCheckpoint> files, bool have_state);
  void SetGlobs(std::vector<std::string> globs);

  bool Fill(Chunk* chunk) override;
  const char* name() const override { return "tail"; }

  // The number of files open (reader thread).
  size_t open_files() const { return files_.size(); }

 private:
  struct TailedFile {
    uint32_t id = 0;
    int fd = -1;
    FileIdentity identity;
    std::string path;
    uint64_t offset = 0;     // lines before this were handed on
    uint64_t size = 0;       // at the last fstat
    int64_t mtime_ns = 0;    // at the last fstat
    bool matched = true;     // at a path the globs match (last scan)
    bool final = false;      // unmatched and idle: hand on the rest, then close
    std::chrono::steady_clock::time_point last_growth;
  };

  void Scan();
  void Track(const std::string& path, int fd, const FileIdentity& id, uint64_t offset);
  // Fills `chunk` from `f` if it has whole lines; false if not.
  bool TryFill(TailedFile* f, Chunk* chunk);
  void NewGeneration(TailedFile* f, const char* why);
  void CloseFinished();
  void UpdateLag();

  FileTailerOptions options_;
  SourceRegistry* registry_;
  DaemonMetrics* metrics_;
  const StopSignal* stop_;
  std::mutex globs_mutex_;
  std::vector<std::string> globs_;  // guarded by globs_mutex_
  std::vector<std::unique_ptr<TailedFile>> files_;
  std::vector<FileCheckpoint> pending_restore_;
  bool have_state_ = false;
  bool first_scan_done_ = false;  // restored positions all tracked or declared gone
  static constexpr int kRestoreScans = 3;
  int restore_scans_ = 0;
  size_t next_file_ = 0;  // round robin
  std::chrono::steady_clock::time_point next_scan_{};
};

}  // namespace sluice
