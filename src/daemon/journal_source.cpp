// The systemd journal through sd-journal; see journal_source.h.
// Tests: tests/daemon/daemon_journal_test.cpp.
#include "daemon/journal_source.h"

#include <poll.h>
#include <systemd/sd-journal.h>

#include <cstdio>
#include <cstring>

#include "daemon/daemon_log.h"

namespace sluice {
namespace {

using Clock = std::chrono::steady_clock;

// Printable UTF-8 (tabs and newlines allowed): journalctl writes such values
// as JSON strings, anything else as an array of byte values.
bool IsPrintableUtf8(const unsigned char* p, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n') return false;
      if (c == 0x7f) return false;
      ++i;
      continue;
    }
    const int extra = (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
    if (extra < 0 || c == 0xc0 || c == 0xc1) return false;
    for (int k = 1; k <= extra; ++k) {
      if (i + static_cast<size_t>(k) >= n || (p[i + k] & 0xc0) != 0x80) return false;
    }
    i += static_cast<size_t>(extra) + 1;
  }
  return true;
}

void AppendJsonString(const char* p, size_t n, std::string* out) {
  out->push_back('"');
  for (size_t i = 0; i < n; ++i) {
    const char c = p[i];
    if (c == '"') out->append("\\\"");
    else if (c == '\\') out->append("\\\\");
    else if (c == '\n') out->append("\\n");
    else if (c == '\t') out->append("\\t");
    else out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace

JournalSource::JournalSource(JournalSourceOptions options, SourceRegistry* registry, DaemonMetrics* metrics,
                             const StopSignal* stop)
    : options_(std::move(options)), registry_(registry), metrics_(metrics), stop_(stop) {
  SourceEntry entry;
  entry.kind = SourceKind::kJournal;
  entry.path = options_.directory.empty() ? "journal" : options_.directory;
  source_id_ = registry_->Add(entry);
}

JournalSource::~JournalSource() {
  if (journal_) sd_journal_close(journal_);
}

bool JournalSource::Open(const std::string& cursor, std::string* error) {
  int r = options_.directory.empty() ? sd_journal_open(&journal_, SD_JOURNAL_LOCAL_ONLY)
                                     : sd_journal_open_directory(&journal_, options_.directory.c_str(), 0);
  if (r < 0) {
    *error = "cannot open the journal" + (options_.directory.empty() ? "" : " in " + options_.directory) + ": " +
             std::strerror(-r);
    journal_ = nullptr;
    return false;
  }
  if (!cursor.empty()) {
    r = sd_journal_seek_cursor(journal_, cursor.c_str());
    if (r >= 0 && sd_journal_next(journal_) > 0) {
      if (sd_journal_test_cursor(journal_, cursor.c_str()) <= 0) {
        // The entry at the cursor is gone (vacuumed): we stand on the next one, unread.
        LogWarn("journal: the checkpointed entry is gone; resuming at the next one");
        sd_journal_previous(journal_);
      }
    }
    LogInfo("journal: resuming after the checkpointed cursor", {{"cursor", cursor}});
  } else if (options_.read_from_end) {
    sd_journal_seek_tail(journal_);
    sd_journal_previous(journal_);
  } else {
    sd_journal_seek_head(journal_);
  }
  return true;
}

void JournalSource::AppendEntryJson(sd_journal* j, const std::string& cursor, std::string* out) {
  out->append("{\"__CURSOR\":");
  AppendJsonString(cursor.data(), cursor.size(), out);
  uint64_t usec = 0;
  sd_id128_t boot{};
  char num[32];
  if (sd_journal_get_realtime_usec(j, &usec) >= 0) {
    std::snprintf(num, sizeof num, "%llu", static_cast<unsigned long long>(usec));
    out->append(",\"__REALTIME_TIMESTAMP\":\"").append(num).append("\"");
  }
  if (sd_journal_get_monotonic_usec(j, &usec, &boot) >= 0) {
    std::snprintf(num, sizeof num, "%llu", static_cast<unsigned long long>(usec));
    out->append(",\"__MONOTONIC_TIMESTAMP\":\"").append(num).append("\"");
  }
  const void* data = nullptr;
  size_t length = 0;
  sd_journal_restart_data(j);
  while (sd_journal_enumerate_data(j, &data, &length) > 0) {
    const char* p = static_cast<const char*>(data);
    const char* eq = static_cast<const char*>(std::memchr(p, '=', length));
    if (!eq) continue;
    out->push_back(',');
    AppendJsonString(p, static_cast<size_t>(eq - p), out);
    out->push_back(':');
    const char* v = eq + 1;
    const size_t vn = length - static_cast<size_t>(v - p);
    if (IsPrintableUtf8(reinterpret_cast<const unsigned char*>(v), vn)) {
      AppendJsonString(v, vn, out);
    } else {
      out->push_back('[');
      for (size_t i = 0; i < vn; ++i) {
        if (i) out->push_back(',');
        out->append(std::to_string(static_cast<unsigned char>(v[i])));
      }
      out->push_back(']');
    }
  }
  out->append("}\n");
}

bool JournalSource::Fill(Chunk* chunk) {
  chunk->source = source_id_;
  Clock::time_point first{};
  auto put = [&](const std::string& line, const std::string& cursor) {
    if (chunk->size() == 0) first = Clock::now();
    const size_t n = std::min(line.size(), chunk->capacity() - chunk->size());
    std::memcpy(chunk->data() + chunk->size(), line.data(), n);
    chunk->set_size(chunk->size() + n);
    if (n < line.size()) chunk->data()[chunk->size() - 1] = '\n';  // cut: the worker counts it malformed
    chunk->source_cursor = cursor;
    chunk->source_end = 1;  // the cursor is the position
    metrics_->AddSourceBytes(static_cast<int>(SourceKind::kJournal), n);
  };
  if (!pending_.empty()) {
    put(pending_, pending_cursor_);
    pending_.clear();
  }
  metrics_->sources_open.store(true);
  for (;;) {
    if (stop_->raised()) return chunk->size() > 0;
    int r = sd_journal_next(journal_);
    if (r < 0) {
      LogError("journal: read error", {{"error", std::strerror(-r)}});
      r = 0;
    }
    if (r > 0) {
      char* cursor = nullptr;
      if (sd_journal_get_cursor(journal_, &cursor) < 0) continue;
      std::string cursor_text(cursor);
      free(cursor);
      line_.clear();
      AppendEntryJson(journal_, cursor_text, &line_);
      if (chunk->size() > 0 && line_.size() > chunk->capacity() - chunk->size()) {
        pending_.swap(line_);
        pending_cursor_ = std::move(cursor_text);
        return true;
      }
      put(line_, cursor_text);
      continue;
    }
    // Nothing new: hand on what we have, or wait for the journal or a stop.
    int timeout_ms = 1000;
    if (chunk->size() > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(first + options_.flush_interval - Clock::now());
      if (left.count() <= 0) return true;
      timeout_ms = static_cast<int>(left.count()) + 1;
    }
    const int fd = sd_journal_get_fd(journal_);
    struct pollfd fds[2] = {{stop_->fd(), POLLIN, 0}, {fd, static_cast<short>(sd_journal_get_events(journal_)), 0}};
    uint64_t journal_timeout = 0;
    if (sd_journal_get_timeout(journal_, &journal_timeout) >= 0 && journal_timeout != UINT64_MAX) {
      // An absolute CLOCK_MONOTONIC time in microseconds; poll a bit more often instead.
      timeout_ms = std::min(timeout_ms, 250);
    }
    ::poll(fds, fd >= 0 ? 2 : 1, timeout_ms);
    sd_journal_process(journal_);
  }
}

}  // namespace sluice
