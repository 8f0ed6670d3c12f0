// KeyMatcher: answers "is this member key sensitive?" for RedactionRules.
//
// Why this design: MatchKey runs for every member key of every record, so it
// normalises on the fly (ASCII lowercase, '_', '-', '.' and ' ' dropped) into a
// small stack buffer, walking the key backwards with a rotate-xor hash in a
// register (no wide reads of bytes just stored, which would stall store
// forwarding). A suffix table probe happens only where some suffix term of
// that length starts with the byte just read (a 256 x 64-bit table), and the
// full key then probes the exact table (which also holds the allowlist). Both
// tables are open-addressing, built once; a lookup allocates nothing.
// Most keys are not sensitive, so after three bytes a 4096-bit filter of the
// last three bytes of every term rejects them ("timestamp" ends in "amp", no
// term does) before any probe.
// Precedence: exact allowlist > exact key > longest matching suffix. A key
// that matches nothing is tried again in two shapes, with the same
// precedence: ending in digits, without them ("password1", "token_2", and a
// version, "api_key_v2"); ending in ']', as its last bracketed name (a form
// field, "user[password]"). Tabs and line breaks count as separators.
// Tests: tests/redact/key_matcher_test.cpp.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

// A member key's part in a name/value pair (RecordWalker's name/value pairs).
// kKind and kData are Kubernetes' kind and data, which pair only with each
// other. kIdValue is no pair: the member's value is an id no value pattern
// runs on (RedactionRules::IsIdKey); kCommandLine neither: the member's
// value is a command line (RedactionRules::IsCommandKey); nor kCheckedValue:
// a key rule with a check (RedactionRule::validate) names the member, whose
// strings it takes only when they pass. The redactor's key memo keeps them
// with the roles. kCommandLine and kCheckedValue come last: the redactor
// reads a quiet string under either (RecordRedactor::OnString).
// kResource and kSecretBody: members of a Kubernetes audit event or
// admission review (RecordRedactor::OnKey); the rest pair names and values.
enum class PairRole : uint8_t {
  kNone, kName, kValue, kIdValue, kKind, kData, kResource, kSecretBody, kCommandLine, kCheckedValue
};

// The spellings of a pair's name and value keys, normalised (see
// KeyMatcher::PairRoleOf).
inline constexpr std::string_view kPairNameSpellings[] = {
    "name", "key", "field", "header", "parameterkey", "parametername", "optionname", "tagkey",
    "attributekey", "attributename", "propertyname", "variablename", "property", "param", "parameter",
    "variable", "setting", "option", "label", "title", "attribute"};
inline constexpr std::string_view kPairValueSpellings[] = {
    "value", "vstr", "parametervalue", "securevalue", "tagvalue", "attributevalue", "propertyvalue",
    "variablevalue", "optionvalue", "oldvalue", "newvalue", "rejectedvalue", "old", "new"};

// The last two letters of every pair spelling (KeyMatcher::PairRoleOf):
// bit (last & 31) of entry (second to last & 31).
inline constexpr std::array<uint32_t, 32> kPairEndings = [] {
  std::array<uint32_t, 32> t{};
  auto add = [&t](std::string_view spelling) {
    const unsigned b = static_cast<unsigned char>(spelling[spelling.size() - 2]) & 31;
    t[b] |= uint32_t{1} << (static_cast<unsigned char>(spelling.back()) & 31);
  };
  for (std::string_view spelling : kPairNameSpellings) add(spelling);
  for (std::string_view spelling : kPairValueSpellings) add(spelling);
  return t;
}();

class KeyMatcher {
 public:
  // The key's pair role, from the key normalised as Match normalises it:
  // "name", "key", "field", "header", "ParameterKey", "ParameterName",
  // "OptionName", "TagKey", "AttributeKey", "AttributeName", "PropertyName",
  // "VariableName", and "property", "param", "parameter", "variable",
  // "setting", "option", "label", "title" (settings dumps, Slack's
  // attachment fields), "attribute" (change records) name a value; "value",
  // "vStr" (Jaeger), "ParameterValue", "secureValue", "TagValue",
  // "AttributeValue", "PropertyValue", "VariableValue", "OptionValue",
  // "oldValue", "newValue", "rejectedValue", "old", "new" hold one
  // (kPairNameSpellings, kPairValueSpellings). Named spellings only: any
  // key ending in "name" or "value"
  // would pair a logger's method name with its level value. Inline for most
  // keys, which end in none of these words; no allocation.
  static PairRole PairRoleOf(std::string_view key) {
    if (key.size() < 3) return PairRole::kNone;
    // One table load on the last two letters (folded to 5 bits: other bytes
    // only alias, and the spelled check decides): a longer test here kept
    // the compiler from inlining RecordRedactor::OnKey.
    const unsigned b = static_cast<unsigned char>(key[key.size() - 2]) & 31;
    const unsigned c = static_cast<unsigned char>(key[key.size() - 1]) & 31;
    return (kPairEndings[b] >> c & 1) != 0 ? PairRoleOfSpelled(key) : PairRole::kNone;
  }

