// ChunkParser: parses every line of a chunk with simdjson, fast and strictly.
//
// Why this design: per-document set-up dominates on ~400-byte lines, so the
// parser runs simdjson's iterate_many (stage 1 over the whole chunk at once)
// and walks the documents it finds. iterate_many does not know about lines,
// so each document is checked to span exactly one line; any anomaly (a parse
// error, two documents on a line, one document over two lines, a line that is
// too long, a document that is not an object) sends that line, and a few after
// it, through a per-line parse that decides precisely. One bad line therefore
// never costs its neighbours, and a chunk full of bad lines degrades to the
// per-line speed instead of restarting stage 1 over and over.
// Which lines go the per-line way depends on what stopped iterate_many: an
// anomaly of one document (not an object, not ending on its line, a walk
// error) puts only that line in doubt, so iterate_many resumes on the next
// one; a stage-1 error (invalid UTF-8, an unclosed string) is reported for a
// whole window without saying where, so the lines of that window go one by one.
//
// Handler interface (called in line order; line_index is 0-based in the chunk):
//   simdjson::error_code WalkRecord(std::string_view line, ondemand::object);
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
  explicit ChunkParser(size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {
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
  template <class Handler>
  void ParseOneLine(const char* data, size_t size, size_t k, Handler* handler);
  // Where iterate_many stopped: `line`, or lines_.size() at the end. `local`:
  // only that line is in doubt; otherwise stage 1 failed somewhere in the
  // window that starts at it.
  struct Stop {
    size_t line;
    bool local;
  };
  // Runs iterate_many from line k.
  template <class Handler>
  Stop ParseMany(const char* data, size_t size, size_t k, Handler* handler);
  // The first line starting kBatchBytes or more after line k (at least k + 1).
  size_t WindowEnd(size_t k) const;

  // After this many anomalies in one chunk, the rest goes line by line (each
  // restart re-runs stage 1 over up to a window).
  static constexpr int kMaxRestarts = 24;
  // Stage 1 runs over windows of this size, so an anomaly re-runs at most one
  // window; a line longer than this goes through the per-line path.
  static constexpr size_t kBatchBytes = 128 * 1024;

  size_t max_line_bytes_;
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
    size_t until = lines_.size();
    if (restarts <= kMaxRestarts) {
      Stop stop = ParseMany(data, size, k, handler);
      if (stop.line >= lines_.size()) break;
      k = stop.line;
      ++restarts;
      until = stop.local ? k + 1 : WindowEnd(k);
    }
    for (; k < until; ++k) ParseOneLine(data, size, k, handler);
  }
  return lines_.size();
}

template <class Handler>
void ChunkParser::ParseOneLine(const char* data, size_t size, size_t k, Handler* handler) {
  const Line& line = lines_[k];
  if (line.first == line.end) return;
  std::string_view text(data + line.begin, line.end - line.begin);
  ++fallback_lines_;
  if (text.size() > max_line_bytes_) {
    handler->OnMalformed(k, text, Malformed::kTooLong);
    return;
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
    return;
  }
  handler->CommitRecord(k, text);
}

template <class Handler>
ChunkParser::Stop ChunkParser::ParseMany(const char* data, size_t size, size_t k, Handler* handler) {
  const size_t base = lines_[k].first;
  ondemand::document_stream stream;
  const size_t len = size - base;
  if (many_parser_.iterate_many(data + base, len, kBatchBytes).get(stream)) return {k, false};
  for (auto it = stream.begin(); it != stream.end(); ++it) {
    while (k < lines_.size() && lines_[k].first == lines_[k].end) ++k;
    if (k >= lines_.size()) return {k, true};  // a document past the last line: anomaly
    const Line& line = lines_[k];
    if (base + it.current_index() != line.first) return {k, false};
    if (line.end - line.begin > max_line_bytes_) return {k, true};
    auto doc = *it;
    ondemand::object object;
    if (simdjson::error_code error = doc.get_object().get(object)) {
      // A valid document that is not an object is this line's business; any
      // other error here comes from stage 1, for the whole window.
      return {k, error == simdjson::INCORRECT_TYPE};
    }
    std::string_view text(data + line.begin, line.end - line.begin);
    if (handler->WalkRecord(text, object)) {
      handler->AbortRecord();
      return {k, true};
    }
    // The document must end on this line, and nothing else may follow on it.
    const char* next = nullptr;
    if (doc.current_location().get(next)) next = data + size;
    const char* close = next;
    while (close > data && (close[-1] == ' ' || close[-1] == '\t' || close[-1] == '\n' ||
                            close[-1] == '\r')) {
      --close;
    }
    if (close > data + line.end || next < data + line.end) {
      handler->AbortRecord();
      return {k, true};
    }
    handler->CommitRecord(k, text);
    ++k;
  }
  if (stream.truncated_bytes() != 0) {
    while (k < lines_.size() && lines_[k].first == lines_[k].end) ++k;
    return {k, true};
  }
  return {lines_.size(), true};
}

}  // namespace sluice
