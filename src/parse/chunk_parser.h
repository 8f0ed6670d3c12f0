// ChunkParser: parses every line of a chunk with simdjson, fast and strictly.
//
// Why this design: per-document set-up dominates on ~400-byte lines, so the
// parser runs simdjson's iterate_many (stage 1 over a 64 KiB window of lines
// at once) and walks the documents it finds. iterate_many does not know about
// lines, so each document is checked to span exactly one line; any anomaly (a
// parse error, two documents on a line, one document over two lines, a line
// that is too long, a document that is not an object) sends that line, and a
// few after it, through a per-line parse that decides precisely. A stage-1
// error (invalid UTF-8, an unclosed string) is only reported at the window's
// first line: then lines go one by one until the bad one. One bad line
// therefore costs at most part of its window, and a chunk full of bad lines
// degrades to the per-line speed instead of restarting stage 1 over and over.
//
// Handler interface (called in line order; line_index is 0-based in the chunk):
//   simdjson::error_code WalkRecord(std::string_view line, ondemand::object&);
//   void CommitRecord(uint64_t line_index, std::string_view line);  // after a clean walk
//   void AbortRecord();                                   // discard what the walk made
//   void OnMalformed(uint64_t line_index, std::string_view line, Malformed cause);
// `line` excludes the newline and a trailing '\r'. Blank lines are skipped.
//
// Buffer: the bytes must be followed by at least SIMDJSON_PADDING readable
// bytes (chunks guarantee it). Thread safety: one parser per worker.
// Tests: tests/parse/chunk_parser_test.cpp.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "core/chunk.h"
#include "core/malformed.h"

namespace sluice {

namespace ondemand = simdjson::ondemand;

static_assert(kChunkPadding >= simdjson::SIMDJSON_PADDING, "chunk padding too small for simdjson");

Malformed MalformedFromError(simdjson::error_code error);
// Full validation of one line (slow path, for error reports only).
bool IsValidJson(std::string_view text);

class ChunkParser {
 public:
  // `sse_prefix`: lines starting "data: " (`journalctl -o json-sse`) are read
  // from after the prefix.
  explicit ChunkParser(size_t max_line_bytes, bool sse_prefix = false)
      : max_line_bytes_(max_line_bytes), sse_prefix_(sse_prefix) {
    // The worker threads are the parallelism; no stage-1 thread per stream.
    many_parser_.threaded = false;
  }

  // Returns the number of lines (blank ones included).
  template <class Handler>
  uint64_t Parse(const char* data, size_t size, Handler* handler);

  // Counters for tests and profiling.
  uint64_t fallback_lines() const { return fallback_lines_; }

 private:
  struct Line {
    uint32_t begin;  // first byte
    uint32_t end;    // one past the last content byte (before "\r\n" / "\n")
    uint32_t first;  // first non-space byte, == end for a blank line
  };

  void SplitLines(const char* data, size_t size);
  // One past the last line of the window that starts at line k.
  size_t WindowEnd(size_t k) const;
  // Returns false when the line is malformed.
  template <class Handler>
  bool ParseOneLine(const char* data, size_t size, size_t k, Handler* handler);
  // Runs iterate_many over lines [k, end); returns the line where an anomaly
  // stopped it, or `end` when it reached the window's end.
  template <class Handler>
  size_t ParseMany(const char* data, size_t size, size_t k, size_t end, Handler* handler);

  // After this many anomalies in one chunk, the rest goes line by line.
  static constexpr int kMaxRestarts = 8;
  // Lines parsed one by one after an anomaly before iterate_many resumes.
  static constexpr size_t kFallbackLines = 16;
  // iterate_many runs over windows of about this many bytes. A stage-1 error
  // (invalid UTF-8, an unclosed string, a raw control character) is reported
  // at the first document of the window, wherever the bad line is; it then
  // costs the lines up to the bad one in that window, never the whole chunk.
  static constexpr size_t kWindowBytes = 64 * 1024;

