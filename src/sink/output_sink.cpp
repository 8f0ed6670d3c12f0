#include "sink/output_sink.h"

#include "core/json_text.h"

namespace sluice {

OutputSink::OutputSink(OutputFile* output, OutputFile* dead_letter,
                       std::vector<std::string> source_names, bool compressed)
    : output_(output),
      dead_letter_(dead_letter),
      source_names_(std::move(source_names)),
      lines_seen_(source_names_.size(), 0),
      compressed_(compressed) {}

void OutputSink::AppendDeadLetter(const Chunk& chunk, const DeadLetterEntry& entry,
                                  uint64_t first_line) {
  dead_buffer_.append("{\"source\":\"");
  AppendJsonEscaped(source_names_[chunk.source], &dead_buffer_);
  dead_buffer_.append("\",\"line\":");
  dead_buffer_.append(std::to_string(first_line + entry.line_in_chunk + 1));
  dead_buffer_.append(",\"error\":\"");
  dead_buffer_.append(MalformedName(entry.cause));
  dead_buffer_.append("\",\"bytes\":");
  dead_buffer_.append(std::to_string(entry.line_bytes));
  dead_buffer_.append(",\"text\":\"");
  AppendJsonEscaped(std::string_view(chunk.dead_text.data() + entry.text_offset, entry.text_size),
                    &dead_buffer_);
  dead_buffer_.append("\"");
  if (entry.truncated) {
    dead_buffer_.append(",\"truncated\":true");
  }
  dead_buffer_.append("}\n");
}

bool OutputSink::Write(const Chunk& chunk) {
  const std::string& bytes = compressed_ ? chunk.frame : chunk.out;
  if (!bytes.empty() && !output_->Write(bytes)) {
    error_ = output_->error();
    return false;
  }
  uint64_t& seen = lines_seen_[chunk.source];
  if (!chunk.dead.empty()) {
    dead_letters_.fetch_add(chunk.dead.size(), std::memory_order_relaxed);
    if (dead_letter_) {
      dead_buffer_.clear();
      for (const DeadLetterEntry& entry : chunk.dead) AppendDeadLetter(chunk, entry, seen);
      if (!dead_letter_->Write(dead_buffer_)) {
        error_ = dead_letter_->error();
        return false;
      }
    }
  }
  seen += chunk.line_count;
  lines_done_.fetch_add(chunk.line_count, std::memory_order_relaxed);
  return true;
}

}  // namespace sluice
