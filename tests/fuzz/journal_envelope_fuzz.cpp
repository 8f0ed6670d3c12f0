// Fuzz target: bytes as one `journalctl -o json` line through JournalEnvelope
// (Read, then Build). Read must return an error or succeed, never crash. When
// the line is valid JSON (checked with the DOM API), what Build makes must be
// valid too: the record it carries is a JSON object whenever MESSAGE is not
// spliced, and a spliced MESSAGE that is itself a valid object gives a valid
// object; a valid line kept whole (DecodeKept) stays a valid object. The first
// byte picks which envelope fields are kept and the key.
// Replayed by ctest over tests/fuzz/corpus/journal_envelope_fuzz/
// (fuzz_replay.journal_envelope_fuzz).
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "parse/journal_envelope.h"

namespace {

bool IsJsonObject(simdjson::dom::parser* parser, std::string_view text) {
  simdjson::dom::element element;
  return parser->parse(text.data(), text.size()).get(element) == simdjson::SUCCESS &&
         element.type() == simdjson::dom::element_type::OBJECT;
}

void CheckObject(simdjson::dom::parser* parser, const std::string& record) {
  if (!IsJsonObject(parser, record)) {
    std::fprintf(stderr, "invalid record: %s\n", record.c_str());
    FUZZ_CHECK(false);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sluice;
  if (size == 0) return 0;
  sluice::EnvelopeOptions options;
  const unsigned selector = data[0];
  if (selector & 1) {
    options.fields.clear();
    for (int f = 0; f < static_cast<int>(EnvelopeField::kCount); ++f) {
      if ((selector >> 1) & (1u << (f % 7))) options.fields.push_back(static_cast<EnvelopeField>(f));
    }
    options.key = std::string(1, static_cast<char>(selector));  // any byte, escaped on output
  }
  const std::string_view line(reinterpret_cast<const char*>(data) + 1, size - 1);
  const simdjson::padded_string padded(line);

  static simdjson::ondemand::parser* parser = new simdjson::ondemand::parser();
  static simdjson::dom::parser* dom = new simdjson::dom::parser();
  JournalEnvelope envelope(options);
  if (IsJsonObject(dom, line)) {
    // Kept whole, with its arrays decoded or masked: still a valid object.
    std::string kept;
    FUZZ_CHECK(envelope.DecodeKept(line, &kept) == simdjson::SUCCESS);
    CheckObject(dom, kept);
  }
  simdjson::ondemand::document doc;
  simdjson::ondemand::object object;
  if (parser->iterate(padded).get(doc) || doc.get_object().get(object) || envelope.Read(object)) {
    return 0;
  }
  std::string record;
  const bool spliced = envelope.Build(false, &record);
  if (!IsJsonObject(dom, line)) return 0;  // Read may accept what a full parse refuses
  if (!spliced) {
    CheckObject(dom, record);
    return 0;
  }
  // Spliced: valid when MESSAGE is a valid object, and as text always.
  simdjson::dom::object root;
  FUZZ_CHECK(dom->parse(line.data(), line.size()).get(root) == simdjson::SUCCESS);
  // Only a MESSAGE given once (other members of that name null) is spliced.
  std::string message;
  bool text = false;
  for (auto field : root) {
    if (field.key != "MESSAGE") continue;
    std::string_view s;
    if (field.value.get(s) == simdjson::SUCCESS) {
      text = true;
      message.assign(s);
    }
  }
  if (text && IsJsonObject(dom, message)) CheckObject(dom, record);
  envelope.Build(true, &record);
  CheckObject(dom, record);
  return 0;
}
