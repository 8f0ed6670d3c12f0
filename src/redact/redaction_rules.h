// RedactionRules: the compiled, immutable set of redaction rules (key rules and
// value patterns) that every worker shares.
//
// Contract
// - Built once at start-up (Default(), Strict(), or Load() from TOML rule packs);
//   construction errors throw RulesError naming file, line and reason, so that
//   sluice refuses to start rather than run unredacted.
// - After construction the object is immutable: every const method is safe to
//   call from any number of threads at once, with no locking.
// - The JSON side (walking records, escapes, JSON inside strings, dropping
//   fields) lives in the worker stage; this class only answers questions about
//   keys and unescaped text, and renders replacements.
// - Work is split by question: KeyMatcher (MatchKey), ValueScanner with its
//   TriggerTable prefilter and KeyValueFinder (ScanValue), ReplacementRenderer
//   (AppendReplacement); rule packs come from RulePackLoader / BuiltinPacks.
// Tests: tests/redact/redaction_rules_test.cpp (every default rule, table-driven),
// rule_pack_loader_test.cpp, value_scanner_test.cpp and one per helper class.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "redact/line_marks.h"

namespace sluice {

enum class RedactMode : uint8_t {
  kMask,     // replace by the rule's label ("[REDACTED]" or "[REDACTED:jwt]")
  kHash,     // keyed HMAC-SHA256, truncated: equal secrets stay correlatable
  kPartial,  // keep the last `keep_last` characters, mask the rest
  kDrop,     // remove the whole member (key rules); a value pattern masks instead
};

// The name of the pseudo-rule counted when a value is masked because a
// matcher could not decide; reserved, a pack may not name a rule so.
inline constexpr std::string_view kUndecidedRuleName = "undecided";

// A check a secret must pass (MatchValidator).
enum class Validator : uint8_t {
  kNone,
  kLuhn,              // 13-19 digits (separators ignored) passing the Luhn check
  kPaymentCard,       // kLuhn, and a card issuer's first digit (2-6)
  kBasicCredentials,  // base64 whose decoding contains ':' (user:password)
  kBase64PrivateKey,  // base64 of a PEM private key block
  kCommandLine,       // a command line: the password a program's short flag carries
};

struct RedactionRule {
  std::string name;      // metric label, e.g. "password", "jwt", "card_number"
  RedactMode mode = RedactMode::kMask;
  std::string label;     // mask text, e.g. "[REDACTED]"
  int keep_last = 4;     // for kPartial
  // Key rules: in free text, an unquoted value after "KEY:" runs to the end
  // of its line rather than to the first blank, ';' or ',' (a Cookie
  // header's cookies); after "KEY=" it stays a token (logfmt).
  bool value_to_line_end = false;
  // A pattern's match must pass it to count. A key rule with a check takes
  // a value only when it passes: "auth" holds base64 of user:password in
  // Docker's config.json and npm's .npmrc, and a mode elsewhere
  // ("auth": "oauth"); a value that fails is scanned as any other.
  Validator validate = Validator::kNone;
};

// A secret found inside a string value: [begin, end) byte offsets into the
// unescaped text given to ScanValue, and the rule that found it: a value
// pattern, or a key rule for a KEY=VALUE pair in the text (render it with
// AppendReplacement; a kDrop key rule renders its label there).
struct ValueMatch {
  uint32_t begin;
  uint32_t end;
  uint16_t rule;
};

enum class ScanStatus : uint8_t {
  kClean,      // no match; text untouched
  kMatched,    // matches appended
  kUndecided,  // the matcher could not decide (DFA out of memory, value over
               // the scan limit): the caller must mask the whole value with
               // undecided_rule() -- fail closed, never pass it through
};

// Thrown by Load() and the hash-key set-up. what() is "FILE:LINE: reason"
// (built-in packs name "default.toml (built in)"; the hash key is never quoted).
class RulesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RulesOptions {
  std::vector<std::string> files;  // TOML rule packs, applied in order
  bool extend_default = true;      // files add to the built-in pack (else replace it)
  bool strict = false;             // add the strict pack (IP addresses, national ids)
  // Key for kHash rules (bytes). Empty: the contents of hash_key_file (a
  // trailing newline dropped), else $SLUICE_HASH_KEY, else what the packs
  // name (hash_key_env, hash_key_file); a hash rule with no key is an error.
  std::string hash_key;
  std::string hash_key_file;
  // Values longer than this are not scanned: ScanValue returns kUndecided.
  // At most 4 GiB - 1 (ValueMatch offsets are 32-bit).
  size_t max_scan_bytes = size_t{1} << 20;
  // Memory budget of each compiled regex (RE2::Options::max_mem).
  int64_t regex_max_mem = int64_t{8} << 20;
};

class RedactionRules {
 public:
  static constexpr int kNoRule = -1;

  // Built-in default pack (the same rules as pipeline/rules/default.toml);
  // built on first use, then shared.
  static std::shared_ptr<const RedactionRules> Default();
  // Default plus the strict pack (pipeline/rules/strict.toml); shared likewise.
  static std::shared_ptr<const RedactionRules> Strict();
  // Loads per options: the built-in default pack (unless !extend_default),
  // then the strict pack (if strict), then each file in order; a rule whose
  // name is already known replaces it. Throws RulesError.
  static std::shared_ptr<const RedactionRules> Load(const RulesOptions& options);
  // What the command line and configs call: Default() when the options add
  // nothing to it (no files, not strict, no key file), else Load(options).
  static std::shared_ptr<const RedactionRules> Shared(const RulesOptions& options);

  ~RedactionRules();

