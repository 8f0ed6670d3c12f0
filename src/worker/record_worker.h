// RecordWorker: the worker stage. For one chunk at a time: parse every line
// (ChunkParser), walk each record once (RecordWalker) while redacting it
// (RecordRedactor) and measuring it, write the records out, keep malformed lines
// for the dead letter (scrubbed of secrets), and compress the result into one
// zstd frame.
//
// Thread safety: one RecordWorker per worker thread; it owns its parser,
// redactor scratch, compressor and metrics shard. The rules are shared and
// immutable. Process() does no I/O.
// Tests: tests/worker/record_worker_test.cpp, and the CLI tests end to end.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "metrics/field_discovery.h"
#include "metrics/metrics_shard.h"
#include "metrics/record_measurer.h"
#include "parse/chunk_parser.h"
#include "parse/journal_envelope.h"
#include "parse/record_walker.h"
#include "redact/record_redactor.h"
#include "redact/redaction_rules.h"
#include "runtime/stage.h"
#include "sink/zstd_frame_encoder.h"

namespace sluice {

enum class InputFormat { kAuto, kNdjson, kJournal };

struct WorkerOptions {
  // kAuto: lines that start like `journalctl -o json` output are unwrapped.
  InputFormat input_format = InputFormat::kAuto;
  // Keep journal envelopes whole (MESSAGE is redacted in place, values given
  // as bytes are decoded) instead of unwrapping the record they carry.
  bool keep_envelope = false;
  EnvelopeOptions envelope;
  size_t max_line_bytes = 1 << 20;
  bool compress = false;
  int level = 3;
  // Malformed lines keep at most this much of their text in the dead letter.
  size_t dead_letter_text_limit = 64 * 1024;
};

class RecordWorker : public ChunkWorker, public RedactorCalls<RecordWorker> {
 public:
  // `discovery` is shared by all workers and must outlive this one; null
  // turns status and latency measurement off (the line, byte, malformed and
  // redaction counters are still kept).
  RecordWorker(const WorkerOptions& options, std::shared_ptr<const RedactionRules> rules,
               const FieldDiscovery* discovery);

  void Process(Chunk* chunk) override;
  const MetricsShard& metrics() const { return metrics_; }

  // --- ChunkParser handler -------------------------------------------------
  simdjson::error_code WalkRecord(std::string_view line, ondemand::object& object);
  void CommitRecord(uint64_t line_index, std::string_view line);
  void AbortRecord() {}
  void OnMalformed(uint64_t line_index, std::string_view line, Malformed cause);

  // --- RecordWalker visitor: RedactorCalls, and these two measure too ------
  void OnString(const KeyPath& path, std::string_view body);
  void OnNumber(const KeyPath& path, std::string_view token);

 private:
  friend struct RedactorCalls<RecordWorker>;
  RecordRedactor& redactor() { return redactor_; }
  WorkerOptions options_;
  std::shared_ptr<const RedactionRules> rules_;
  ChunkParser parser_;
  RecordWalker<RecordWorker> walker_;
  RecordRedactor redactor_;
  std::optional<ZstdFrameEncoder> encoder_;
  // Parses and walks `text` as the record (an unwrapped journal line).
  simdjson::error_code WalkText(const std::string& text);
  simdjson::error_code WalkObject(std::string_view text, ondemand::object& object);
  void MeasureMessage(std::string_view body);
  // Masks whole, as undecided, the values of record_text_ the envelope could not decode.
  void MaskUndecided();
  // Counts a malformed line and keeps its scrubbed text (at most
  // dead_letter_text_limit bytes) for the dead letter. `cut_short`: `line` is
  // only the start of a longer line of `line_bytes`.
  void KeepDeadLine(uint64_t line_index, std::string_view line, Malformed cause, uint64_t line_bytes,
                    bool cut_short);

  RecordMeasurer measurer_;
  bool measure_ = true;  // false: no FieldDiscovery, measurer_ unused
  JournalEnvelope envelope_;
  ondemand::parser record_parser_;  // for records made from journal envelopes
  std::string record_text_;
  // A kept envelope's MESSAGE, parsed for metrics while the envelope itself
  // may be walked on record_parser_ (its byte arrays decoded).
  ondemand::parser message_parser_;
  std::string message_text_;
  std::string_view current_text_;  // the text the current record's edits refer to
  bool measure_message_ = false;   // a kept journal envelope: measure its MESSAGE
  bool saw_number_ = false;        // the current walk met a number
  std::vector<uint16_t> dead_hits_;  // rule ids of a dead line's redactions
  MetricsShard metrics_;
  Chunk* chunk_ = nullptr;
};

}  // namespace sluice
