#include "worker/record_worker.h"

#include <cstring>

#include "core/json_text.h"

namespace sluice {

RecordWorker::RecordWorker(const WorkerOptions& options, std::shared_ptr<const RedactionRules> rules,
                           const FieldDiscovery* discovery)
    : options_(options),
      rules_(std::move(rules)),
      parser_(options.max_line_bytes, options.input_format != InputFormat::kNdjson),
      redactor_(rules_.get()),
      measurer_(discovery),
      measure_(discovery != nullptr),
      envelope_(options.envelope),
      metrics_(rules_->rule_count()) {
  if (options_.compress) encoder_.emplace(options_.level);
}

void RecordWorker::Process(Chunk* chunk) {
  chunk_ = chunk;
  if (chunk->oversized_line) {
    // Only the start of the line is in the chunk; count its true size.
    chunk->line_count = 1;
    metrics_.bytes_in += chunk->oversized_bytes + 1;
    KeepDeadLine(0, std::string_view(chunk->data(), chunk->size()), Malformed::kTooLong,
                 chunk->oversized_bytes, /*cut_short=*/true);
  } else {
    chunk->line_count = parser_.Parse(chunk->data(), chunk->size(), this);
  }
  metrics_.lines_in += chunk->line_count;  // every line read, blank ones included
  if (encoder_ && !chunk->out.empty()) encoder_->Encode(chunk->out, &chunk->frame);
  chunk_ = nullptr;
}

simdjson::error_code RecordWorker::WalkRecord(std::string_view line, ondemand::object& object) {
  const bool envelope = options_.input_format == InputFormat::kJournal ||
                        (options_.input_format == InputFormat::kAuto && JournalEnvelope::LooksLikeEnvelope(line));
  if (!envelope || options_.keep_envelope) {
    measure_message_ = measure_ && envelope;
    SIMDJSON_TRY(WalkObject(line, object));
    if (!envelope || !saw_number_) return simdjson::SUCCESS;
    // journalctl writes a number only as a byte of a value that is not UTF-8,
    // which hides the text from the redactor: walk the line again with such
    // values decoded (a slow path, for odd lines only).
    SIMDJSON_TRY(envelope_.DecodeKept(line, &record_text_));
    SIMDJSON_TRY(WalkText(record_text_));
    MaskUndecided();
    return simdjson::SUCCESS;
  }
  SIMDJSON_TRY(envelope_.Read(object));
  bool spliced = envelope_.Build(false, &record_text_);
  simdjson::error_code error = WalkText(record_text_);
  if (error && spliced) {
    // MESSAGE looked like JSON but is not a valid object: keep it as text.
    envelope_.Build(true, &record_text_);
    error = WalkText(record_text_);
  }
  if (!error) MaskUndecided();
  return error;
}

void RecordWorker::MaskUndecided() {
  for (size_t at : envelope_.masked()) {
    const char* null = record_text_.data() + at;
    redactor_.OnReplaceValue(rules_->undecided_rule(), null, null + 4);
  }
}

simdjson::error_code RecordWorker::WalkObject(std::string_view text, ondemand::object& object) {
  current_text_ = text;
  saw_number_ = false;
  redactor_.BeginRecord(text);
  if (measure_) measurer_.BeginRecord();
  simdjson::error_code error = walker_.Walk(object, text.data() + text.size(), this);
  if (!error && redactor_.failed()) error = simdjson::STRING_ERROR;
  return error;
}

simdjson::error_code RecordWorker::WalkText(const std::string& text) {
  record_text_.reserve(record_text_.size() + simdjson::SIMDJSON_PADDING);
  ondemand::document doc;
  SIMDJSON_TRY(record_parser_.iterate(text.data(), text.size(), text.capacity()).get(doc));
  ondemand::object object;
  SIMDJSON_TRY(doc.get_object().get(object));
  SIMDJSON_TRY(WalkObject(text, object));
  const char* trailing = nullptr;
  if (doc.current_location().get(trailing) == simdjson::SUCCESS) return simdjson::TRAILING_CONTENT;
  return simdjson::SUCCESS;
}

void RecordWorker::CommitRecord(uint64_t, std::string_view line) {
  const size_t before = chunk_->out.size();
  redactor_.AppendRedacted(current_text_, &chunk_->out);
  chunk_->out.push_back('\n');
  ++metrics_.lines_out;
  metrics_.bytes_in += line.size() + 1;
  metrics_.bytes_out += chunk_->out.size() - before;
  for (uint16_t rule : redactor_.hits()) ++metrics_.redactions[rule];
  if (measure_) measurer_.EndRecord(&metrics_);
}

void RecordWorker::OnMalformed(uint64_t line_index, std::string_view line, Malformed cause) {
  metrics_.bytes_in += line.size() + 1;
  KeepDeadLine(line_index, line, cause, line.size(), /*cut_short=*/false);
}

void RecordWorker::KeepDeadLine(uint64_t line_index, std::string_view line, Malformed cause,
                                uint64_t line_bytes, bool cut_short) {
  ++metrics_.malformed[static_cast<int>(cause)];
  const bool truncated = cut_short || line.size() > options_.dead_letter_text_limit;
  if (line.size() > options_.dead_letter_text_limit) line = line.substr(0, options_.dead_letter_text_limit);
  const size_t offset = chunk_->dead_text.size();
  // A cut may have split a secret: ScrubRawText masks the last word.
  // Its redactions count as a record's do.
  dead_hits_.clear();
  rules_->ScrubRawText(line, &chunk_->dead_text, truncated, &dead_hits_);
  for (uint16_t rule : dead_hits_) ++metrics_.redactions[rule];
  chunk_->dead.push_back({line_index, cause, line_bytes, static_cast<uint32_t>(offset),
                          static_cast<uint32_t>(chunk_->dead_text.size() - offset), truncated});
}

namespace {

// Walks a kept envelope's MESSAGE object for metrics only.
struct MeasureVisitor {
  RecordMeasurer* measurer;
  KeyDecision OnKey(std::string_view) { return {}; }
  void OnString(const KeyPath& path, std::string_view body) { measurer->OnString(path.keys(), body); }
  void OnNumber(const KeyPath& path, std::string_view token) { measurer->OnNumber(path.keys(), token); }
  void OnReplaceValue(int, const char*, const char*) {}
  void OnRemove(int, const char*, const char*) {}
};

}  // namespace

void RecordWorker::MeasureMessage(std::string_view body) {
  if (!UnescapeJsonString(body, &message_text_)) return;
  message_text_.reserve(message_text_.size() + simdjson::SIMDJSON_PADDING);
  ondemand::document doc;
  ondemand::object object;
  if (message_parser_.iterate(message_text_.data(), message_text_.size(), message_text_.capacity()).get(doc) ||
      doc.get_object().get(object)) {
    return;
  }
  MeasureVisitor visitor{&measurer_};
  RecordWalker<MeasureVisitor> walker;
  walker.Walk(object, message_text_.data() + message_text_.size(), &visitor);
}

void RecordWorker::OnString(const KeyPath& path, std::string_view body) {
  if (measure_message_ && path.depth() == 1 && path.keys()[0] == "MESSAGE") {
    // A kept envelope is measured by the record inside its MESSAGE.
    MeasureMessage(body);
  }
  redactor_.OnString(body);
  // Status and latency strings ("200", "45ms") carry no escapes worth decoding.
  if (measure_ && RecordMeasurer::MayMeasure(body)) measurer_.OnString(path.keys(), body);
}

void RecordWorker::OnNumber(const KeyPath& path, std::string_view token) {
  saw_number_ = true;
  redactor_.OnNumber(token);
  if (measure_) measurer_.OnNumber(path.keys(), token);
}

}  // namespace sluice
