#include "worker/record_worker.h"

#include <charconv>
#include <cstring>

namespace sluice {

RecordWorker::RecordWorker(const WorkerOptions& options, std::shared_ptr<const RedactionRules> rules)
    : options_(options),
      rules_(std::move(rules)),
      parser_(options.max_line_bytes),
      redactor_(rules_.get()),
      metrics_(rules_->rule_count()) {
  if (options_.compress) encoder_.emplace(options_.level);
}

void RecordWorker::Process(Chunk* chunk) {
  chunk_ = chunk;
  if (chunk->oversized_line) {
    // Only the start of the line is in the chunk; count its true size.
    chunk->line_count = 1;
    std::string_view start(chunk->data(), chunk->size());
    OnMalformed(0, start, Malformed::kTooLong);
    metrics_.bytes_in += chunk->oversized_bytes - start.size();
    chunk->dead.back().line_bytes = chunk->oversized_bytes;
    chunk->dead.back().truncated = true;
  } else {
    chunk->line_count = parser_.Parse(chunk->data(), chunk->size(), this);
  }
  metrics_.lines_in += chunk->line_count;  // every line read, blank ones included
  if (encoder_ && !chunk->out.empty()) encoder_->Encode(chunk->out, &chunk->frame);
  chunk_ = nullptr;
}

simdjson::error_code RecordWorker::WalkRecord(std::string_view line, ondemand::object object) {
  redactor_.BeginRecord(line.data());
  record_status_ = 0;
  record_latency_ms_ = -1;
  simdjson::error_code error = walker_.Walk(object, line.data() + line.size(), this);
  if (!error && redactor_.failed()) error = simdjson::STRING_ERROR;
  return error;
}

void RecordWorker::CommitRecord(uint64_t, std::string_view line) {
  const size_t before = chunk_->out.size();
  redactor_.AppendRedacted(line, &chunk_->out);
  chunk_->out.push_back('\n');
  ++metrics_.lines_out;
  metrics_.bytes_in += line.size() + 1;
  metrics_.bytes_out += chunk_->out.size() - before;
  for (uint16_t rule : redactor_.hits()) ++metrics_.redactions[rule];
  if (record_status_ >= 100 && record_status_ < 600) ++metrics_.status[record_status_];
  if (record_latency_ms_ >= 0) {
    ++metrics_.latency_count;
    metrics_.latency_sum_ms += record_latency_ms_;
  }
}

void RecordWorker::OnMalformed(uint64_t line_index, std::string_view line, Malformed cause) {
  metrics_.bytes_in += line.size() + 1;
  ++metrics_.malformed[static_cast<int>(cause)];
  const uint64_t line_bytes = line.size();
  const bool truncated = line.size() > options_.dead_letter_text_limit;
  if (truncated) line = line.substr(0, options_.dead_letter_text_limit);
  const size_t offset = chunk_->dead_text.size();
  rules_->ScrubRawText(line, &chunk_->dead_text);
  chunk_->dead.push_back({line_index, cause, line_bytes, static_cast<uint32_t>(offset),
                          static_cast<uint32_t>(chunk_->dead_text.size() - offset), truncated});
}

void RecordWorker::OnString(const KeyPath& path, std::string_view body) {
  redactor_.OnString(body);
}

void RecordWorker::OnNumber(const KeyPath& path, std::string_view token) {
  // Interim discovery: top-level status_code/status and duration_ms.
  if (path.depth() != 1) return;
  std::string_view key = path.keys()[0];
  if (key == "status_code" || key == "status") {
    int status = 0;
    std::from_chars(token.data(), token.data() + token.size(), status);
    record_status_ = status;
  } else if (key == "duration_ms") {
    double ms = -1;
    std::from_chars(token.data(), token.data() + token.size(), ms);
    record_latency_ms_ = ms;
  }
}

}  // namespace sluice
