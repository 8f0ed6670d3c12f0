// RecordRedactor: applies RedactionRules to one JSON record as it is walked.
//
// It is the RecordWalker visitor's redaction half: key rules replace or drop
// whole values; value rules run on every string and member key (on the decoded text when the
// string has escapes, so `\u0041KIA...` is caught) and replace only the secret,
// written back correctly escaped, every other byte of the line untouched.
// A string that holds a JSON object (a logged request body, journald's MESSAGE)
// is parsed and redacted recursively; its redacted parts are written back
// escaped, the rest of the string keeps its original escaping. A string that
// looks like an object but does not parse is masked whole (fail closed).
// Edits are collected during the walk and applied when the record is written,
// so a record that turns out malformed half-way leaves nothing behind.
// Thread safety: one per worker. Allocates nothing per record once warm.
// Tests: tests/redact/record_redactor_test.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/record_walker.h"
#include "redact/key_matcher.h"
#include "redact/key_memo.h"
#include "redact/program_flags.h"
#include "redact/program_member.h"
#include "redact/redaction_rules.h"

namespace sluice {

class RecordRedactor {
 public:
  explicit RecordRedactor(const RedactionRules* rules, int depth = 0);
  ~RecordRedactor();

  // `line`: the record's text, which every body and range the walk reports
  // points into. Marks it for the value patterns (RedactionRules::MarkLine).
  void BeginRecord(std::string_view line);
  // OnKey and OnRawKey run for every member: inline, with a repeated key
  // answered by the key memo, and the rest out of line.
  KeyDecision OnKey(std::string_view key) {
    last_key_ = key;
    last_known_ = key_memo_.Find(key);
    int rule;
    if (last_known_) {
      rule = last_known_->rule;
      last_role_ = static_cast<PairRole>(last_known_->pair_role);
    } else {
      rule = rules_->MatchKey(key);
      // Without key rules no pair's name can be sensitive.
      last_role_ = pairs_ ? KeyMatcher::MemberPairRoleOf(key) : PairRole::kNone;
      if (rule == RedactionRules::kNoRule && last_role_ == PairRole::kNone) {
        if (rules_->IsIdKey(key)) {
          last_role_ = PairRole::kIdValue;
        } else if (rules_->IsCommandKey(key)) {
          last_role_ = PairRole::kCommandLine;
        }
      } else if (rule != RedactionRules::kNoRule && rules_->rule(static_cast<size_t>(rule)).validate != Validator::kNone) {
        last_role_ = PairRole::kCheckedValue;
      }
    }
    last_key_rule_ = rule;
    if (rule == RedactionRules::kNoRule) {
      if (last_role_ == PairRole::kSecretBody && secret_resource_) [[unlikely]] return SecretBodyDecision();
      return {VisitAs(last_role_), -1};
    }
    // Walked: OnString takes the strings that pass the rule's check.
    if (last_role_ == PairRole::kCheckedValue) [[unlikely]] return {};
    return DecideKey(rule);
  }
  // Inline for most values: nothing marked, and no JSON inside the string
  // (it would start with '{' or JSON whitespace). The rest out of line, and
  // so are a command line's value and a shell's trace ("+ mysql -ppw"),
  // whose short flags are read whether marked or not, and a value whose key
  // rule has a check.
  void OnString(std::string_view body) {
    if (last_role_ == PairRole::kResource) [[unlikely]] NoteResource(body);
    if (Quiet(body) && (body.empty() || !MayHoldObject(body.front()))) {
      if (last_role_ < PairRole::kCommandLine && (body.empty() || body.front() != '+')) [[likely]] return;
    }
    if (last_role_ == PairRole::kCheckedValue && OnCheckedString(body)) [[unlikely]] return;
    OnMarkedString(body);
  }
  // A member key as written (between the quotes): value patterns run on keys
  // too, so a token used as a map key ({"sessions":{"eyJ...":1}}) is replaced
  // like one in a value. Key rules still decide on the decoded key (OnKey).
  void OnRawKey(std::string_view body) {
    if (last_role_ == PairRole::kIdValue) [[unlikely]] id_key_end_ = body.data() + body.size();
    // An unescaped key is the very bytes OnKey saw: its memo entry applies.
    if (last_known_ && body.data() == last_key_.data() && body.size() == last_key_.size()) {
      if (last_known_->clean) return;
    }
    if (Quiet(body)) {
      // No escape: the key is what OnKey saw; remember it for OnKey's sake.
      if (!last_known_) key_memo_.Remember(body, last_key_rule_, true, static_cast<uint8_t>(last_role_));
      return;
    }
    ScanRawKey(body);
  }
  // A number of 15 or 16 digits (Amex, Visa, Mastercard, Discover) that
  // passes the card check is scanned like a string of its digits: a card
  // logged as a JSON number ({"pan": 4111111111111111}) is a card all the
  // same. Its replacement is a JSON string. Longer numbers are left alone:
  // 18-19 digit ids (snowflakes) pass the Luhn sum one time in ten.
  void OnNumber(std::string_view token) {
    if (token.size() == 15 || token.size() == 16) [[unlikely]] OnLongNumber(token);
  }
  // The string of a pair's name member (RecordWalker's name/value pairs),
  // as written: the key rules decide on it as on a member key.
  KeyDecision OnPairName(std::string_view body);
  // The element `index` of an array, a string or number as its JSON text
  // [begin, end), read as a command line's argument with `reader`, which
  // the array keeps (ArgumentArray): a password its program's flag or
  // place gives is replaced here ("-ppw" whole, flag and password).
  using ProgramReader = CommandArguments;
  ArgumentRole OnProgramArgument(CommandArguments* reader, size_t index, const char* begin, const char* end);
  // true: the next value is read as a command line (the value after sh's
  // -c), as one under a command key; false: back to the array's own key.
  void OnCommandLineNext(bool next) {
    if (next) {
      role_before_command_line_ = last_role_;
      last_role_ = PairRole::kCommandLine;
    } else {
      last_role_ = role_before_command_line_;
    }
  }
  void OnReplaceValue(int rule, const char* begin, const char* end);
  void OnRemove(int rule, const char* begin, const char* end);

