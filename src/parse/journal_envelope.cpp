#include "parse/journal_envelope.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "core/json_text.h"
#include "parse/record_walker.h"

namespace sluice {
namespace {

// Appends `n` as exactly `width` digits.
void AppendDigits(uint64_t n, int width, char* at) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + n % 10);
    n /= 10;
  }
}

// Microseconds since the epoch as "2026-11-23T13:24:08.123456Z". One journal
// line in six carries this, so the years 0000-9999 are formatted by hand
// (gmtime_r, strftime and snprintf were 2% of the worker's time); later
// years, which no clock writes, go through the C library.
void AppendTimestamp(uint64_t micros, std::string* out) {
  namespace chrono = std::chrono;
  constexpr uint64_t kYear10000 = 253402300800;  // 10000-01-01T00:00:00Z in seconds
  const uint64_t secs = micros / 1000000;
  if (secs >= kYear10000) {
    const auto t = static_cast<std::time_t>(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(buf + n, sizeof buf - n, ".%06lluZ",
                  static_cast<unsigned long long>(micros % 1000000));
    out->append(buf);
    return;
  }
  const chrono::sys_days day{chrono::days{secs / 86400}};
  const chrono::year_month_day date{day};
  const uint64_t second_of_day = secs % 86400;
  char buf[28] = "0000-00-00T00:00:00.000000Z";
  AppendDigits(static_cast<uint64_t>(static_cast<int>(date.year())), 4, buf);
  AppendDigits(static_cast<unsigned>(date.month()), 2, buf + 5);
  AppendDigits(static_cast<unsigned>(date.day()), 2, buf + 8);
  AppendDigits(second_of_day / 3600, 2, buf + 11);
  AppendDigits(second_of_day / 60 % 60, 2, buf + 14);
  AppendDigits(second_of_day % 60, 2, buf + 17);
  AppendDigits(micros % 1000000, 6, buf + 20);
  out->append(buf, 27);
}

struct FieldName {
  EnvelopeField field;
  std::string_view option;   // name in --envelope-fields and in the output
  std::string_view journal;  // journalctl's field name
};

constexpr FieldName kFields[] = {
    {EnvelopeField::kUnit, "unit", "_SYSTEMD_UNIT"},
    {EnvelopeField::kHostname, "hostname", "_HOSTNAME"},
    {EnvelopeField::kPid, "pid", "_PID"},
    {EnvelopeField::kPriority, "priority", "PRIORITY"},
    {EnvelopeField::kTimestamp, "timestamp", "__REALTIME_TIMESTAMP"},
    {EnvelopeField::kIdentifier, "identifier", "SYSLOG_IDENTIFIER"},
    {EnvelopeField::kComm, "comm", "_COMM"},
    {EnvelopeField::kBootId, "boot_id", "_BOOT_ID"},
    {EnvelopeField::kCursor, "cursor", "__CURSOR"},
};

constexpr std::string_view kPriorityNames[] = {"emerg",   "alert",  "crit", "err",
                                               "warning", "notice", "info", "debug"};

bool LooksLikeObject(std::string_view text) {
  size_t b = 0;
  size_t e = text.size();
  while (b < e && (text[b] == ' ' || text[b] == '\t' || text[b] == '\n' || text[b] == '\r')) ++b;
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\n' ||
                   text[e - 1] == '\r')) {
    --e;
  }
  return e - b >= 2 && text[b] == '{' && text[e - 1] == '}';
}

// journalctl writes a value that is not UTF-8 as an array of its bytes.
// False when `array` is not one (an empty array is the empty text).
bool BytesOf(simdjson::dom::array array, std::string* bytes) {
  bytes->clear();
  for (simdjson::dom::element item : array) {
    uint64_t byte = 0;
    if (item.get_uint64().get(byte) != simdjson::SUCCESS || byte > 255) return false;
    bytes->push_back(static_cast<char>(byte));
  }
  return true;
}

// An item of a repeated field's array: a string, a byte array or a null (a
// value over journalctl's size limit). kOther for anything else.
enum class Part { kText, kNull, kOther };

Part PartOf(simdjson::dom::element item, std::string* text) {
  std::string_view s;
  simdjson::dom::array bytes;
  if (item.is_null()) return Part::kNull;
  if (item.get_string().get(s) == simdjson::SUCCESS) {
    text->assign(s);
    return Part::kText;
  }
  if (item.get_array().get(bytes) == simdjson::SUCCESS && BytesOf(bytes, text)) return Part::kText;
  return Part::kOther;
}

