// Fuzz target: the worker stage (parse + redact with the default rules +
// measure) on fuzzed lines, checking what must hold for any input:
// - every output record is one line of valid JSON (re-parsed with the DOM API,
//   or checked by JsonGrammar when the DOM refuses valid JSON: numbers no
//   double holds, unpaired surrogate escapes);
// - no line is lost: lines in = records out + malformed + blank lines;
// - every dead letter entry points inside the chunk's dead letter text;
// - a secret planted by the target survives nowhere: the input also becomes a
//   record carrying it as a password (the fuzz bytes read as Latin-1, behind a
//   fixed marker), as an AWS key id and a JWT inside a fuzzed message, and as a
//   bearer token, and as the values of name/value pairs, an XML element, a
//   URL-encoded pair, an argument list, a Cookie header and a Kubernetes
//   Secret; neither the output bytes nor any decoded string in it (keys and
//   values) contains a planted secret;
// - the same record cut short at a place the input picks is a malformed line:
//   no secret that lies wholly before the cut survives in the dead letter.
// The raw bytes run twice: with default options (journal lines unwrapped) and
// keeping journal envelopes whole.
// Replayed by ctest over tests/fuzz/corpus/record_fuzz/ (fuzz_replay.record_fuzz).
#include <simdjson.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_text.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/json_grammar.h"
#include "worker/record_worker.h"

