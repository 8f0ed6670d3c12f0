// RulePackLoader: reads one TOML rule pack into a RulePack, validating its
// schema (documented in pipeline/rules/example-custom.toml).
//
// Why this design: toml++ keeps the source region of every key and value, so
// each error names the line that caused it ("FILE:LINE: reason", thrown as
// RulesError). Only the schema is checked here; regexes compile later, with
// the positions the pack carries. Start-up code only: it throws and allocates.
// Tests: tests/redact/rule_pack_loader_test.cpp.
#pragma once

#include <string>
#include <string_view>

#include "redact/rule_pack.h"

namespace sluice {

class RulePackLoader {
 public:
  // Parses pack text; `source` names it in errors. A relative hash_key_file is
  // resolved against `base_dir` (empty: the working directory).
  static RulePack Parse(std::string_view toml_text, std::string_view source,
                        std::string_view base_dir = {});
  // Reads and parses the file at `path`.
  static RulePack LoadFile(const std::string& path);
};

}  // namespace sluice