  size_t rule_count() const;
  const RedactionRule& rule(size_t id) const;
  // Pseudo-rule counted when a value is masked because a matcher could not decide.
  uint16_t undecided_rule() const;

  // Rule id by name, or kNoRule.
  int FindRule(std::string_view name) const;

  // key: an unescaped member key. Matching ignores ASCII case and the
  // separators '_', '-', '.', ' ' ("api_key", "apiKey", "X-Api-Key" all read
  // "apikey"). A rule matches when the normalised key equals one of its `keys`
  // or ends with one of its `key_suffixes` ("xapikey" ends with "apikey",
  // "dbpassword" with "password"); the allowlist ("token_type", "max_tokens")
  // beats both. Returns the rule id, or kNoRule. No allocation.
  int MatchKey(std::string_view key) const;
  // The key ends with one of the pack's id_keys (as MatchKey normalises):
  // its value is an id ("dd.trace_id": "5804755971877604743" can pass a
  // card's checks), which no value pattern is run on.
  bool IsIdKey(std::string_view key) const;
  // The key ends with one of the pack's command_keys: its value is a command
  // line ("cmdline", "process.command_line", journald's "_CMDLINE"), whose
  // short flags ScanValue reads (command_line).
  bool IsCommandKey(std::string_view key) const;
  // Some key rule exists (else MatchKey always answers kNoRule).
  bool has_key_rules() const;

  // Looks for secrets in one unescaped string value: the value patterns, and
  // (unless the pack sets scan_key_values = false) KEY=VALUE, KEY: VALUE and
  // "KEY": "VALUE" pairs whose KEY MatchKey calls sensitive, reported with
  // that key rule. Appends matches sorted by
  // begin, non-overlapping, to *matches (which it does not clear); a match's
  // [begin, end) covers the secret only (the token after "Bearer ", the
  // password of a URL, the value after "password="). Clean values cost one
  // SIMD pass and allocate nothing; RE2 runs (and may allocate internally)
  // only for the patterns whose prefilter fired. Beyond that, *matches grows.
  // command_line: `text` is the value of a key IsCommandKey names, so the
  // passwords of programs' short flags in it are found too ("mysql -ppw",
  // "redis-cli -a pw", "curl -u user:pw"; see FindCommandLinePassword), as
  // the key rule for "password" (none without such a rule), and the
  // argument after a flag named like a sensitive key, single dash or
  // double ("keytool -storepass x", "influx -password x"), as its rule.
  ScanStatus ScanValue(std::string_view text, std::vector<ValueMatch>* matches, bool command_line = false) const;

  // Marks a whole JSON line at once, so that most of its string values need
  // no ScanValue: a string body of the line (between its quotes) that
  // marks->Quiet() and is at most max_scan_bytes() long has no escape, and
  // ScanValue would find nothing in it. One SIMD pass; no allocation once
  // *marks has grown. Returns false (marks reset) when the rules cannot tell
  // so (a pattern without prefilter).
  bool MarkLine(std::string_view line, LineMarks* marks) const;
  size_t max_scan_bytes() const;

  // Appends the replacement text (unescaped) for `secret` caught by rule `id`:
  // kMask and kDrop the label, kHash "[HASH:<16 hex>]", kPartial '*'s and the
  // last keep_last characters (all '*' when the secret is shorter than
  // 2 * keep_last, or is not one token of letters and digits). Allocates nothing beyond growing *out.
  void AppendReplacement(uint16_t id, std::string_view secret, std::string* out) const;

  // Scrubs raw, possibly invalid text (a malformed line bound for the dead
  // letter): value patterns plus `key=value` / `"key": "value"` pairs with
  // sensitive keys (whatever scan_key_values says), found in the raw bytes and
  // again in the text with its JSON escapes decoded, up to four levels deep
  // (`\u0041KIA...`, JSON in MESSAGE in JSON); a secret found deeper (up to
  // sixteen levels; past that, undecided) masks the whole text. A text that ends inside a
  // string, or that was cut short (`cut_short`: the line went on), has its
  // last word masked as undecided (with the digit groups before it when it
  // is digits): the cut may have taken the context a pattern needs. Arrays
  // of byte values (journald's form of a field that is not UTF-8) are
  // decoded, scanned and masked whole when they hold a secret. The argument
  // after a flag named like a secret (["--db-password","x"]) and the values
  // of a Kubernetes Secret's data and stringData are masked, as in records
  // (RecordWalker); so are, as undecided, a pair's value whose name the cut
  // took ({"value":"x","name": at the end). Appends the
  // scrubbed text to *out; returns redactions made, and appends the rule id
  // of each to *hits when given. Text the scanner cannot decide (over
  // max_scan_bytes) is replaced whole by the undecided rule's label.
  // Defined in scrub_raw_text.cpp.
  size_t ScrubRawText(std::string_view raw, std::string* out, bool cut_short = false,
                      std::vector<uint16_t>* hits = nullptr) const;

  RedactionRules(const RedactionRules&) = delete;
  RedactionRules& operator=(const RedactionRules&) = delete;

 private:
  // ScanValue with key=value pairs always looked for (whatever scan_key_values says).
  ScanStatus ScanWithKeyValues(std::string_view text, std::vector<ValueMatch>* matches) const;
  // Whether `text`, or it decoded up to `levels` times, holds anything to
  // redact (true too when escapes remain after that many).
  bool HoldsSecretDecoded(std::string text, int levels) const;

  struct Impl;
  explicit RedactionRules(std::unique_ptr<Impl> impl);
  std::unique_ptr<const Impl> impl_;
};

}  // namespace sluice
