// The daemon's writer stage; see checkpoint_writer.h.
// Tests: tests/daemon/checkpoint_writer_test.cpp, tests/daemon/daemon_crash_test.cpp.
#include "daemon/checkpoint_writer.h"

#include <poll.h>

#include <algorithm>

#include "daemon/daemon_log.h"

namespace sluice {
namespace {

using Clock = std::chrono::steady_clock;

int64_t UnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

CheckpointWriter::CheckpointWriter(CheckpointWriterOptions options, DaemonSink* sink, CheckpointStore* store,
                                   SourceRegistry* registry, DaemonMetrics* metrics, const StopSignal* stop)
    : options_(options),
      sink_(sink),
      store_(store),
      registry_(registry),
      metrics_(metrics),
      stop_(stop),
      last_commit_(Clock::now()) {
  metrics_->last_checkpoint_unix_ms.store(UnixMs());
}

template <class Op>
bool CheckpointWriter::Retry(const char* what, Op op) {
  if (given_up_) return false;
  auto backoff = std::chrono::milliseconds(100);
  int failures = 0;
  Clock::time_point stop_seen{};
  for (;;) {
    if (op()) {
      if (failures > 0) {
        LogInfo("sink: recovered", {{"op", what}, {"failures", failures}});
        metrics_->sink_up.store(true);
      }
      return true;
    }
    ++failures;
    metrics_->writer_heartbeat_ms.store(
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count());
    metrics_->sink_errors.fetch_add(1, std::memory_order_relaxed);
    metrics_->sink_up.store(false);
    if (failures == 1 || failures % 10 == 0) {
      LogError("sink: write failed; reading paused, retrying",
               {{"op", what}, {"error", sink_->error()}, {"failures", failures},
                {"retry_in_ms", static_cast<int64_t>(backoff.count())}});
    }
    if (stop_->raised()) {
      if (stop_seen == Clock::time_point{}) stop_seen = Clock::now();
      if (Clock::now() - stop_seen >= options_.drain_timeout) {
        LogError("sink: giving up while stopping; unwritten lines are dropped (files are read again from the "
                 "checkpoint on the next start)",
                 {{"op", what}, {"error", sink_->error()}});
        given_up_ = true;
        return false;
      }
    }
    struct pollfd pfd = {stop_->raised() ? -1 : stop_->fd(), POLLIN, 0};
    ::poll(&pfd, 1, static_cast<int>(backoff.count()));
    backoff = std::min<std::chrono::milliseconds>(backoff * 2, std::chrono::seconds(5));
  }
}

bool CheckpointWriter::Write(const Chunk& chunk) {
  const std::string& bytes = options_.compressed ? chunk.frame : chunk.out;
  if (!bytes.empty()) {
    if (!Retry("append", [&] { return sink_->Append(bytes); })) return false;
    metrics_->output_bytes.fetch_add(bytes.size(), std::memory_order_relaxed);
    uncommitted_bytes_ += bytes.size();
    metrics_->uncommitted_bytes.store(uncommitted_bytes_, std::memory_order_relaxed);
  }
  if (chunk.source_end > 0) {
    uint64_t& pos = positions_[chunk.source];
    pos = std::max(pos, chunk.source_end);
  }
  if (!chunk.source_cursor.empty()) journal_cursor_ = chunk.source_cursor;
  if (dead_letter_) dead_letter_->Write(chunk, *registry_, metrics_);
  malformed_unlogged_ += chunk.dead.size();
  dirty_ = true;
  if (uncommitted_bytes_ >= options_.commit_bytes) Commit();
  if (sink_->RotationDue(Clock::now())) Tick();
  return true;
}

DaemonState CheckpointWriter::BuildState() {
  DaemonState state;
  state.sink = sink_->Committed();
  state.journal_cursor = journal_cursor_;
  // Older generations first: a restart takes the last entry of an inode.
  state.files = registry_->PendingFiles();
  for (const SourceEntry& e : registry_->Snapshot()) {
    if (e.kind != SourceKind::kFile) continue;
    auto pos = positions_.find(e.id);
    const uint64_t offset = pos != positions_.end() ? std::max(pos->second, e.start_offset) : e.start_offset;
    if (e.retired && offset >= e.final_offset) {
      // Everything of it is in the output: it no longer needs a position.
      registry_->Remove(e.id);
      positions_.erase(e.id);
      continue;
    }
    FileCheckpoint f;
    f.identity = e.identity;
    f.offset = offset;
    f.path = e.path;
    state.files.push_back(std::move(f));
  }
  return state;
}

bool CheckpointWriter::Commit() {
  if (!Retry("sync", [&] { return sink_->Sync(); })) return false;
  DaemonState state = BuildState();
  bool saved = Retry("checkpoint", [&] {
    if (store_->Save(state)) return true;
    metrics_->checkpoint_errors.fetch_add(1, std::memory_order_relaxed);
    LogError("checkpoint: cannot save", {{"error", store_->error()}});
    return false;
  });
  if (!saved) return false;
  metrics_->checkpoints.fetch_add(1, std::memory_order_relaxed);
  metrics_->last_checkpoint_unix_ms.store(UnixMs());
  uncommitted_bytes_ = 0;
  metrics_->uncommitted_bytes.store(0, std::memory_order_relaxed);
  dirty_ = false;
  last_commit_ = Clock::now();
  return true;
}

void CheckpointWriter::Tick() {
  const auto now = Clock::now();
  if (malformed_unlogged_ > 0 && now - last_malformed_log_ >= std::chrono::seconds(10)) {
    LogWarn("malformed lines left out of the output (counted in sluice_malformed_lines_total by cause)",
            {{"lines", malformed_unlogged_}});
    malformed_unlogged_ = 0;
    last_malformed_log_ = now;
  }
  if (dirty_ && now - last_commit_ >= options_.commit_interval) Commit();
  if (sink_->RotationDue(now)) {
    if (dirty_ && !Commit()) return;
    if (!Retry("rotate", [&] { return sink_->Rotate(); })) return;
    metrics_->rotations.fetch_add(1, std::memory_order_relaxed);
    Commit();  // the new file, empty, is now the committed one
    dirty_ = false;
  }
  if (!dirty_) metrics_->last_checkpoint_unix_ms.store(UnixMs());  // nothing pending: no lag
}

}  // namespace sluice
