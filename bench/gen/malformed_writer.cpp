// MalformedWriter: see malformed_writer.h. Tests: tests/gen/log_generator_test.cpp.
#include "gen/malformed_writer.h"

#include <algorithm>
#include <string_view>

namespace sluice::gen {
namespace {

constexpr std::string_view kBadUtf8[] = {
    "M\xfcller ",          // Latin-1
    "caf\xe9 ",            // Latin-1
    "\xff\xfe",            // never valid
    "\xc3(",               // lead byte without continuation
    "\xed\xa0\x80",        // UTF-16 surrogate
    "\xf0\x9f\x9a ",       // emoji cut short
    "\xc0\xaf",            // overlong '/'
};

constexpr std::string_view kControl[] = {"\x1b[31m", "\t", "\x07", "\x01", "\x1f"};

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

}  // namespace

void MalformedWriter::InsertIntoString(std::string_view bytes, JsonBuffer* out) {
  record_.clear();
  JsonBuffer record(&record_);
  source_(&record);
  // `":"` occurs only between a key and a string value: inside strings quotes
  // are escaped. Pick one of the first few.
  size_t positions[8];
  int n = 0;
  for (size_t at = record_.find("\":\""); at != std::string::npos && n < 8;
       at = record_.find("\":\"", at + 3)) {
    positions[n++] = at + 3;
  }
  const size_t at = n > 0 ? positions[rng_->Below(static_cast<uint32_t>(n))] : 1;
  out->Raw(std::string_view(record_).substr(0, at));
  out->Raw(bytes);
  out->Raw(std::string_view(record_).substr(at));
}

MalformedCause MalformedWriter::Write(JsonBuffer* out) {
  const uint32_t kind = rng_->Below(100);
  if (kind < 30) {  // truncated: the writer died mid-line
    record_.clear();
    JsonBuffer record(&record_);
    const size_t secret_end = source_(&record);
    const size_t len = record_.size();
    size_t lo = std::max(secret_end, len / 3);
    if (lo >= len - 1) lo = len - 1;
    size_t cut = lo + rng_->Below(static_cast<uint32_t>(len - 1 - lo) + 1);
    if (cut > len - 1) cut = len - 1;
    while (cut < len - 1 && IsContinuation(record_[cut])) ++cut;  // keep UTF-8 whole
    out->Raw(std::string_view(record_).substr(0, cut));
    return MalformedCause::kInvalidJson;
  }
  if (kind < 45) {
    InsertIntoString(rng_->Pick(kBadUtf8), out);
    return MalformedCause::kInvalidUtf8;
  }
  if (kind < 57) {
    InsertIntoString(rng_->Pick(kControl), out);
    return MalformedCause::kInvalidJson;
  }
  if (kind < 72) {  // valid JSON, but not an object
    switch (rng_->Below(4)) {
      case 0:
        out->Uint(1795440248000 + rng_->Below(1000000));
        break;
      case 1:  // a batch written as an array
        out->Char('[');
        source_(out);
        out->Char(']');
        break;
      case 2: {  // a record logged as a JSON string (double-encoded)
        record_.clear();
        JsonBuffer record(&record_);
        source_(&record);
        out->Char('"');
        out->Escaped(record_);
        out->Char('"');
        break;
      }
      default:
        out->Raw("\"upstream connect error or disconnect/reset before headers\"");
    }
    return MalformedCause::kNotObject;
  }
  if (kind < 86) {  // two records, the newline between them lost
    source_(out);
    source_(out);
    return MalformedCause::kInvalidJson;
  }
  // Unbalanced braces.
  if (rng_->Chance(0.5)) {
    source_(out);
    out->Char('}');
  } else {
    out->Char('{');
    source_(out);
  }
  return MalformedCause::kInvalidJson;
}

}  // namespace sluice::gen
