// The daemon's table of inputs; see source_registry.h.
// Tests: tests/daemon/checkpoint_writer_test.cpp.
#include "daemon/source_registry.h"

namespace sluice {

const char* SourceKindName(SourceKind kind) {
  switch (kind) {
    case SourceKind::kFile: return "file";
    case SourceKind::kTcp: return "tcp";
    case SourceKind::kUnix: return "unix";
    case SourceKind::kStdin: return "stdin";
    case SourceKind::kJournal: return "journal";
  }
  return "file";
}

uint32_t SourceRegistry::Add(SourceEntry entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  entry.id = next_id_++;
  const uint32_t id = entry.id;
  entries_.emplace(id, std::move(entry));
  return id;
}

void SourceRegistry::UpdateFile(uint32_t id, const FileIdentity& identity, const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  it->second.identity = identity;
  it->second.path = path;
}

void SourceRegistry::Retire(uint32_t id, uint64_t final_offset) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  it->second.retired = true;
  it->second.final_offset = final_offset;
}

void SourceRegistry::Remove(uint32_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.erase(id);
}

std::vector<SourceEntry> SourceRegistry::Snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<SourceEntry> out;
  out.reserve(entries_.size());
  for (const auto& [id, e] : entries_) out.push_back(e);
  return out;
}

bool SourceRegistry::Find(uint32_t id, SourceEntry* out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return false;
  *out = it->second;
  return true;
}

void SourceRegistry::SetPendingFiles(std::vector<FileCheckpoint> files) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_files_ = std::move(files);
}

void SourceRegistry::ClearPendingFiles() {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_files_.clear();
}

std::vector<FileCheckpoint> SourceRegistry::PendingFiles() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return pending_files_;
}

}  // namespace sluice
