#include "sink/output_sink.h"

#include "sink/dead_letter_line.h"

namespace sluice {

OutputSink::OutputSink(OutputFile* output, OutputFile* dead_letter,
                       std::vector<std::string> source_names, bool compressed)
    : output_(output),
      dead_letter_(dead_letter),
      source_names_(std::move(source_names)),
      lines_seen_(source_names_.size(), 0),
      compressed_(compressed) {}

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
      for (const DeadLetterEntry& entry : chunk.dead) {
        AppendDeadLetterLine(chunk, entry, {source_names_[chunk.source], seen + entry.line_in_chunk + 1, {}},
                             &dead_buffer_);
      }
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