  // A string held an invalid escape: the record is malformed.
  bool failed() const { return failed_; }
  bool changed() const { return !edits_.empty(); }
  // Appends `line` with this record's edits applied.
  void AppendRedacted(std::string_view line, std::string* out);
  // Rule ids of this record's redactions (one entry per redaction).
  const std::vector<uint16_t>& hits() const { return hits_; }

 private:
  struct Edit {
    uint32_t begin;  // byte offsets in the line
    uint32_t end;
    uint32_t text_offset;  // replacement in replacements_
    uint32_t text_size;
  };
  KeyDecision DecideKey(int rule) const;
  // A Kubernetes audit event or admission review about Secrets
  // ("resource":"secrets", "requestURI":"/api/v1/namespaces/ns/secrets/x")
  // carries the Secret it writes in requestObject, object and oldObject,
  // as a patch with no kind: the whole member goes, by the rule the pack
  // gives the key "secret". Audit events write objectRef and requestURI
  // before requestObject, and admission reviews resource before object.
  void NoteResource(std::string_view body);
  KeyDecision SecretBodyDecision() const;
  // The walk's action for a key of `role` that no key rule matches.
  static KeyAction VisitAs(PairRole role) {
    switch (role) {
      case PairRole::kName: return KeyAction::kVisitName;
      case PairRole::kValue: return KeyAction::kVisitValue;
      case PairRole::kKind: return KeyAction::kVisitKind;
      case PairRole::kData: return KeyAction::kVisitData;
      default: return KeyAction::kVisit;
    }
  }
  static bool MayHoldObject(char first) {
    return first == '{' || first == ' ' || first == '\t' || first == '\r' || first == '\n';
  }
  // The reader of an array whose first element starts at `first`: one that
  // takes that element as the program, or for Docker's "Args" and "Cmd"
  // and a Kubernetes container's "args" one that has read the program
  // member beside them (ProgramMemberFinder).
  CommandArguments ReaderOfArguments(const char* first);
  // OnString for a value that may need decoding, a scan or a nested parse.
  void OnMarkedString(std::string_view body);
  // OnString under a key rule with a check: replaces the string and returns
  // true when it passes (or does not decode: failed()).
  bool OnCheckedString(std::string_view body);
  // Replaces the value [begin, end) of the line whole by rule `id`, rendered
  // from `secret` (a string's decoded text, another value's JSON text).
  void ReplaceWhole(uint16_t id, const char* begin, const char* end, std::string_view secret);
  void OnLongNumber(std::string_view token);
  // The value starting at `value` (a string body or a number) is the last id
  // key's: only its closing quote, ':' and blanks lie between.
  bool FollowsIdKey(const char* value) const;
  // When the string's text, decoded once more, holds a secret its own scan
  // does not cover (Go's \u0026 before "code=" in JSON logged as text,
  // nginx's \x22): replaces each where it stands, escaped for both levels,
  // and what the text's scan finds; the whole string when that scan cannot
  // decide. False (nothing done) when there is no such secret.
  bool RedactDeeperSecrets(std::string_view body, std::string_view text);
  // [begin, end) of the text lies inside one of matches_.
  bool Covered(uint32_t begin, uint32_t end) const;
  // Replaces each of matches_ (found in `text`, the decoded `body`).
  void ReplaceMatches(std::string_view body, std::string_view text, bool escaped);
  // OnRawKey for a key that may hold an escape or a secret.
  void ScanRawKey(std::string_view body);
  void AddEdit(const char* begin, const char* end, std::string_view escaped_replacement);
  // Decodes a string body into *text (decoded_, with origin_, when it has
  // escapes); false, and failed(), on a malformed escape.
  bool Decode(std::string_view body, std::string_view* text, bool* escaped);
  // Replaces what the value patterns find in `text` (decoded from `body`),
  // and a command line's passwords when `command_line`; true if they found
  // nothing.
  bool RedactMatches(std::string_view body, std::string_view text, bool escaped, bool command_line = false);
  // `text`, the value in hand, is a command line: under a command key, after
  // a shell's -c in an array, or a shell's trace.
  bool IsCommandLine(std::string_view text) const {
    return last_role_ == PairRole::kCommandLine || IsShellTrace(text);
  }
  // Redacts `text` (a JSON object) as a record; false if it does not parse.
  bool RedactNested(std::string_view text);
  // Redacts a string value that holds JSON; false if it must be masked instead.
  bool RedactJsonInString(std::string_view body, std::string_view text, bool escaped);