  // PairRoleOf for a member of a JSON object, which also pairs Kubernetes'
  // Secret: "kind" (kKind) names ("Secret"), "data" and "stringData" (kData)
  // hold the values, and "items" those of a list ("SecretList"),
  // pairing with no other name or value member,
  // so that {"kind":"Secret","data":{"tls.key":..}} keeps its keys and loses
  // its values. Not in text: there "data:" is everywhere.
  // Also the members that tell and hold a Secret written with no kind (a
  // patch, in an audit event or an admission review): "resource" and
  // "requestURI" (kResource) tell it, "requestObject", "object" and
  // "oldObject" (kSecretBody) hold it.
  static PairRole MemberPairRoleOf(std::string_view key) {
    const PairRole role = PairRoleOf(key);
    if (role != PairRole::kNone || key.size() < 4) return role;
    const char b = static_cast<char>(key[key.size() - 2] | 0x20);
    const char c = static_cast<char>(key[key.size() - 1] | 0x20);
    // "kind", "data", "stringData", "items"; "resource", "requestURI", "object".
    return (b == 'n' && c == 'd') || (b == 't' && c == 'a') || (b == 'm' && c == 's') || (b == 'c' && c == 'e') ||
                   (b == 'r' && c == 'i') || (b == 'c' && c == 't')
               ? SecretPairRoleOf(key)
               : PairRole::kNone;
  }

  // The value of a kResource member names Kubernetes Secrets: "secrets",
  // or a request path under them (".../secrets", ".../secrets/x", "...?..").
  static bool NamesSecrets(std::string_view value);

  // Longest normalised key or suffix term a rule may name.
  static constexpr size_t kMaxTermLength = 64;
  static constexpr int kNoRule = -1;

  // Normalises `key` the way MatchKey does ("X-Api-Key" -> "xapikey",
  // ASCII lowercased, '_', '-', '.', ' ', '\t', '\r', '\n' dropped).
  static std::string Normalize(std::string_view key);

  // Adders take normalised terms of 1..kMaxTermLength bytes (callers validate).
  // A later Add of the same term overrides an earlier one.
  void AddExact(std::string_view normalized, int rule);
  void AddSuffix(std::string_view normalized, int rule);
  void AddAllowed(std::string_view normalized);
  // Builds the lookup tables; call once after the adders.
  void Build();

  // Rule id for `key` (raw, unescaped), or kNoRule. Thread-safe, no allocation.
  int Match(std::string_view key) const;

  // Bytes a raw key can end with and still match a key rule (the last byte of
  // every term, in either case), for prefilters; valid after Build().
  const std::bitset<256>& term_last_bytes() const { return term_last_bytes_; }

 private:
  static constexpr int kAllowed = -2;
  static PairRole PairRoleOfSpelled(std::string_view key);
  static PairRole SecretPairRoleOf(std::string_view key);
  struct Slot {
    uint32_t hash = 0;
    uint32_t offset = 0;  // into pool_
    uint8_t length = 0;   // 0: empty slot
    int32_t value = 0;
  };
  struct Table {
    std::vector<Slot> slots;
    uint32_t mask = 0;
  };
  struct Term {
    std::string text;
    int value;
  };

  // Hash of a term, fed its bytes last to first as Match reads them.
  static uint64_t Step(uint64_t h, unsigned char c) { return ((h << 5) | (h >> 59)) ^ c; }
  static uint32_t Finish(uint64_t h, size_t length);
  static uint32_t Hash(std::string_view term);
  void BuildTable(const std::vector<Term>& terms, Table* table);
  // Match on the key as it is: a rule id, kAllowed or kNoRule.
  int MatchWhole(std::string_view key) const;
  // `key` is on the allowlist, as it is.
  bool IsAllowed(std::string_view key) const;
  int Probe(const Table& table, uint32_t hash, const char* text, size_t length) const;

  std::vector<Term> exact_terms_;
  std::vector<Term> suffix_terms_;
  std::string pool_;
  Table exact_;
  Table suffix_;
  // Bit k-1 of suffix_lengths_[c]: some suffix term of length k starts with c.
  std::array<uint64_t, 256> suffix_lengths_{};
  // Bit FilterIndex(h) set for the hash h of the last three bytes of every
  // term; unused (tail_filter_on_ false) when some term is shorter.
  static constexpr size_t kFilterBits = 4096;
  static size_t FilterIndex(uint64_t h) { return (h * 0x9E3779B97F4A7C15ull) >> 52; }
  std::array<uint64_t, kFilterBits / 64> tail_filter_{};
  bool tail_filter_on_ = false;
  std::bitset<256> term_last_bytes_;
};

}  // namespace sluice
