// ValueScanner: finds secrets inside one unescaped string value (or raw text).
//
// Why this design: most values are clean, and RE2 over every byte of them was
// measured at ~190 MB/s, far from the 1 GB/s budget. So a TriggerTable pass
// (SIMD, allocation-free) first decides which patterns could match; only those
// run, each once over the value, with their capture group as the secret and
// an optional MatchValidator check. Patterns without any prefilter go into one
// RE2::Set, whose DFA out-of-memory is reported (ErrorInfo) as kUndecided, so
// the caller masks the whole value rather than let it through. Key=value pairs
// come from KeyValueFinder at the '=' and ':' the same pass reports.
// Overlapping matches merge into their union (fail closed); a union keeps the
// rule of its first match (by begin, then longest, then lowest rule id) unless
// that rule is `partial`, which would show the tail of someone else's secret.
// Patterns compile in RE2's Latin-1 mode: they match bytes, so invalid UTF-8
// in a raw line cannot cut a match short.
// Immutable after Build(); Scan is thread-safe. It allocates nothing itself
// beyond growing the caller's vector; RE2 may, inside a candidate pattern run.
// Tests: tests/redact/value_scanner_test.cpp (prefilters never hide a match,
// concurrency), tests/redact/redaction_rules_test.cpp (every default rule).
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "redact/key_matcher.h"
#include "redact/key_value_finder.h"
#include "redact/line_marks.h"
#include "redact/redaction_rules.h"
#include "redact/rule_pack.h"
#include "redact/trigger_table.h"

namespace sluice {

class ValueScanner {
 public:
  // `keys` and `rules` must outlive the scanner; rules[id].mode is consulted
  // when merging overlaps.
  // `query_keys`: rules that match only a query parameter's name in text.
  // `command_keys`: see KeyValueFinder.
  ValueScanner(const KeyMatcher* keys, const KeyMatcher* query_keys, const std::vector<RedactionRule>* rules,
               size_t max_scan_bytes, int64_t regex_max_mem, const KeyMatcher* command_keys = nullptr);

  // Compiles spec.regex for rule `id`; throws RulesError at spec.regex_where.
  void AddPattern(uint16_t id, const RuleSpec& spec);
  void Build();

  // key_values: also look for KEY=VALUE pairs with sensitive keys.
  // command_line: `text` is a command line's (a value under one of the
  // pack's command_keys): its passwords are matches too
  // (KeyValueFinder::CommandLinePasswords).
  ScanStatus Scan(std::string_view text, bool key_values, std::vector<ValueMatch>* matches,
                  bool command_line = false) const;

  // Marks `line` for LineMarks::Quiet (see TriggerTable::MarkLine): an
  // unmarked string body of at most max_scan_bytes() is clean, and Scan would
  // say so. False, and nothing marked, when some pattern has no prefilter
  // (every value must then be scanned).
  bool MarkLine(std::string_view line, LineMarks* marks) const;

  size_t max_scan_bytes() const { return max_scan_bytes_; }

 private:
  struct Pattern {
    uint16_t rule;
    int group;
    int last_group;  // group = [1, 2]: the alternatives' groups, from group to this
    Validator validate;
    std::unique_ptr<RE2> re;
  };
  class KeyValueSink;

  void RunPattern(const Pattern& pattern, std::string_view text,
                  std::vector<ValueMatch>* matches) const;
  void SortAndMerge(std::vector<ValueMatch>* matches, size_t first) const;

  const std::vector<RedactionRule>* rules_;
  KeyValueFinder key_values_;
  TriggerTable triggers_;
  std::vector<Pattern> patterns_;
  std::vector<uint16_t> unfiltered_;  // pattern indices with no prefilter
  std::unique_ptr<RE2::Set> unfiltered_set_;
  size_t max_scan_bytes_;
  int64_t regex_max_mem_;
};

}  // namespace sluice