  // A string body that needs neither decoding nor a scan (see LineMarks).
  bool Quiet(std::string_view body) const {
    return body.size() <= max_scan_bytes_ && marks_.Quiet(body);
  }

  struct Nested;  // parser, walker and child redactor for JSON inside strings
  // Renders rule `rule` for `secret` as escaped JSON string body into scratch_escaped_.
  std::string_view EscapedReplacement(uint16_t rule, std::string_view secret);

  const RedactionRules* rules_;
  int depth_;
  KeyMemo key_memo_;
  LineMarks marks_;
  size_t max_scan_bytes_;
  bool pairs_;  // the rules have key rules: name/value pairs are tracked
  // What OnKey saw and decided, for OnRawKey (called right after it).
  std::string_view last_key_;
  const KeyMemo::Entry* last_known_ = nullptr;
  int last_key_rule_ = -1;
  PairRole last_role_ = PairRole::kNone;
  PairRole role_before_command_line_ = PairRole::kNone;  // OnCommandLineNext(true) saved it
  std::unique_ptr<Nested> nested_;
  const char* line_begin_ = nullptr;
  ProgramMemberFinder program_members_;  // this record's, for ReaderOfArguments
  const char* id_key_end_ = nullptr;  // end of the last id key (OnRawKey), in the line
  bool failed_ = false;
  bool secret_resource_ = false;  // NoteResource saw Secrets in this record
  std::vector<Edit> edits_;
  std::vector<uint16_t> hits_;
  std::string replacements_;
  std::vector<ValueMatch> matches_;
  std::string decoded_;
  std::string deeper_;  // decoded_ decoded again (RedactDeeperSecrets)
  std::string deeper_replacement_;  // a replacement escaped for deeper_'s level
  std::vector<uint32_t> deeper_origin_;  // deeper_'s bytes in decoded_
  std::vector<ValueMatch> deeper_matches_;
  std::vector<uint32_t> origin_;
  std::string scratch_plain_;
  std::string scratch_escaped_;
};

// The RecordWalker visitor calls that go straight to a RecordRedactor, for
// a visitor `Derived` whose redactor() returns it (RedactorCalls<Derived>
// may be its friend). A visitor that also
// measures (RecordWorker) hides OnString and OnNumber with its own.
template <class Derived>
struct RedactorCalls {
  KeyDecision OnKey(std::string_view key) { return redactor().OnKey(key); }
  void OnRawKey(std::string_view body) { redactor().OnRawKey(body); }
  KeyDecision OnPairName(std::string_view body) { return redactor().OnPairName(body); }
  using ProgramReader = RecordRedactor::ProgramReader;
  ArgumentRole OnProgramArgument(ProgramReader* reader, size_t index, const char* begin, const char* end) {
    return redactor().OnProgramArgument(reader, index, begin, end);
  }
  void OnCommandLineNext(bool next) { redactor().OnCommandLineNext(next); }
  void OnString(const KeyPath&, std::string_view body) { redactor().OnString(body); }
  void OnNumber(const KeyPath&, std::string_view token) { redactor().OnNumber(token); }
  void OnReplaceValue(int rule, const char* b, const char* e) { redactor().OnReplaceValue(rule, b, e); }
  void OnRemove(int rule, const char* b, const char* e) { redactor().OnRemove(rule, b, e); }

 private:
  RecordRedactor& redactor() { return static_cast<Derived*>(this)->redactor(); }
};

// A RecordWalker visitor that only redacts (paths are not used). A nested
// record's walk uses it; so do tests.
struct RedactingVisitor : RedactorCalls<RedactingVisitor> {
  explicit RedactingVisitor(RecordRedactor* r) : target(r) {}
  RecordRedactor& redactor() { return *target; }
  RecordRedactor* target;
};

}  // namespace sluice
