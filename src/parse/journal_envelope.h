// JournalEnvelope: turns a `journalctl -o json` line into the record it carries.
//
// journalctl wraps every log line in an envelope (`__CURSOR`,
// `__REALTIME_TIMESTAMP`, `_SYSTEMD_UNIT`, ..., `MESSAGE`). When MESSAGE holds
// a JSON object, that object becomes the record -- redacted and measured like
// any app line -- and a chosen set of envelope fields is kept under one key
// ("journal" by default):
//   {"level":"info","status":200,...,"journal":{"unit":"api.service",
//    "hostname":"web-1","pid":1234,"priority":"info","timestamp":"2026-11-23T13:24:08.123456Z"}}
// A plain-text MESSAGE becomes {"message":"...","journal":{...}}; a MESSAGE
// given as an array of byte values (journalctl's form for non-UTF-8 data) is
// decoded first (invalid UTF-8 becomes U+FFFD); a null MESSAGE (over
// journalctl's size limit) stays null.
// Thread safety: one per worker. Allocates nothing per line once warm.
// Tests: tests/parse/journal_envelope_test.cpp.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

namespace sluice {

enum class EnvelopeField : uint8_t {
  kUnit,        // _SYSTEMD_UNIT
  kHostname,    // _HOSTNAME
  kPid,         // _PID (as a number)
  kPriority,    // PRIORITY, as a level name ("info", "err", ...)
  kTimestamp,   // __REALTIME_TIMESTAMP, as ISO-8601 UTC with microseconds
  kIdentifier,  // SYSLOG_IDENTIFIER
  kComm,        // _COMM
  kBootId,      // _BOOT_ID
  kCursor,      // __CURSOR
  kCount
};

struct EnvelopeOptions {
  std::vector<EnvelopeField> fields = {EnvelopeField::kUnit, EnvelopeField::kHostname,
                                       EnvelopeField::kPid, EnvelopeField::kPriority,
                                       EnvelopeField::kTimestamp};
  std::string key = "journal";
};

// Parses "unit,hostname,pid" into fields; false (and the bad name) on an unknown one.
bool ParseEnvelopeFields(std::string_view list, std::vector<EnvelopeField>* fields,
                         std::string* bad_name);

class JournalEnvelope {
 public:
  explicit JournalEnvelope(EnvelopeOptions options) : options_(std::move(options)) {}

  // A cheap test on the raw line: journalctl's JSON starts with these keys.
  static bool LooksLikeEnvelope(std::string_view line) {
    return line.starts_with("{\"__CURSOR\"") || line.starts_with("{\"__REALTIME_TIMESTAMP\"");
  }

  // For a kept envelope: when the line's MESSAGE is an array of byte values,
  // writes the line to *out with that array replaced by its text as a JSON
  // string (invalid UTF-8 becomes U+FFFD), so that MESSAGE is redacted like
  // any string, and returns true; otherwise returns false and leaves *out.
  static bool SpliceByteMessage(std::string_view line, std::string* out);

  // Reads the envelope's fields (consuming the object); an error if it is not
  // valid or has no MESSAGE. Views into the line stay in use until Build.
  simdjson::error_code Read(simdjson::ondemand::object& envelope);
  // Writes the record the envelope carries to *record (replacing it).
  // `as_text` keeps a JSON-looking MESSAGE as text (for when it turned out
  // not to be a valid object). Returns true if MESSAGE was spliced as an object.
  bool Build(bool as_text, std::string* record) const;

 private:
  enum class MessageKind { kMissing, kText, kNull };
  void AppendEnvelopeObject(std::string* out) const;

  EnvelopeOptions options_;
  // Raw JSON bodies of the envelope fields of the current line, by EnvelopeField.
  std::string_view values_[static_cast<int>(EnvelopeField::kCount)];
  MessageKind message_kind_ = MessageKind::kMissing;
  std::string message_;  // decoded MESSAGE text
};

}  // namespace sluice
