#include "redact/record_redactor.h"

#include <algorithm>
#include <cstring>

#include "core/json_text.h"
#include "redact/match_validator.h"
#include "redact/program_flags.h"

namespace sluice {
namespace {

// JSON inside JSON inside JSON...: beyond this, a JSON-looking string is masked.
constexpr int kMaxNesting = 4;
// Documents in one string (NDJSON) walked before it fails closed.
constexpr size_t kMaxDocuments = 64;

// An id as trace and span ids are written: decimal, hex, a UUID. Anything
// else under an id key is scanned as any value is.
bool IsIdText(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') || c == '-')) return false;
  }
  return true;
}

// A string that is JSON by its ends: '{' then a key's quote or '}' ... '}',
// or '[' then '{', '[', '"' or ']' ... ']' (blanks allowed). It is parsed
// and redacted as JSON (one document, or several with blanks between), or
// failed closed when it does not parse. Other text
// ("{user} logged in", "[INFO] ok", "{\"a\":1} done", a Go struct, a Python
// dict) is scanned as text; escapes within its escapes are looked through
// (RedactDeeperSecrets), so JSON cut short cannot hide a key that way.
bool LooksLikeJson(std::string_view text) {
  const size_t b = text.find_first_not_of(" \t\r\n");
  const size_t e = text.find_last_not_of(" \t\r\n");
  if (b == std::string_view::npos || e <= b) return false;
  const size_t next = text.find_first_not_of(" \t\r\n", b + 1);
  if (text[b] == '{') return text[e] == '}' && (text[next] == '"' || text[next] == '}');
  if (text[b] == '[') {
    return text[e] == ']' && (text[next] == '{' || text[next] == '[' || text[next] == '"' || text[next] == ']');
  }
  return false;
}


// Where decoded bytes [.., end) stop in the text they were decoded from
// (`origin`: each decoded byte's first source byte, one more entry for the
// end): when `end` falls inside a multi-byte escape's output (\u00e9 is two
// bytes), after the whole escape.
uint32_t EscapeEnd(const std::vector<uint32_t>& origin, size_t end, size_t decoded_size) {
  if (end == 0 || end >= decoded_size || origin[end] != origin[end - 1]) return origin[end];
  size_t k = end;
  while (k < decoded_size && origin[k] == origin[end - 1]) ++k;
  return origin[k];
}

}  // namespace

struct RecordRedactor::Nested {
  explicit Nested(const RedactionRules* rules, int depth) : child(rules, depth) {}
  ondemand::parser parser;
  RecordWalker<RedactingVisitor> walker;
  RecordRedactor child;
  std::string text;  // padded copy of the decoded string
};

RecordRedactor::RecordRedactor(const RedactionRules* rules, int depth)
    : rules_(rules), depth_(depth), max_scan_bytes_(rules->max_scan_bytes()), pairs_(rules->has_key_rules()) {}
RecordRedactor::~RecordRedactor() = default;

bool RecordRedactor::RedactNested(std::string_view text) {
  if (!nested_) nested_ = std::make_unique<Nested>(rules_, depth_ + 1);
  Nested& n = *nested_;
  n.text.assign(text);
  n.text.reserve(n.text.size() + simdjson::SIMDJSON_PADDING);
  n.child.BeginRecord(n.text);
  RedactingVisitor visitor{&n.child};
  const char* end = n.text.data() + n.text.size();
  // Documents one after another, blanks between (an Elasticsearch _bulk
  // body, NDJSON): each is walked; anything else after one fails the string.
  // Each document indexes the rest of the text again: past kMaxDocuments
  // the string fails closed, so that a line of "{} {} ..." costs little.
  for (size_t offset = 0, documents = 0; documents < kMaxDocuments; ++documents) {
    ondemand::document doc;
    if (n.parser.iterate(n.text.data() + offset, n.text.size() - offset, n.text.capacity() - offset).get(doc)) {
      return false;
    }
    ondemand::json_type type;
    if (doc.type().get(type)) return false;
    if (type == ondemand::json_type::object) {
      ondemand::object object;
      if (doc.get_object().get(object) || n.walker.Walk(object, end, &visitor)) return false;
    } else if (type == ondemand::json_type::array) {
      ondemand::array array;
      if (doc.get_array().get(array) || n.walker.WalkArrayRoot(array, end, &visitor)) return false;
    } else {
      return false;
    }
    if (n.child.failed()) return false;
    const char* next = nullptr;
    if (doc.current_location().get(next) != simdjson::SUCCESS) return true;  // nothing after it
    if (*next != '{' && *next != '[') return false;
    offset = static_cast<size_t>(next - n.text.data());
  }
  return false;
}