namespace sluice::fuzz {
namespace {

struct Workers {
  FieldDiscovery discovery;
  std::shared_ptr<const RedactionRules> rules = RedactionRules::Default();
  RecordWorker plain{WorkerOptions{}, rules, &discovery};
  RecordWorker keep_envelope{[] {
                               WorkerOptions o;
                               o.keep_envelope = true;
                               o.dead_letter_text_limit = 64;
                               return o;
                             }(),
                             rules, &discovery};
};

Workers& GetWorkers() {
  static Workers* workers = new Workers();
  return *workers;
}

// Blank as ChunkParser sees it: only spaces, tabs and CRs, after the
// `journalctl -o json-sse` prefix "data: " (both workers accept it).
bool IsBlank(std::string_view line) {
  if (line.starts_with("data: ")) line.remove_prefix(6);
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

struct LineCount {
  uint64_t lines = 0;
  uint64_t blank = 0;
};

LineCount CountLines(std::string_view text) {
  LineCount count;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    ++count.lines;
    if (IsBlank(line)) ++count.blank;
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  return count;
}

// Every string in `element` (member keys included), decoded.
void CollectStrings(simdjson::dom::element element, std::vector<std::string_view>* out) {
  switch (element.type()) {
    case simdjson::dom::element_type::OBJECT:
      for (auto field : simdjson::dom::object(element)) {
        out->push_back(field.key);
        CollectStrings(field.value, out);
      }
      break;
    case simdjson::dom::element_type::ARRAY:
      for (auto value : simdjson::dom::array(element)) CollectStrings(value, out);
      break;
    case simdjson::dom::element_type::STRING:
      out->push_back(std::string_view(element));
      break;
    default:
      break;
  }
}

uint64_t Sum(const std::array<uint64_t, kMalformedCauses>& counts) {
  uint64_t sum = 0;
  for (uint64_t n : counts) sum += n;
  return sum;
}

// Runs `text` through `worker` as one chunk and checks the output; returns the
// decoded strings of every output record and the dead letter text.
void ProcessAndCheck(RecordWorker* worker, std::string_view text, std::string* out_text,
                     std::string* dead_text, std::vector<std::string>* strings) {
  Chunk chunk(text.size() + 1);
  std::memcpy(chunk.data(), text.data(), text.size());
  std::memset(chunk.data() + text.size(), 0, kChunkPadding);
  chunk.set_size(text.size());

  const MetricsShard& m = worker->metrics();
  const uint64_t in_before = m.lines_in;
  const uint64_t out_before = m.lines_out;
  const uint64_t malformed_before = Sum(m.malformed);
  worker->Process(&chunk);

  const LineCount count = CountLines(text);
  FUZZ_CHECK(chunk.line_count == count.lines);
  FUZZ_CHECK(m.lines_in - in_before == count.lines);
  const uint64_t out = m.lines_out - out_before;
  const uint64_t malformed = Sum(m.malformed) - malformed_before;
  FUZZ_CHECK(out + malformed + count.blank == count.lines);
  FUZZ_CHECK(chunk.dead.size() == malformed);
  for (const DeadLetterEntry& e : chunk.dead) {
    FUZZ_CHECK(e.line_in_chunk < count.lines);
    FUZZ_CHECK(uint64_t{e.text_offset} + e.text_size <= chunk.dead_text.size());
  }

  // One valid JSON object per output line.
  simdjson::dom::parser parser;
  uint64_t records = 0;
  std::string_view rest = chunk.out;
  FUZZ_CHECK(rest.empty() || rest.back() == '\n');
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    const std::string_view record = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
    ++records;
    simdjson::dom::element element;
    const simdjson::error_code error = parser.parse(record.data(), record.size()).get(element);
    if (error != simdjson::SUCCESS && JsonGrammar::IsObject(record)) {
      // Valid JSON that the DOM refuses (a number no double holds, an unpaired
      // surrogate escape): passed through as it came; the raw text is still checked.
      continue;
    }
    if (error != simdjson::SUCCESS || element.type() != simdjson::dom::element_type::OBJECT) {
      std::fprintf(stderr, "invalid output record (%s): %.*s\n", simdjson::error_message(error),
                   static_cast<int>(record.size()), record.data());
      FUZZ_CHECK(false);
    }
    std::vector<std::string_view> found;
    CollectStrings(element, &found);
    for (std::string_view s : found) strings->emplace_back(s);
  }
  FUZZ_CHECK(records == out);
  out_text->append(chunk.out);
  dead_text->append(chunk.dead_text);
}

// Bytes read as Latin-1, as UTF-8: any input becomes valid string text.
std::string Latin1ToUtf8(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

// `n` characters of `alphabet` chosen by the input (cycled), so that each input
// plants a different secret of a shape the rules must catch.
std::string Derive(std::string_view bytes, std::string_view alphabet, size_t n, size_t salt) {
  std::string out;
  uint32_t h = 2166136261u + static_cast<uint32_t>(salt);
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = bytes.empty() ? 0 : static_cast<unsigned char>(bytes[i % bytes.size()]);
    h = (h ^ c ^ static_cast<uint32_t>(i)) * 16777619u;
    out.push_back(alphabet[(h >> 8) % alphabet.size()]);
  }
  return out;
}

void CheckAbsent(std::string_view secret, const std::string& out_text, const std::string& dead_text,
                 const std::vector<std::string>& strings) {
  bool leaked = out_text.find(secret) != std::string::npos ||
                dead_text.find(secret) != std::string::npos;
  for (const std::string& s : strings) leaked = leaked || s.find(secret) != std::string::npos;
  if (leaked) {
    std::fprintf(stderr, "planted secret survived: %.*s\noutput: %s\n",
                 static_cast<int>(secret.size()), secret.data(), out_text.c_str());
    FUZZ_CHECK(false);
  }
}

constexpr std::string_view kUpperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace
}  // namespace sluice::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sluice;
  using namespace sluice::fuzz;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Workers& workers = GetWorkers();

  // 1. The bytes as a chunk of lines, with both option sets.
  {
    std::string out_text, dead_text;
    std::vector<std::string> strings;
    ProcessAndCheck(&workers.plain, bytes, &out_text, &dead_text, &strings);
    ProcessAndCheck(&workers.keep_envelope, bytes, &out_text, &dead_text, &strings);
  }

