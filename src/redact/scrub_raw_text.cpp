// RedactionRules::ScrubRawText: scrubs a malformed line bound for the dead
// letter (the contract is in redaction_rules.h).
//
// Why a file of its own: a broken line cannot be walked, so it is scrubbed
// by a different method from records: the raw text is scanned, then its JSON-
// decoded forms with spans mapped back to raw bytes, journald byte arrays are
// decoded and scanned, and the tail a cut may have broken is masked.
// Tests: tests/redact/redaction_rules_test.cpp (ScrubRawText cases), and the
// dead-letter parts of tests/cli/redaction_leak_test.cpp.
#include <algorithm>
#include <string>
#include <vector>

#include "core/json_text.h"
#include "redact/redaction_rules.h"
#include "redact/word_bytes.h"

namespace sluice {
namespace {

using word_bytes::IsDigit;

// Whether `raw` ends inside a JSON string (an odd number of unescaped quotes).
bool EndsInString(std::string_view raw) {
  bool in_string = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\') {
      ++i;
    } else if (raw[i] == '"') {
      in_string = !in_string;
    }
  }
  return in_string;
}

// Where the tail to mask begins in a line cut short, or one that ends inside
// a string: the cut may have taken the context a pattern needs (an
// `amqp://user:pass` without its @host, half a JWT). The tail is the last
// word, and the digit groups before a last word of digits ("4111 1111
// 1111 11": a card cut inside).
size_t TailToMask(std::string_view raw, bool cut_short) {
  if (!cut_short && !EndsInString(raw)) return raw.size();
  constexpr std::string_view kWordEnds = " \t\r\n\"'\\,;&=?<>()[]{}";
  size_t begin = raw.size();
  bool digits = true;
  while (begin > 0 && kWordEnds.find(raw[begin - 1]) == std::string_view::npos) {
    digits = digits && (IsDigit(raw[begin - 1]) || raw[begin - 1] == '-');
    --begin;
  }
  while (digits && begin >= 2 && raw[begin - 1] == ' ' && IsDigit(raw[begin - 2])) {
    --begin;
    while (begin > 0 && (IsDigit(raw[begin - 1]) || raw[begin - 1] == '-')) --begin;
  }
  return begin;
}

// journald writes a field that is not valid UTF-8 as the array of its bytes
// ("MESSAGE":[112,119,100,61,...]); a secret there is text only once decoded.
struct ByteArray {
  size_t begin;  // the '['
  size_t end;    // after the ']', or the end of a cut line
  std::string bytes;
};

// The arrays of at least four numbers 0-255 in `raw`, decoded.
std::vector<ByteArray> FindByteArrays(std::string_view raw) {
  constexpr size_t kMinBytes = 4;
  std::vector<ByteArray> arrays;
  for (size_t open = raw.find('['); open != std::string_view::npos; open = raw.find('[', open + 1)) {
    ByteArray array{open, raw.size(), {}};
    size_t i = open + 1;
    bool valid = true;
    while (valid) {
      while (i < raw.size() && raw[i] == ' ') ++i;
      if (i == raw.size() || raw[i] == ']') break;
      if (!IsDigit(raw[i])) {
        valid = false;
        break;
      }
      unsigned value = 0;
      size_t digits = 0;
      for (; i < raw.size() && IsDigit(raw[i]) && digits < 4; ++i, ++digits) {
        value = value * 10 + static_cast<unsigned>(raw[i] - '0');
      }
      if (value > 255) valid = false;
      array.bytes.push_back(static_cast<char>(value));
      while (i < raw.size() && raw[i] == ' ') ++i;
      if (i < raw.size() && raw[i] == ',') ++i;
      else if (i < raw.size() && raw[i] != ']') valid = false;
    }
    if (!valid || array.bytes.size() < kMinBytes) continue;
    if (i < raw.size()) array.end = i + 1;
    open = array.end - 1;
    arrays.push_back(std::move(array));
  }
  return arrays;
}

}  // namespace

