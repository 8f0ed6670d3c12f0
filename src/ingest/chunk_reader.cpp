#include "ingest/chunk_reader.h"

#include <algorithm>
#include <cstring>
#include <poll.h>

#include "core/utf8_bom.h"
#include "ingest/input_opener.h"

namespace sluice {
namespace {

// journalctl -o json-pretty writes "{", then one indented field per line.
bool LooksLikePrettyJournal(std::string_view data) {
  return data.starts_with("{\n\t\"__CURSOR\"") || data.starts_with("{\n\t\"__REALTIME_TIMESTAMP\"") ||
         data.starts_with("{\r\n\t\"__CURSOR\"");
}


}  // namespace

ChunkReader::ChunkReader(std::vector<std::string> paths, std::chrono::milliseconds flush_interval)
    : paths_(std::move(paths)), flush_interval_(flush_interval) {
  if (paths_.empty()) paths_.push_back("-");
}

bool ChunkReader::OpenNext() {
  while (next_path_ < paths_.size()) {
    current_index_ = static_cast<uint32_t>(next_path_);
    const std::string& path = paths_[next_path_++];
    try {
      current_ = OpenInput(path).source;
      first_chunk_ = true;
      return true;
    } catch (const InputError& e) {
      errors_.push_back(e.what());
    }
  }
  return false;
}

void ChunkReader::CloseCurrent() {
  raw_bytes_closed_ += current_->raw_bytes_read();
  raw_bytes_done_.store(raw_bytes_closed_, std::memory_order_relaxed);
  current_.reset();
  carry_.clear();
}

ChunkReader::Wait ChunkReader::WaitForInput(bool flushable,
                                            std::chrono::steady_clock::time_point deadline) {
  const int fd = current_->poll_fd();
  if (fd < 0) return Wait::kReadable;
  for (;;) {
    // Without a complete line there is nothing to flush: wait as long as it takes.
    int timeout_ms = -1;
    if (flushable) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return Wait::kFlush;
      timeout_ms = static_cast<int>(left.count()) + 1;
    }
    struct pollfd fds[2] = {{fd, POLLIN, 0}, {stop_ ? stop_->fd() : -1, POLLIN, 0}};
    int n = ::poll(fds, stop_ ? 2 : 1, timeout_ms);
    if (stop_ && stop_->raised()) return Wait::kStop;
    if (n > 0 && fds[0].revents != 0) return Wait::kReadable;
    if (n == 0 && flushable) return Wait::kFlush;
    // EINTR or a spurious wake-up: go round again.
  }
}

bool ChunkReader::ReadInto(Chunk* chunk, bool input_start, bool* at_eof) {
  size_t size = chunk->size();
  const auto deadline = std::chrono::steady_clock::now() + flush_interval_;
  bool has_line = memchr(chunk->data(), '\n', size) != nullptr;
  // Looked for once three bytes are in: a chunk is handed on only with a whole
  // line or at the input's end, so a BOM that starts the input is in its first.
  bool bom_checked = !input_start;
  while (size < chunk->capacity()) {
    Wait wait = WaitForInput(has_line, deadline);
    if (wait == Wait::kStop) {
      stopped_ = true;
      *at_eof = true;  // hand on what was read, then end
      break;
    }
    if (wait == Wait::kFlush) break;
    ssize_t got = current_->Read(chunk->data() + size, chunk->capacity() - size);
    if (got < 0) {
      chunk->set_size(size);
      return false;
    }
    if (got == 0) {
      *at_eof = true;
      break;
    }
    if (!has_line) has_line = memchr(chunk->data() + size, '\n', static_cast<size_t>(got)) != nullptr;
    size += static_cast<size_t>(got);
    if (!bom_checked && size >= kUtf8Bom.size()) {
      // Editors on Windows start UTF-8 files with a byte-order mark: it would
      // make the first line invalid JSON.
      bom_checked = true;
      if (StartsWithUtf8Bom(chunk->data(), size)) {
        size -= kUtf8Bom.size();
        std::memmove(chunk->data(), chunk->data() + kUtf8Bom.size(), size);
      }
    }
  }
  chunk->set_size(size);
  raw_bytes_done_.store(raw_bytes_closed_ + current_->raw_bytes_read(), std::memory_order_relaxed);
  return true;
}