  // 2. A record built around the bytes, carrying planted secrets.
  const std::string text = Latin1ToUtf8(bytes);
  const std::string password = "K7q!" + text;
  const std::string aws_key = "AKIA" + Derive(bytes, kUpperDigits, 16, 1);
  const std::string jwt = "eyJ" + Derive(bytes, kBase64Url, 20, 2) + "." +
                          Derive(bytes, kBase64Url, 12, 3) + "." + Derive(bytes, kBase64Url, 8, 4);
  const std::string bearer = Derive(bytes, kBase64Url, 24, 5);
  const size_t half = text.size() / 2;
  std::string record = "{\"msg\":\"";
  AppendJsonEscaped(text.substr(0, half) + " " + aws_key + " " + jwt + " " + text.substr(half),
                    &record);
  record += "\",\"password\":\"";
  AppendJsonEscaped(password, &record);
  record += "\",\"headers\":{\"authorization\":\"Bearer " + bearer + "\"},\"note\":\"Bearer " +
            bearer + " \",";
  // Name/value pairs, the value before and after its name.
  const std::string env_value = Derive(bytes, kBase64Url, 18, 6);
  const std::string attribute = Derive(bytes, kBase64Url, 18, 7);
  record += "\"env\":[{\"value\":\"" + env_value + "\",\"name\":\"DB_PASSWORD\"},{\"key\":\"x-api-key\","
            "\"value\":{\"stringValue\":\"" + attribute + "\"}}],";
  // An XML element, a URL-encoded pair, an argument list, a Cookie header.
  const std::string element = Derive(bytes, kBase64Url, 18, 8);
  const std::string encoded = Derive(bytes, kBase64Url, 18, 9);
  // An argument that starts like a long flag ("--x") is a flag, not the
  // value of the one before it (ArgumentArray): the planted one starts with a letter.
  const std::string argument = "v" + Derive(bytes, kBase64Url, 17, 10);
  const std::string cookie = Derive(bytes, kBase64Url, 18, 11);
  const std::string secret_data = Derive(bytes, kBase64Url, 18, 12);
  record += "\"soap\":\"<p><ns:Password>" + element + "</ns:Password></p>\",\"next\":\"%2Flogin%3Fpassword%3D" +
            encoded + "%26u%3D1\",\"argv\":[\"app\",\"--db-password\",\"" + argument +
            "\"],\"raw\":\"GET / HTTP/1.1\\r\\nCookie: _ga=1; sid=" + cookie + "\\r\\n\",";
  // A Kubernetes Secret as kubectl prints it: data before kind.
  record += "\"object\":{\"apiVersion\":\"v1\",\"data\":{\"tls.key\":\"" + secret_data +
            "\"},\"kind\":\"Secret\",\"type\":\"Opaque\"}}";
  std::string out_text, dead_text;
  std::vector<std::string> strings;
  ProcessAndCheck(&workers.plain, record, &out_text, &dead_text, &strings);
  FUZZ_CHECK(dead_text.empty());  // the record is valid JSON: it must come out
  // A secret that the input itself holds may rightly survive there (libFuzzer
  // learns the planted strings from the comparisons and copies them in).
  const std::string* const secrets[] = {&password, &aws_key,  &jwt,      &bearer, &env_value,  &attribute,
                                        &element,  &encoded, &argument, &cookie, &secret_data};
  for (const std::string* secret : secrets) {
    if (text.find(*secret) == std::string::npos) CheckAbsent(*secret, out_text, dead_text, strings);
  }

  // 3. The record cut short, past its message: a malformed line.
  const size_t message_end = record.find("\",\"password\":");
  const size_t cut = message_end + 1 + std::hash<std::string_view>{}(bytes) % (record.size() - message_end - 1);
  const std::string cut_record = record.substr(0, cut);
  out_text.clear();
  dead_text.clear();
  strings.clear();
  ProcessAndCheck(&workers.plain, cut_record, &out_text, &dead_text, &strings);
  FUZZ_CHECK(out_text.empty());
  for (const std::string* secret : secrets) {
    const size_t at = cut_record.find(*secret);
    if (at != std::string::npos && at + secret->size() <= cut && text.find(*secret) == std::string::npos) {
      CheckAbsent(*secret, out_text, dead_text, strings);
    }
  }
  return 0;
}