  size_t max_line_bytes_;
  bool sse_prefix_;
  ondemand::parser many_parser_;
  ondemand::parser line_parser_;
  std::vector<Line> lines_;
  uint64_t fallback_lines_ = 0;
};

template <class Handler>
uint64_t ChunkParser::Parse(const char* data, size_t size, Handler* handler) {
  SplitLines(data, size);
  size_t k = 0;
  int restarts = 0;
  while (k < lines_.size()) {
    if (lines_[k].first == lines_[k].end) {
      ++k;
      continue;
    }
    if (restarts > kMaxRestarts) {
      for (; k < lines_.size(); ++k) ParseOneLine(data, size, k, handler);
      break;
    }
    const size_t end = WindowEnd(k);
    k = ParseMany(data, size, k, end, handler);
    if (k >= end) continue;
    ++restarts;
    // Usually the line where iterate_many stopped is the bad one, and a few
    // lines one by one get past it; after a stage-1 error, go one by one
    // until a line does fail (or the window ends).
    const size_t until = std::min(end, k + kFallbackLines);
    bool found_bad = false;
    for (; k < end && (k < until || !found_bad); ++k) {
      if (!ParseOneLine(data, size, k, handler)) found_bad = true;
    }
  }
  return lines_.size();
}

template <class Handler>
bool ChunkParser::ParseOneLine(const char* data, size_t size, size_t k, Handler* handler) {
  const Line& line = lines_[k];
  if (line.first == line.end) return true;
  std::string_view text(data + line.begin, line.end - line.begin);
  ++fallback_lines_;
  if (text.size() > max_line_bytes_) {
    handler->OnMalformed(k, text, Malformed::kTooLong);
    return false;
  }
  // The rest of the chunk and its padding follow the line: no copy needed.
  const size_t allocated = size + simdjson::SIMDJSON_PADDING - line.first;
  ondemand::document doc;
  simdjson::error_code error =
      line_parser_.iterate(data + line.first, line.end - line.first, allocated).get(doc);
  ondemand::object object;
  if (!error) error = doc.get_object().get(object);
  if (!error) error = handler->WalkRecord(text, object);
  const char* trailing = nullptr;
  if (!error && doc.current_location().get(trailing) == simdjson::SUCCESS) {
    error = simdjson::TRAILING_CONTENT;  // more after the object on this line
  }
  if (error) {
    handler->AbortRecord();
    Malformed cause = MalformedFromError(error);
    // "Not an object" only for valid JSON: `not json` is invalid, `[1]` is not an object.
    if (cause == Malformed::kNotObject && !IsValidJson(text)) cause = Malformed::kInvalidJson;
    handler->OnMalformed(k, text, cause);
    return false;
  }
  handler->CommitRecord(k, text);
  return true;
}

template <class Handler>
size_t ChunkParser::ParseMany(const char* data, size_t size, size_t k, size_t end, Handler* handler) {
  const size_t base = lines_[k].first;
  // The window ends after its last line's content (a "data: " prefix of the
  // next line, for json-sse, stays out of it).
  const size_t stop = end < lines_.size() ? lines_[end - 1].end : size;
  ondemand::document_stream stream;
  const size_t len = stop - base;
  if (many_parser_.iterate_many(data + base, len, len < 4096 ? 4096 : len).get(stream)) return k;
  for (auto it = stream.begin(); it != stream.end(); ++it) {
    while (k < end && lines_[k].first == lines_[k].end) ++k;
    if (k >= end) return k;  // a document past the last line: anomaly
    const Line& line = lines_[k];
    if (base + it.current_index() != line.first) return k;
    if (line.end - line.begin > max_line_bytes_) return k;
    auto doc = *it;
    ondemand::object object;
    if (doc.get_object().get(object)) return k;
    std::string_view text(data + line.begin, line.end - line.begin);
    if (handler->WalkRecord(text, object)) {
      handler->AbortRecord();
      return k;
    }
    // The document must end on this line, and nothing else may follow on it.
    const char* next = nullptr;
    if (doc.current_location().get(next)) {
      // The window's last document ends where its source does. Bytes after it
      // that stage 1 rejects (invalid UTF-8, an unclosed quote) would only show
      // as an error on a document after this one, once this line is committed.
      const std::string_view source = it.source();
      next = source.data() + source.size();
      while (next < data + stop && (*next == ' ' || *next == '\t' || *next == '\r')) ++next;
    }
    const char* close = next;
    while (close > data && (close[-1] == ' ' || close[-1] == '\t' || close[-1] == '\n' ||
                            close[-1] == '\r')) {
      --close;
    }
    if (close > data + line.end || next < data + line.end) {
      handler->AbortRecord();
      return k;
    }
    handler->CommitRecord(k, text);
    ++k;
  }
  if (stream.truncated_bytes() != 0) {
    while (k < end && lines_[k].first == lines_[k].end) ++k;
    return k;
  }
  return end;
}

}  // namespace sluice
