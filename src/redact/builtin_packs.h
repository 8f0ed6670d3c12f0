// BuiltinPacks: the default and strict rule packs, compiled into the binary so
// that sluice redacts with no rules file present.
//
// Why this design: the text is the same TOML as pipeline/rules/default.toml and
// pipeline/rules/strict.toml, embedded as raw string literals and loaded by the
// same RulePackLoader, so there is one schema and one code path. A test checks
// the embedded text and the files are byte-identical.
// Tests: tests/redact/rule_pack_loader_test.cpp (BuiltinPacksMatchFiles).
#pragma once

#include <string_view>

namespace sluice {

class BuiltinPacks {
 public:
  static std::string_view DefaultToml();  // == pipeline/rules/default.toml
  static std::string_view StrictToml();   // == pipeline/rules/strict.toml
  static constexpr std::string_view kDefaultSource = "default.toml (built in)";
  static constexpr std::string_view kStrictSource = "strict.toml (built in)";
};

}  // namespace sluice
