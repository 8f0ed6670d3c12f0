// SourceRegistry: every input the daemon reads from, by a small id that
// chunks carry (Chunk::source), with what a checkpoint needs to find the
// input again after a restart (a file's identity and path, the journal's
// cursor kind).
//
// Why: the reader threads open, rotate and forget inputs while the writer
// commits chunks read earlier; the writer must name in the checkpoint the
// file each committed offset belongs to. A copytruncated file gets a new id
// (a new generation): offsets of the old one no longer mean anything.
// Thread safety: all methods lock; any thread.
// Tests: tests/daemon/checkpoint_writer_test.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "daemon/checkpoint_store.h"
#include "daemon/file_identity.h"

namespace sluice {

enum class SourceKind { kFile, kTcp, kUnix, kStdin, kJournal };

const char* SourceKindName(SourceKind kind);

struct SourceEntry {
  uint32_t id = 0;
  SourceKind kind = SourceKind::kFile;
  FileIdentity identity;       // files
  std::string path;            // files: last path seen; others: a display name
  uint64_t start_offset = 0;   // files: where reading started (the checkpoint until a chunk is written)
  std::string start_cursor;    // journal: the cursor reading started after
  bool retired = false;        // no more chunks will come
  uint64_t final_offset = 0;   // files, when retired: the end of the last chunk
};

class SourceRegistry {
 public:
  uint32_t Add(SourceEntry entry);  // entry.id is assigned
  void UpdateFile(uint32_t id, const FileIdentity& identity, const std::string& path);
  // No chunk after one ending at `final_offset` will come from `id`.
  void Retire(uint32_t id, uint64_t final_offset);
  void Remove(uint32_t id);
  std::vector<SourceEntry> Snapshot() const;
  // The entry with `id`; false if there is none (removed already).
  bool Find(uint32_t id, SourceEntry* out) const;

  // Positions restored from the last checkpoint that the tailer has not yet
  // matched to files: a checkpoint saved meanwhile must keep them.
  void SetPendingFiles(std::vector<FileCheckpoint> files);
  void ClearPendingFiles();
  std::vector<FileCheckpoint> PendingFiles() const;

 private:
  mutable std::mutex mutex_;
  uint32_t next_id_ = 1;
  std::map<uint32_t, SourceEntry> entries_;
  std::vector<FileCheckpoint> pending_files_;
};

}  // namespace sluice
