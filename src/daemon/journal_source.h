// JournalSource: the systemd journal read natively through libsystemd's
// sd-journal (not by running journalctl), from the system journal or from a
// directory of journal files.
//
// - Each entry becomes one line in `journalctl -o json` form (__CURSOR first,
//   then every field; values that are not printable UTF-8 become byte arrays,
//   as journalctl writes them), so the worker unwraps it exactly as it
//   unwraps piped journalctl output (parse/journal_envelope.h).
// - Checkpoint: a chunk carries the cursor of its last entry
//   (Chunk::source_cursor); the writer saves it with the output's committed
//   length, and a restart seeks to it and skips that entry, so entries are
//   neither lost nor repeated, as for files.
// - New entries are waited for on sd_journal_get_fd() alongside the stop
//   signal; an entry too large for a chunk is cut to the chunk size by
//   dropping fields other than MESSAGE (counted as malformed by the worker if
//   still too long).
// Thread safety: reader thread only.
// Tests: tests/daemon/daemon_journal_test.cpp (journal files written with
// systemd-journal-remote).
#pragma once

#include <chrono>
#include <string>

#include "daemon/daemon_metrics.h"
#include "daemon/daemon_source.h"
#include "daemon/source_registry.h"
#include "runtime/stop_signal.h"

struct sd_journal;

namespace sluice {

struct JournalSourceOptions {
  std::string directory;  // empty: the local system journal
  bool read_from_end = false;  // without a saved cursor
  std::chrono::milliseconds flush_interval{200};
};

class JournalSource : public DaemonSource {
 public:
  JournalSource(JournalSourceOptions options, SourceRegistry* registry, DaemonMetrics* metrics,
                const StopSignal* stop);
  ~JournalSource() override;

  // Opens the journal and positions it after `cursor` (empty: head, or tail
  // with read_from_end). False with *error.
  bool Open(const std::string& cursor, std::string* error);
  bool Fill(Chunk* chunk) override;
  const char* name() const override { return "journal"; }

  // Appends the current entry as a journalctl -o json line (with '\n').
  static void AppendEntryJson(sd_journal* j, const std::string& cursor, std::string* out);

 private:
  JournalSourceOptions options_;
  SourceRegistry* registry_;
  DaemonMetrics* metrics_;
  const StopSignal* stop_;
  sd_journal* journal_ = nullptr;
  uint32_t source_id_ = 0;
  std::string pending_;         // an entry that did not fit the last chunk
  std::string pending_cursor_;
  std::string line_;
};

}  // namespace sluice