// Writes an array in journalctl's forms as text: a byte array as a string, a
// repeated field as an array of strings and nulls. False, *out as it was,
// for any other array.
bool AppendArrayAsText(simdjson::dom::array array, std::string* out, std::string* scratch) {
  if (BytesOf(array, scratch)) {
    AppendJsonString(*scratch, out);
    return true;
  }
  const size_t start = out->size();
  out->push_back('[');
  for (simdjson::dom::element item : array) {
    if (out->size() > start + 1) out->push_back(',');
    switch (PartOf(item, scratch)) {
      case Part::kText:
        AppendJsonString(*scratch, out);
        break;
      case Part::kNull:
        out->append("null");
        break;
      case Part::kOther:
        out->resize(start);
        return false;
    }
  }
  out->push_back(']');
  return true;
}

}  // namespace

bool ParseEnvelopeFields(std::string_view list, std::vector<EnvelopeField>* fields,
                         std::string* bad_name) {
  fields->clear();
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view name = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (name.empty()) continue;
    bool found = false;
    for (const FieldName& f : kFields) {
      if (f.option == name) {
        fields->push_back(f.field);
        found = true;
      }
    }
    if (!found) {
      *bad_name = std::string(name);
      return false;
    }
  }
  return true;
}

namespace {

// The key of `field` without copying it: journalctl never escapes a key, so
// only a key holding a backslash is decoded (simdjson's unescaped_key). Its
// end is found 16 bytes a step, before the value's first byte (a byte loop
// was 4% of the worker's time on journal input).
simdjson::error_code KeyOf(simdjson::ondemand::field& field, std::string_view* key) {
  const char* body = field.key().raw();
  bool escaped = false;
  const char* end = FindKeyEnd(body, field.value().raw_json_token().data(), &escaped);
  if (end == nullptr) return simdjson::TAPE_ERROR;
  if (escaped) return field.unescaped_key().get(*key);
  *key = std::string_view(body, static_cast<size_t>(end - body));
  return simdjson::SUCCESS;
}

// Reads `value` whole, so that an invalid one fails the envelope: On-Demand
// does not check what it skips (`"X":tru`, a bad escape in a kept field).
// Stage 1 has checked the UTF-8 and control characters of the whole line, so
// only a string with an escape is decoded to check it.
simdjson::error_code ValidateValue(simdjson::ondemand::value& value, int depth) {
  if (depth > 64) return simdjson::DEPTH_ERROR;
  simdjson::ondemand::json_type type;
  SIMDJSON_TRY(value.type().get(type));
  switch (type) {
    case simdjson::ondemand::json_type::object: {
      simdjson::ondemand::object object;
      SIMDJSON_TRY(value.get_object().get(object));
      for (auto field_result : object) {
        SIMDJSON_TRY(field_result.error());
        simdjson::ondemand::field& field = field_result.value_unsafe();
        std::string_view key;
        SIMDJSON_TRY(KeyOf(field, &key));
        SIMDJSON_TRY(ValidateValue(field.value(), depth + 1));
      }
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::array: {
      simdjson::ondemand::array array;
      SIMDJSON_TRY(value.get_array().get(array));
      for (auto item_result : array) {
        SIMDJSON_TRY(item_result.error());
        SIMDJSON_TRY(ValidateValue(item_result.value_unsafe(), depth + 1));
      }
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::string: {
      // The token runs from the opening quote past the closing one.
      const std::string_view token = value.raw_json_token();
      if (std::memchr(token.data(), '\\', token.size()) == nullptr) {
        simdjson::ondemand::raw_json_string raw;
        return value.get_raw_json_string().get(raw);
      }
      std::string_view text;
      return value.get_string().get(text);
    }
    case simdjson::ondemand::json_type::number:
      return IsJsonNumber(TrimJsonSpace(value.raw_json_token())) ? simdjson::SUCCESS : simdjson::NUMBER_ERROR;
    case simdjson::ondemand::json_type::boolean:
    case simdjson::ondemand::json_type::null: {
      const std::string_view token = TrimJsonSpace(value.raw_json_token());
      return token == "true" || token == "false" || token == "null" ? simdjson::SUCCESS : simdjson::T_ATOM_ERROR;
    }
  }
  return simdjson::INCORRECT_TYPE;
}

}  // namespace

simdjson::error_code JournalEnvelope::Read(simdjson::ondemand::object& envelope) {
  for (auto& v : values_) v = {};
  // message_ keeps the last line's bytes until a MESSAGE replaces them: the
  // decoder then fills only what the last line did not (clearing it first
  // had the decoder zero the whole MESSAGE again, line after line).
  message_kind_ = MessageKind::kMissing;
  for (auto field_result : envelope) {
    // Used in place, as RecordWalker does: a copy of simdjson's iterators
    // can stall on store forwarding.
    SIMDJSON_TRY(field_result.error());
    simdjson::ondemand::field& field = field_result.value_unsafe();
    std::string_view key;
    SIMDJSON_TRY(KeyOf(field, &key));
    simdjson::ondemand::value& value = field.value();
    if (key == "MESSAGE") {
      simdjson::ondemand::json_type type;
      SIMDJSON_TRY(value.type().get(type));
      if (type != simdjson::ondemand::json_type::string || message_kind_ != MessageKind::kMissing) {
        SIMDJSON_TRY(ReadOtherMessage(value));
        continue;
      }
      // Decoded here rather than by simdjson: a MESSAGE that holds a JSON
      // line escapes every quote in it, and UnescapeJsonString takes such
      // escapes a block at a time (simdjson's decoder, one at a time, was
      // 5% of the worker's time).
      const std::string_view token = TrimJsonSpace(value.raw_json_token());
      if (token.size() < 2 || token.back() != '"') return simdjson::STRING_ERROR;
      simdjson::ondemand::raw_json_string raw;
      SIMDJSON_TRY(value.get_raw_json_string().get(raw));
      if (!UnescapeJsonString(token.substr(1, token.size() - 2), &message_)) {
        return simdjson::STRING_ERROR;
      }
      message_kind_ = MessageKind::kText;
      continue;
    }
    bool consumed = false;
    for (const FieldName& f : kFields) {
      if (f.journal != key) continue;
      const int i = static_cast<int>(f.field);
      std::string_view token = TrimJsonSpace(value.raw_json_token());
      if (token.size() >= 2 && token.front() == '"') {
        values_[i] = token.substr(1, token.size() - 2);
      } else if (token.starts_with('[')) {
        // Bytes or a repeated value (the slow path): kept as its text. Any
        // other form is left out, as a number or an object is.
        MessageKind kind;
        SIMDJSON_TRY(ReadValue(value, &part_, &kind));
        field_text_[i].clear();
        if (kind == MessageKind::kText || kind == MessageKind::kRepeated) {
          AppendJsonEscaped(part_, &field_text_[i]);
        }
        values_[i] = field_text_[i];
        consumed = true;
      }
      break;
    }
    if (!consumed) SIMDJSON_TRY(ValidateValue(value, 0));
  }
  if (message_kind_ == MessageKind::kMissing) return simdjson::NO_SUCH_FIELD;
  return simdjson::SUCCESS;
}

simdjson::error_code JournalEnvelope::ReadOtherMessage(simdjson::ondemand::value& value) {
  if (message_kind_ == MessageKind::kMissing) return ReadValue(value, &message_, &message_kind_);
  // MESSAGE again: the daemon's journal source writes a repeated field as one
  // member per value. Joined as the values of an array are.
  MessageKind kind;
  SIMDJSON_TRY(ReadValue(value, &part_, &kind));
  if (kind == MessageKind::kUndecided) message_kind_ = MessageKind::kUndecided;
  if (message_kind_ == MessageKind::kUndecided || kind == MessageKind::kNull) return simdjson::SUCCESS;
  if (message_kind_ == MessageKind::kNull) {
    message_.clear();
  } else {
    message_.push_back('\n');
  }
  message_.append(part_);
  message_kind_ = MessageKind::kRepeated;
  return simdjson::SUCCESS;
}

simdjson::error_code JournalEnvelope::ReadValue(simdjson::ondemand::value& value, std::string* text,
                                                MessageKind* kind) {
  simdjson::ondemand::json_type type;
  SIMDJSON_TRY(value.type().get(type));
  if (type == simdjson::ondemand::json_type::string) {
    std::string_view s;
    SIMDJSON_TRY(value.get_string().get(s));
    text->assign(s);
    *kind = MessageKind::kText;
    return simdjson::SUCCESS;
  }
  if (type != simdjson::ondemand::json_type::array) {
    SIMDJSON_TRY(ValidateValue(value, 0));
    *kind = type == simdjson::ondemand::json_type::null ? MessageKind::kNull : MessageKind::kUndecided;
    return simdjson::SUCCESS;
  }
  simdjson::dom::array array;
  std::string_view raw;
  SIMDJSON_TRY(ParseArray(value, &array, &raw));
  if (BytesOf(array, text)) {
    *kind = MessageKind::kText;
    return simdjson::SUCCESS;
  }
  // A repeated field: its values joined, nulls left out.
  text->clear();
  *kind = MessageKind::kNull;
  for (simdjson::dom::element item : array) {
    const Part part = PartOf(item, &bytes_);
    if (part == Part::kNull) continue;
    if (part == Part::kOther) {
      *kind = MessageKind::kUndecided;
      return simdjson::SUCCESS;
    }
    if (*kind == MessageKind::kRepeated) text->push_back('\n');
    text->append(bytes_);
    *kind = MessageKind::kRepeated;
  }
  return simdjson::SUCCESS;
}

simdjson::error_code JournalEnvelope::ParseArray(simdjson::ondemand::value& value, simdjson::dom::array* array,
                                                 std::string_view* raw) {
  simdjson::ondemand::array items;
  SIMDJSON_TRY(value.get_array().get(items));
  SIMDJSON_TRY(items.raw_json().get(*raw));
  *raw = TrimJsonSpace(*raw);
  // On-Demand checks nothing it skips: the DOM parser reads the array in full.
  return array_parser_.parse(raw->data(), raw->size()).get_array().get(*array);
}

simdjson::error_code JournalEnvelope::DecodeKept(std::string_view line, std::string* out) {
  out->clear();
  masked_.clear();
  line_copy_.assign(line);
  line_copy_.reserve(line.size() + simdjson::SIMDJSON_PADDING);
  simdjson::ondemand::document doc;
  simdjson::ondemand::object object;
  SIMDJSON_TRY(line_parser_.iterate(line_copy_.data(), line_copy_.size(), line_copy_.capacity()).get(doc));
  SIMDJSON_TRY(doc.get_object().get(object));
  size_t copied = 0;  // bytes of the line written to *out so far
  for (auto field_result : object) {
    SIMDJSON_TRY(field_result.error());
    simdjson::ondemand::value& value = field_result.value_unsafe().value();
    simdjson::ondemand::json_type type;
    SIMDJSON_TRY(value.type().get(type));
    if (type != simdjson::ondemand::json_type::array) continue;
    simdjson::dom::array array;
    std::string_view raw;
    SIMDJSON_TRY(ParseArray(value, &array, &raw));
    const size_t begin = static_cast<size_t>(raw.data() - line_copy_.data());
    out->append(line.substr(copied, begin - copied));
    if (!AppendArrayAsText(array, out, &bytes_)) {
      masked_.push_back(out->size());
      out->append("null");
    }
    copied = begin + raw.size();
  }
  out->append(line.substr(copied));
  return simdjson::SUCCESS;
}

bool JournalEnvelope::Build(bool as_text, std::string* record) {
  record->clear();
  masked_.clear();
  if (message_kind_ == MessageKind::kText && !as_text && LooksLikeObject(message_)) {
    std::string_view m = message_;
    size_t close = m.rfind('}');
    size_t open = m.find('{');
    record->append(m.substr(0, close));
    bool has_members = m.find_first_not_of(" \t\r\n", open + 1) != close;
    if (has_members) record->push_back(',');
    AppendEnvelopeObject(record);
    record->append(m.substr(close));
    return true;
  }
  {
    record->append("{\"message\":");
    if (message_kind_ == MessageKind::kNull) {
      record->append("null");
    } else if (message_kind_ == MessageKind::kUndecided) {
      masked_.push_back(record->size());
      record->append("null");
    } else {
      record->push_back('"');
      AppendJsonEscaped(message_, record);
      record->push_back('"');
    }
    record->push_back(',');
    AppendEnvelopeObject(record);
    record->push_back('}');
  }
  return false;
}

void JournalEnvelope::AppendEnvelopeObject(std::string* out) const {
  out->push_back('"');
  AppendJsonEscaped(options_.key, out);
  out->append("\":{");
  bool first = true;
  for (EnvelopeField field : options_.fields) {
    std::string_view raw = values_[static_cast<int>(field)];
    if (raw.empty()) continue;
    if (!first) out->push_back(',');
    first = false;
    out->push_back('"');
    out->append(kFields[static_cast<int>(field)].option);
    out->append("\":");
    switch (field) {
      case EnvelopeField::kPid: {
        // A number only in JSON's own form: "086" stays a string (JSON numbers
        // have no leading zeros).
        uint64_t pid = 0;
        auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), pid);
        if (ec == std::errc() && p == raw.data() + raw.size() && (raw.size() == 1 || raw[0] != '0')) {
          out->append(raw);
        } else {
          out->push_back('"');
          out->append(raw);
          out->push_back('"');
        }
        break;
      }
      case EnvelopeField::kPriority: {
        int level = raw.size() == 1 ? raw[0] - '0' : -1;
        out->push_back('"');
        if (level >= 0 && level <= 7) {
          out->append(kPriorityNames[level]);
        } else {
          out->append(raw);
        }
        out->push_back('"');
        break;
      }
      case EnvelopeField::kTimestamp: {
        uint64_t micros = 0;
        auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), micros);
        if (ec == std::errc() && p == raw.data() + raw.size()) {
          out->push_back('"');
          AppendTimestamp(micros, out);
          out->push_back('"');
        } else {
          out->push_back('"');
          out->append(raw);
          out->push_back('"');
        }
        break;
      }
      default:
        // Raw bodies are already valid JSON string text.
        out->push_back('"');
        out->append(raw);
        out->push_back('"');
    }
  }
  out->push_back('}');
}

}  // namespace sluice
