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
// journalctl's size limit) stays null. A MESSAGE repeated in the entry
// (journalctl writes an array of its values; the daemon's journal source, one
// member per value) becomes one text message, its values joined by '\n' and
// never made the record. Any other MESSAGE (a number, an object, an array of
// something else) could hide bytes no rule can read: it is written as a null
// that the caller masks whole (masked()), fail closed. Envelope fields given
// as bytes or repeated are decoded as MESSAGE is.
// Those odd forms take a slow path; a MESSAGE that is one string does not.
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

  // For a kept envelope that holds a number, which journalctl writes only as
  // a byte of a value that is not UTF-8 (the slow path): writes the line to
  // *out with each member value in journalctl's array forms as text, so that
  // it is redacted like any string -- a byte array as a string (invalid UTF-8
  // becomes U+FFFD), a repeated field as an array of strings -- whatever its
  // key (duplicated, escaped). Any other array becomes a null listed in
  // masked(). An error if the line is not a valid object.
  simdjson::error_code DecodeKept(std::string_view line, std::string* out);

  // Reads the envelope's fields (consuming the object); an error if it is not
  // valid or has no MESSAGE. Views into the line stay in use until Build.
  simdjson::error_code Read(simdjson::ondemand::object& envelope);
  // Writes the record the envelope carries to *record (replacing it).
  // `as_text` keeps a JSON-looking MESSAGE as text (for when it turned out
  // not to be a valid object). Returns true if MESSAGE was spliced as an object.
  bool Build(bool as_text, std::string* record);

  // Offsets, in the text Build or DecodeKept wrote last, of the nulls that
  // stand for values this class could not decode: the caller masks each
  // whole, as the redactor masks what it cannot decide.
  const std::vector<size_t>& masked() const { return masked_; }

 private:
  enum class MessageKind {
    kMissing,
    kText,       // one string or byte array: may hold the record
    kRepeated,   // several values joined by '\n': always text
    kNull,
    kUndecided,  // not a form journalctl writes: masked whole
  };
  // MESSAGE in any form but a first, plain string (the slow path).
  simdjson::error_code ReadOtherMessage(simdjson::ondemand::value& value);
  // Reads `value` whole into *text as journalctl writes a field.
  simdjson::error_code ReadValue(simdjson::ondemand::value& value, std::string* text, MessageKind* kind);
  // Parses an array value in full, moving past it; *raw: its text in the line.
  simdjson::error_code ParseArray(simdjson::ondemand::value& value, simdjson::dom::array* array,
                                  std::string_view* raw);
  void AppendEnvelopeObject(std::string* out) const;

  EnvelopeOptions options_;
  // Raw JSON bodies of the envelope fields of the current line, by EnvelopeField.
  std::string_view values_[static_cast<int>(EnvelopeField::kCount)];
  // The escaped text of a field given as bytes or repeated (values_ points here).
  std::string field_text_[static_cast<int>(EnvelopeField::kCount)];
  MessageKind message_kind_ = MessageKind::kMissing;
  std::string message_;  // decoded MESSAGE text
  std::vector<size_t> masked_;
  // For the slow path: arrays parsed whole, a padded copy of a kept line, scratch.
  simdjson::dom::parser array_parser_;
  simdjson::ondemand::parser line_parser_;
  std::string line_copy_;
  std::string part_;
  std::string bytes_;
};

}  // namespace sluice
