// RulePack: the uncompiled content of one or more TOML rule packs, as plain
// data, with the source position of every rule so that compile errors (a bad
// regex, a hash rule without a key) can still say "FILE:LINE: reason".
//
// Why this design: loading (toml++, rule_pack_loader.cpp) and compiling (RE2,
// tables, redaction_rules.cpp) are separate steps; a pack is merged in memory
// (Merge: same name replaces, a rule of the other kind is an error;
// disable_rules removes) before anything compiles.
// Tests: tests/redact/rule_pack_loader_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "redact/redaction_rules.h"

namespace sluice {

// Where a value came from, for error messages.
struct SourcePos {
  std::string file;
  uint32_t line = 0;
  std::string Prefix() const;  // "FILE:LINE: "
};

struct RuleSpec {
  enum class Kind : uint8_t { kKey, kPattern };
  Kind kind = Kind::kKey;
  RedactionRule rule;  // name, mode, label, keep_last
  SourcePos where;     // the rule's table
  SourcePos mode_where;

  // Key rules: normalised terms.
  std::vector<std::string> keys;
  std::vector<std::string> key_suffixes;
  bool query_only = false;  // scope = "query": only a query parameter's name in text

  // Value patterns.
  std::string regex;
  SourcePos regex_where;
  int group = 0;
  int last_group = 0;  // group = [1, 2]: the alternatives' groups, from group to this
  std::vector<std::string> prefilter;
  bool prefilter_ignore_case = false;
  bool prefilter_word_start = false;  // literals follow a non-word byte (\b)
  int prefilter_digits = 0;  // 0: none
  std::string digit_separators = " -";
};

struct RulePack {
  std::vector<RuleSpec> rules;             // in id order
  std::vector<std::string> allow_keys;     // normalised
  std::vector<std::string> id_keys;        // normalised suffixes
  std::vector<std::string> command_keys;   // normalised suffixes
  std::optional<bool> scan_key_values;     // unset: keep the earlier pack's choice
  std::string hash_key_file;               // resolved against the pack's folder
  SourcePos hash_key_file_where;
  std::string hash_key_env;
  SourcePos hash_key_env_where;
  struct Disable {
    std::string name;
    SourcePos where;
  };
  std::vector<Disable> disable_rules;

  // Applies `later` on top of this pack: a rule with a known name replaces it in
  // place, a new one is appended, disable_rules removes (RulesError if unknown),
  // allow_keys, id_keys and command_keys accumulate, scalars set in `later` win.
  void Merge(RulePack later);
};

}  // namespace sluice
