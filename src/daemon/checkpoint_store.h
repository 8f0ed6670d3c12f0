// CheckpointStore: the daemon's state file, saved atomically, and what it holds
// (DaemonState): the output file and its committed length, and for every input
// the position up to which its lines are in that committed output.
//
// Why this design (exactly-once across kill -9): the writer appends frames,
// then fsyncs the output and only then saves the state (temp file + fsync +
// rename + fsync of the directory). A restart truncates the output to the
// committed length and resumes every input at its committed position, so the
// bytes cut are exactly the ones read again. The state dir is locked (flock)
// so that two daemons cannot share it.
// Format: text, one record per line, "sluice-daemon-state 1" first and "end"
// last (a file without "end" is refused rather than half-trusted):
//   sink <next_seq> <committed_length> <active file name>
//   closed <file name>                       (kept for retention)
//   file <dev> <ino> <head_len> <head_hash> <offset> <path>
//   journal <cursor>
// Names and paths are %-escaped ('%' and newline).
// Thread safety: one writer (the daemon's writer thread); not shared.
// Tests: tests/daemon/checkpoint_store_test.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/file_identity.h"

namespace sluice {

struct FileCheckpoint {
  FileIdentity identity;
  uint64_t offset = 0;
  std::string path;
};

struct SinkCheckpoint {
  std::string active_file;     // name in the output directory; empty: none yet
  uint64_t committed_length = 0;
  uint64_t next_seq = 0;       // the sequence number of the next file
  std::vector<std::string> closed_files;  // oldest first
};

struct DaemonState {
  SinkCheckpoint sink;
  std::vector<FileCheckpoint> files;  // oldest generation first
  std::string journal_cursor;         // empty: none

  std::string Serialize() const;
  // False (with *error) if `text` is not a complete state file.
  static bool Parse(const std::string& text, DaemonState* out, std::string* error);
};

class CheckpointStore {
 public:
  explicit CheckpointStore(std::string dir);
  ~CheckpointStore();
  CheckpointStore(const CheckpointStore&) = delete;
  CheckpointStore& operator=(const CheckpointStore&) = delete;

  // Creates the directory if needed and locks it. False with error() set.
  bool Open();
  // Reads the saved state; *found is false (and *state empty) when none was
  // ever saved. False with error() on a corrupt or unreadable file.
  bool Load(DaemonState* state, bool* found);
  // Replaces the saved state atomically and durably. False with error().
  bool Save(const DaemonState& state);

  const std::string& error() const { return error_; }
  const std::string& dir() const { return dir_; }
  std::string state_path() const { return dir_ + "/state"; }

 private:
  std::string dir_;
  int lock_fd_ = -1;
  int dir_fd_ = -1;
  std::string error_;
};

}  // namespace sluice