bool ChunkReader::SkipRestOfLine(size_t max_carry, uint64_t* skipped, bool* at_eof) {
  char buf[64 * 1024];
  // What follows the line's end is carried into the next chunk: never read
  // more than a chunk can hold.
  const size_t step = std::min(sizeof buf, max_carry);
  for (;;) {
    ssize_t got = current_->Read(buf, step);
    if (got < 0) return false;
    if (got == 0) {
      *at_eof = true;
      return true;
    }
    const char* nl = static_cast<const char*>(std::memchr(buf, '\n', static_cast<size_t>(got)));
    if (nl) {
      *skipped += static_cast<uint64_t>(nl - buf);
      carry_.assign(nl + 1, static_cast<size_t>(buf + got - (nl + 1)));
      return true;
    }
    *skipped += static_cast<uint64_t>(got);
  }
}

void ChunkReader::MarkEndIfNothingFollows(Chunk* chunk) {
  if (!carry_.empty()) return;
  char next;
  ssize_t got = current_->Read(&next, 1);
  if (got > 0) {
    carry_.push_back(next);
    return;
  }
  if (got < 0) errors_.push_back(current_->error());
  chunk->end_of_source = true;
  CloseCurrent();
}

bool ChunkReader::Fill(Chunk* chunk) {
  for (;;) {
    if (stopped_) return false;
    if (!current_ && !OpenNext()) return false;
    chunk->source = current_index_;
    chunk->end_of_source = false;  // an empty input before this one may have set it
    std::memcpy(chunk->data(), carry_.data(), carry_.size());
    chunk->set_size(carry_.size());
    carry_.clear();

    bool at_eof = false;
    const bool first_chunk = first_chunk_;
    first_chunk_ = false;
    if (!ReadInto(chunk, first_chunk, &at_eof)) {
      errors_.push_back(current_->error());
      CloseCurrent();
      // Keep the complete lines read before the failure.
      const char* last_nl = static_cast<const char*>(memrchr(chunk->data(), '\n', chunk->size()));
      chunk->set_size(last_nl ? static_cast<size_t>(last_nl - chunk->data()) + 1 : 0);
      chunk->end_of_source = true;
      if (chunk->size() > 0) return true;
      continue;
    }
    if (first_chunk && LooksLikePrettyJournal(std::string_view(chunk->data(), chunk->size()))) {
      errors_.push_back(InputDisplayName(paths_[current_index_]) +
                        ": looks like `journalctl -o json-pretty` output (one field per line); "
                        "use `journalctl -o json`");
      CloseCurrent();
      chunk->set_size(0);
      continue;
    }
    if (at_eof) {
      chunk->end_of_source = true;
      CloseCurrent();
      if (chunk->size() == 0) continue;  // an empty input adds nothing
      return true;
    }
    if (chunk->size() < chunk->capacity()) {
      // Flushed early (live input): hand on the complete lines, carry the rest.
      const char* nl = static_cast<const char*>(memrchr(chunk->data(), '\n', chunk->size()));
      size_t keep = static_cast<size_t>(nl - chunk->data()) + 1;
      carry_.assign(chunk->data() + keep, chunk->size() - keep);
      chunk->set_size(keep);
      return true;
    }
    // The chunk is full: cut after its last newline and carry the rest over.
    const char* last_nl = static_cast<const char*>(memrchr(chunk->data(), '\n', chunk->size()));
    if (last_nl) {
      size_t keep = static_cast<size_t>(last_nl - chunk->data()) + 1;
      carry_.assign(chunk->data() + keep, chunk->size() - keep);
      chunk->set_size(keep);
      MarkEndIfNothingFollows(chunk);
      return true;
    }
    // One line fills the whole buffer: keep its start, skip to its end.
    chunk->oversized_line = true;
    uint64_t skipped = 0;
    bool eof_in_line = false;
    if (!SkipRestOfLine(chunk->capacity(), &skipped, &eof_in_line)) {
      errors_.push_back(current_->error());
      eof_in_line = true;
    }
    chunk->oversized_bytes = chunk->size() + skipped;
    if (eof_in_line) {
      chunk->end_of_source = true;
      CloseCurrent();
    } else {
      MarkEndIfNothingFollows(chunk);
    }
    return true;
  }
}

}  // namespace sluice