bool RecordRedactor::RedactJsonInString(std::string_view body, std::string_view text, bool escaped) {
  if (depth_ >= kMaxNesting || !RedactNested(text)) return false;
  RecordRedactor& child = nested_->child;
  // Child edits are in decoded coordinates: map them onto the escaped body.
  for (const Edit& e : child.edits_) {
    size_t begin = escaped ? origin_[e.begin] : e.begin;
    size_t end = escaped ? origin_[e.end] : e.end;
    scratch_escaped_.clear();
    AppendJsonEscaped(std::string_view(child.replacements_.data() + e.text_offset, e.text_size),
                      &scratch_escaped_);
    AddEdit(body.data() + begin, body.data() + end, scratch_escaped_);
  }
  hits_.insert(hits_.end(), child.hits_.begin(), child.hits_.end());
  return true;
}

void RecordRedactor::BeginRecord(std::string_view line) {
  line_begin_ = line.data();
  program_members_ = ProgramMemberFinder(line);
  id_key_end_ = nullptr;
  rules_->MarkLine(line, &marks_);
  failed_ = false;
  secret_resource_ = false;
  edits_.clear();
  hits_.clear();
  replacements_.clear();
}

KeyDecision RecordRedactor::DecideKey(int rule) const {
  const RedactionRule& r = rules_->rule(static_cast<size_t>(rule));
  // A rule with a check never drops (the loader refuses it), and takes strings only.
  return {r.mode == RedactMode::kDrop ? KeyAction::kDrop : KeyAction::kReplace, rule, r.validate != Validator::kNone};
}

void RecordRedactor::NoteResource(std::string_view body) {
  if (KeyMatcher::NamesSecrets(body)) secret_resource_ = true;
}

KeyDecision RecordRedactor::SecretBodyDecision() const {
  const int rule = rules_->MatchKey("secret");
  return rule == RedactionRules::kNoRule ? KeyDecision{} : DecideKey(rule);
}

KeyDecision RecordRedactor::OnPairName(std::string_view body) {
  std::string_view text = body;
  if (std::memchr(body.data(), '\\', body.size()) != nullptr) {
    // A name that does not decode is left to the walk, which fails the record.
    if (!UnescapeJsonString(body, &decoded_)) return {};
    text = decoded_;
  }
  int rule = rules_->MatchKey(text);
  // A Kubernetes list's kind names its items' ("SecretList"), whose own
  // kind the API server leaves out.
  if (rule == RedactionRules::kNoRule && text.size() > 4 && text.ends_with("List")) {
    rule = rules_->MatchKey(text.substr(0, text.size() - 4));
  }
  if (rule == RedactionRules::kNoRule) return {};
  return DecideKey(rule);
}

CommandArguments RecordRedactor::ReaderOfArguments(const char* first) {
  // The list's '[' and its member's key: Docker's "Args" and "Cmd" and a
  // container's "args" may have their program beside them (ProgramMemberFinder).
  if (last_key_ != "args" && last_key_ != "Args" && last_key_ != "Cmd") return {};
  const char* open = first;
  while (open > line_begin_ && open[-1] != '[') --open;
  if (open == line_begin_) return {};
  return program_members_.ReaderFor(static_cast<size_t>(open - 1 - line_begin_), last_key_);
}