bool RedactionRules::HoldsSecretDecoded(std::string text, int levels) const {
  std::vector<ValueMatch> matches;
  std::string decoded;
  for (int level = 0; level <= levels; ++level) {
    if (ScanWithKeyValues(text, &matches) != ScanStatus::kClean) return true;
    if (text.find('\\') == std::string::npos) return false;
    UnescapeJsonTextLenient(text, &decoded, nullptr);
    if (decoded.size() == text.size()) return false;
    text.swap(decoded);
  }
  return true;  // still escapes left: undecided
}

size_t RedactionRules::ScrubRawText(std::string_view raw, std::string* out, bool cut_short,
                                    std::vector<uint16_t>* hits) const {
  auto mask_whole = [&] {
    AppendReplacement(undecided_rule(), raw, out);
    if (hits) hits->push_back(undecided_rule());
    return size_t{1};
  };
  // A broken line is scanned as it is, then with its JSON escapes decoded,
  // once per level of nesting: a secret written \u0041KIA..., or inside JSON
  // held in a string (journald's MESSAGE), or both, is found in the decoded
  // text and its span mapped back to the raw bytes it came from.
  constexpr int kMaxLevels = 4;
  constexpr int kMaxDepth = 16;
  struct Span {
    uint32_t begin;  // in raw
    uint32_t end;
    uint16_t rule;
    std::string secret;  // as decoded where it was found
  };
  std::vector<Span> spans;
  std::vector<ValueMatch> matches;
  std::string text(raw), decoded;
  std::vector<uint32_t> to_raw(raw.size() + 1), origin;
  for (size_t i = 0; i <= raw.size(); ++i) to_raw[i] = static_cast<uint32_t>(i);
  for (int level = 0;; ++level) {
    if (level == kMaxLevels) {
      // Deeper than the levels mapped back: a secret found there, however
      // many decodings down, takes the whole line.
      if (HoldsSecretDecoded(text, kMaxDepth - kMaxLevels)) return mask_whole();
      break;
    }
    matches.clear();
    if (ScanWithKeyValues(text, &matches) == ScanStatus::kUndecided) return mask_whole();
    for (const ValueMatch& m : matches) {
      spans.push_back({to_raw[m.begin], to_raw[m.end], m.rule,
                       text.substr(m.begin, m.end - m.begin)});
    }
    if (text.find('\\') == std::string::npos) break;
    UnescapeJsonTextLenient(text, &decoded, &origin);
    if (decoded.size() == text.size()) break;  // no escape decoded
    for (uint32_t& at : origin) at = to_raw[at];
    to_raw.swap(origin);
    text.swap(decoded);
  }
  // A byte array holding a secret is masked whole (its bytes are not
  // written back decoded); one the scanner cannot decide, too.
  for (ByteArray& array : FindByteArrays(raw)) {
    matches.clear();
    const ScanStatus status = ScanWithKeyValues(array.bytes, &matches);
    if (status == ScanStatus::kClean) continue;
    const uint16_t rule = status == ScanStatus::kMatched ? matches.front().rule : undecided_rule();
    spans.push_back({static_cast<uint32_t>(array.begin), static_cast<uint32_t>(array.end), rule,
                     std::move(array.bytes)});
  }
  if (const size_t tail = TailToMask(raw, cut_short); tail < raw.size()) {
    spans.push_back({static_cast<uint32_t>(tail), static_cast<uint32_t>(raw.size()), undecided_rule(),
                     std::string(raw.substr(tail))});
  }
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin || (a.begin == b.begin && a.end > b.end); });
  size_t at = 0, made = 0;
  for (const Span& span : spans) {
    if (span.end <= at) continue;  // inside a span already replaced
    const size_t begin = std::max<size_t>(span.begin, at);
    out->append(raw.substr(at, begin - at));
    AppendReplacement(span.rule, span.secret, out);
    if (hits) hits->push_back(span.rule);
    at = span.end;
    ++made;
  }
  out->append(raw.substr(at));
  return made;
}

}  // namespace sluice
