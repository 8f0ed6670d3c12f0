// Fuzz target: bytes as a TOML rule pack, loaded through RedactionRules::Load
// (RulePackLoader, then compiling the regexes and prefilters). The pack must
// either load or be refused with RulesError; any other exception, crash or
// sanitizer report is a finding. A pack that loads is then used: it scans its
// own text as a value (matches in bounds, sorted, not overlapping, naming real
// rules) and scrubs it as raw text. One input in four extends the built-in
// pack (disable_rules and replacing default rules); the others replace it,
// which is much faster. A hash key is always given, so hash_key_file is never
// read (a fuzzed path could name a device).
// Replayed by ctest over tests/fuzz/corpus/rules_fuzz/ (fuzz_replay.rules_fuzz).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_check.h"
#include "fuzz/scratch_file.h"
#include "redact/redaction_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sluice;
  static fuzz::ScratchFile* file = new fuzz::ScratchFile("pack.toml");
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  RulesOptions options;
  options.files = {file->Write(text)};
  options.extend_default = size % 4 == 0;
  options.hash_key = "fuzz-hash-key-0123456789abcdef";
  std::shared_ptr<const RedactionRules> rules;
  try {
    rules = RedactionRules::Load(options);
  } catch (const RulesError& e) {
    // Refused, with the file named first.
    FUZZ_CHECK(std::string_view(e.what()).starts_with(file->path()));
    return 0;
  }

  std::vector<ValueMatch> matches;
  const ScanStatus status = rules->ScanValue(text, &matches);
  if (status == ScanStatus::kMatched) FUZZ_CHECK(!matches.empty());
  if (status == ScanStatus::kClean) FUZZ_CHECK(matches.empty());
  uint32_t previous_end = 0;
  for (const ValueMatch& m : matches) {
    FUZZ_CHECK(m.begin <= m.end && m.end <= text.size());
    FUZZ_CHECK(m.begin >= previous_end);
    FUZZ_CHECK(m.rule < rules->rule_count());
    previous_end = m.end;
    std::string replacement;
    rules->AppendReplacement(m.rule, text.substr(m.begin, m.end - m.begin), &replacement);
  }
  std::string scrubbed;
  rules->ScrubRawText(text, &scrubbed);
  for (size_t i = 0; i < rules->rule_count(); ++i) {
    FUZZ_CHECK(rules->FindRule(rules->rule(i).name) == static_cast<int>(i));
  }
  return 0;
}