ArgumentRole RecordRedactor::OnProgramArgument(CommandArguments* reader, size_t index, const char* begin,
                                               const char* end) {
  const bool is_string = *begin == '"';
  const std::string_view word = is_string ? std::string_view(begin + 1, static_cast<size_t>(end - begin - 2))
                                          : std::string_view(begin, static_cast<size_t>(end - begin));
  if (index == 0) *reader = ReaderOfArguments(begin);
  switch (reader->Read(word)) {
    case CommandArguments::Word::kPassword:
    case CommandArguments::Word::kGluedPassword: {
      // "-ppw" goes whole, flag and password; the rule the pack gives a password's key.
      const int rule = rules_->MatchKey("password");
      if (rule != RedactionRules::kNoRule) OnReplaceValue(rule, begin, end);
      return ArgumentRole::kProgramFlag;
    }
    case CommandArguments::Word::kPasswordFlag:
      return ArgumentRole::kProgramFlag;
    case CommandArguments::Word::kCommandLineNext:
      return ArgumentRole::kCommandLineNext;
    case CommandArguments::Word::kProgram:
    case CommandArguments::Word::kArgument:
      break;
  }
  // Until a password's place comes, its words are no names ("ipmitool user
  // set password 3 PW": "password" names no value, "3" holds no secret); a
  // flag named like a secret still names its value.
  const bool flag = word.size() > 1 && word[0] == '-';
  return reader->place_due() && !flag ? ArgumentRole::kProgramFlag : ArgumentRole::kArgument;
}

std::string_view RecordRedactor::EscapedReplacement(uint16_t rule, std::string_view secret) {
  scratch_plain_.clear();
  rules_->AppendReplacement(rule, secret, &scratch_plain_);
  scratch_escaped_.clear();
  AppendJsonEscaped(scratch_plain_, &scratch_escaped_);
  return scratch_escaped_;
}

void RecordRedactor::AddEdit(const char* begin, const char* end, std::string_view replacement) {
  edits_.push_back({static_cast<uint32_t>(begin - line_begin_), static_cast<uint32_t>(end - line_begin_),
                    static_cast<uint32_t>(replacements_.size()),
                    static_cast<uint32_t>(replacement.size())});
  replacements_.append(replacement);
}

void RecordRedactor::OnReplaceValue(int rule, const char* begin, const char* end) {
  const uint16_t id = static_cast<uint16_t>(rule);
  std::string_view value(begin, static_cast<size_t>(end - begin));
  // A string secret is rendered from its decoded text; other values from their JSON text.
  std::string_view secret = value;
  const bool string = value.size() >= 2 && value.front() == '"';
  if (string) {
    secret = value.substr(1, value.size() - 2);
    if (std::memchr(secret.data(), '\\', secret.size()) && UnescapeJsonString(secret, &decoded_)) {
      secret = decoded_;
    }
  }
  if (const Validator check = rules_->rule(id).validate; check != Validator::kNone) [[unlikely]] {
    // A key rule with a check takes only a value that passes; a string that
    // fails is scanned as any string is ("auth": "Bearer eyJ...").
    if (!MatchValidator::Accepts(check, secret)) {
      if (string) OnMarkedString(value.substr(1, value.size() - 2));
      return;
    }
  }
  ReplaceWhole(id, begin, end, secret);
}

bool RecordRedactor::OnCheckedString(std::string_view body) {
  std::string_view text;
  bool escaped = false;
  if (!Decode(body, &text, &escaped)) return true;
  const auto id = static_cast<uint16_t>(last_key_rule_);
  if (!MatchValidator::Accepts(rules_->rule(id).validate, text)) return false;
  ReplaceWhole(id, body.data() - 1, body.data() + body.size() + 1, text);
  return true;
}

void RecordRedactor::ReplaceWhole(uint16_t id, const char* begin, const char* end, std::string_view secret) {
  scratch_plain_.clear();
  rules_->AppendReplacement(id, secret, &scratch_plain_);
  scratch_escaped_.clear();
  AppendJsonString(scratch_plain_, &scratch_escaped_);
  AddEdit(begin, end, scratch_escaped_);
  hits_.push_back(id);
}

void RecordRedactor::OnLongNumber(std::string_view token) {
  // Most such numbers are epoch timestamps in us and ids: the card check
  // (digits only, issuer digit, Luhn) settles them before the rules are
  // asked, which would run the card regex on each.
  for (char c : token) {
    if (c < '0' || c > '9') return;  // negative, a fraction or an exponent: no card
  }
  if (!MatchValidator::PaymentCard(token) || FollowsIdKey(token.data())) return;
  matches_.clear();
  if (rules_->ScanValue(token, &matches_) != ScanStatus::kMatched) return;
  OnReplaceValue(matches_.front().rule, token.data(), token.data() + token.size());
}

void RecordRedactor::OnRemove(int rule, const char* begin, const char* end) {
  AddEdit(begin, end, {});
  hits_.push_back(static_cast<uint16_t>(rule));
}

bool RecordRedactor::FollowsIdKey(const char* value) const {
  const char* p = id_key_end_;
  if (p == nullptr || value <= p || value - p > 16) return false;
  for (; p < value; ++p) {
    if (*p != '"' && *p != ':' && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') return false;
  }
  return true;
}

bool RecordRedactor::Decode(std::string_view body, std::string_view* text, bool* escaped) {
  *escaped = std::memchr(body.data(), '\\', body.size()) != nullptr;
  *text = body;
  if (!*escaped) return true;
  if (!UnescapeJsonString(body, &decoded_, &origin_)) {
    failed_ = true;
    return false;
  }
  *text = decoded_;
  return true;
}

void RecordRedactor::OnMarkedString(std::string_view body) {
  std::string_view text;
  bool escaped = false;
  if (!Decode(body, &text, &escaped)) return;
  if (FollowsIdKey(body.data()) && IsIdText(text)) return;
  if (text.size() >= 2 && LooksLikeJson(text)) {
    if (RedactJsonInString(body, text, escaped)) return;
    // It looks like JSON but cannot be read as such: fail closed.
    const uint16_t id = rules_->undecided_rule();
    AddEdit(body.data(), body.data() + body.size(), EscapedReplacement(id, text));
    hits_.push_back(id);
    return;
  }
  // Escapes inside the decoded text: JSON in a string in a string that is
  // not itself JSON ("resp={\"url\":\"\\/cb?sig=...\"} done"), or text
  // escaped twice. A secret found once decoded again is mapped back through
  // both decodings and replaced where it stands (RedactDeeperSecrets).
  if (escaped && std::memchr(text.data(), '\\', text.size()) != nullptr && RedactDeeperSecrets(body, text)) {
    return;
  }
  RedactMatches(body, text, escaped, IsCommandLine(text));
}

bool RecordRedactor::RedactDeeperSecrets(std::string_view body, std::string_view text) {
  // nginx's \x22 (a request body in an access line that a container runtime
  // wrapped in JSON) is a level of its own, as in the dead letter.
  if (!DecodeOnceMore(text, &deeper_, &deeper_origin_)) return false;
  deeper_matches_.clear();
  const ScanStatus status = rules_->ScanValue(deeper_, &deeper_matches_);
  if (status == ScanStatus::kClean) return false;
  matches_.clear();
  const ScanStatus text_status = rules_->ScanValue(text, &matches_, IsCommandLine(text));
  if (status == ScanStatus::kUndecided || text_status == ScanStatus::kUndecided) {
    const uint16_t id = rules_->undecided_rule();
    AddEdit(body.data(), body.data() + body.size(), EscapedReplacement(id, deeper_));
    hits_.push_back(id);
    return true;
  }
  // Each secret where it stands, unless the text's own scan finds it too:
  // its bytes in `text`, then in `body`, whole escapes at both levels; its
  // replacement escaped for both.
  for (const ValueMatch& d : deeper_matches_) {
    const uint32_t text_begin = deeper_origin_[d.begin];
    const uint32_t text_end = EscapeEnd(deeper_origin_, d.end, deeper_.size());
    if (Covered(text_begin, text_end)) continue;
    const uint32_t body_begin = origin_[text_begin];
    const uint32_t body_end = EscapeEnd(origin_, text_end, text.size());
    scratch_plain_.clear();
    rules_->AppendReplacement(d.rule, std::string_view(deeper_).substr(d.begin, d.end - d.begin), &scratch_plain_);
    deeper_replacement_.clear();
    AppendJsonEscaped(scratch_plain_, &deeper_replacement_);
    scratch_escaped_.clear();
    AppendJsonEscaped(deeper_replacement_, &scratch_escaped_);
    AddEdit(body.data() + body_begin, body.data() + body_end, scratch_escaped_);
    hits_.push_back(d.rule);
  }
  ReplaceMatches(body, text, /*escaped=*/true);
  return true;
}

bool RecordRedactor::Covered(uint32_t begin, uint32_t end) const {
  return std::any_of(matches_.begin(), matches_.end(),
                     [&](const ValueMatch& m) { return m.begin <= begin && end <= m.end; });
}

void RecordRedactor::ScanRawKey(std::string_view body) {
  std::string_view text;
  bool escaped = false;
  if (!Decode(body, &text, &escaped)) return;
  // OnKey saw this key decoded, as `text` is now.
  if (const KeyMemo::Entry* known = key_memo_.Find(text); known && known->clean) return;
  const bool clean = RedactMatches(body, text, escaped);
  key_memo_.Remember(text, last_key_rule_, clean, static_cast<uint8_t>(last_role_));
}

bool RecordRedactor::RedactMatches(std::string_view body, std::string_view text, bool escaped, bool command_line) {
  matches_.clear();
  ScanStatus status = rules_->ScanValue(text, &matches_, command_line);
  if (status == ScanStatus::kClean) return true;
  if (status == ScanStatus::kUndecided) {
    // Fail closed: the whole value goes.
    const uint16_t id = rules_->undecided_rule();
    AddEdit(body.data(), body.data() + body.size(), EscapedReplacement(id, text));
    hits_.push_back(id);
    return false;
  }
  ReplaceMatches(body, text, escaped);
  return false;
}

void RecordRedactor::ReplaceMatches(std::string_view body, std::string_view text, bool escaped) {
  for (const ValueMatch& m : matches_) {
    const size_t begin = escaped ? origin_[m.begin] : m.begin;
    const size_t end = escaped ? EscapeEnd(origin_, m.end, text.size()) : m.end;
    AddEdit(body.data() + begin, body.data() + end,
            EscapedReplacement(m.rule, text.substr(m.begin, m.end - m.begin)));
    hits_.push_back(m.rule);
  }
}

void RecordRedactor::AppendRedacted(std::string_view line, std::string* out) {
  if (edits_.empty()) {
    out->append(line);
    return;
  }
  // Drops may arrive out of order and overlap (a dropped last member takes the
  // comma before it): sort, then let each edit start no earlier than the last end.
  std::stable_sort(edits_.begin(), edits_.end(),
                   [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  uint32_t cursor = 0;
  for (const Edit& e : edits_) {
    if (e.end <= cursor && e.begin < cursor) continue;
    uint32_t begin = std::max(e.begin, cursor);
    out->append(line.data() + cursor, begin - cursor);
    out->append(replacements_.data() + e.text_offset, e.text_size);
    cursor = std::max(cursor, e.end);
  }
  out->append(line.data() + cursor, line.size() - cursor);
}

}  // namespace sluice
