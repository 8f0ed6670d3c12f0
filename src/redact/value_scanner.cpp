// ValueScanner (see value_scanner.h). Tests: tests/redact/value_scanner_test.cpp.
#include "redact/value_scanner.h"

#include <algorithm>

#include "redact/match_validator.h"

namespace sluice {
namespace {

constexpr int kMaxGroups = 10;

// Latin-1: patterns match bytes, so invalid UTF-8 in a raw dead-letter line
// cannot stop a match short (in UTF-8 mode "." and [^...] skip such bytes).
RE2::Options PatternOptions(int64_t max_mem) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(max_mem);
  options.set_encoding(RE2::Options::EncodingLatin1);
  return options;
}

// Lower is more revealing; a merged span keeps the safer rule.
int Strength(RedactMode mode) { return mode == RedactMode::kPartial ? 0 : 1; }

}  // namespace

class ValueScanner::KeyValueSink final : public TriggerTable::Sink {
 public:
  KeyValueSink(const KeyValueFinder& finder, std::string_view text,
               std::vector<ValueMatch>* matches)
      : finder_(finder), text_(text), matches_(matches) {}

  void OnByte(size_t pos) override {
    if (pos < skip_until_) return;  // inside a value found already
    ValueMatch m;
    switch (finder_.FindAt(text_, pos, &m, matches_, &command_end_)) {
      case KeyValueFinder::Found::kNothing:
        break;
      case KeyValueFinder::Found::kValue:
        matches_->push_back(m);
        skip_until_ = m.end;
        break;
      case KeyValueFinder::Found::kPairValue:
        matches_->push_back(m);  // not skipped to: the value may lie past other members
        break;
    }
  }

 private:
  const KeyValueFinder& finder_;
  std::string_view text_;
  std::vector<ValueMatch>* matches_;
  size_t skip_until_ = 0;
  size_t command_end_ = 0;  // the end of the last command line read (KeyValueFinder::FindAt)
};

ValueScanner::ValueScanner(const KeyMatcher* keys, const KeyMatcher* query_keys,
                           const std::vector<RedactionRule>* rules,
                           size_t max_scan_bytes, int64_t regex_max_mem, const KeyMatcher* command_keys)
    : rules_(rules),
      key_values_(keys, query_keys, rules, command_keys),
      max_scan_bytes_(max_scan_bytes),
      regex_max_mem_(regex_max_mem) {}

void ValueScanner::AddPattern(uint16_t id, const RuleSpec& spec) {
  const std::string where = spec.regex_where.Prefix() + "pattern '" + spec.rule.name + "': ";
  if (patterns_.size() >= TriggerTable::kMaxPatterns) {
    throw RulesError(where + "more than " + std::to_string(TriggerTable::kMaxPatterns) +
                     " value patterns");
  }
  auto re = std::make_unique<RE2>(spec.regex, PatternOptions(regex_max_mem_));
  if (!re->ok()) throw RulesError(where + "bad regex: " + re->error());
  if (spec.last_group > re->NumberOfCapturingGroups()) {
    throw RulesError(where + "group " + std::to_string(spec.last_group) + " but the regex has " +
                     std::to_string(re->NumberOfCapturingGroups()) + " capturing groups");
  }
  const auto index = static_cast<uint16_t>(patterns_.size());
  bool filtered = false;
  if (spec.prefilter_digits > 0) {
    triggers_.AddDigitRun(index, spec.prefilter_digits, spec.digit_separators);
    filtered = true;
  } else if (!spec.prefilter.empty()) {
    filtered = triggers_.AddLiterals(index, spec.prefilter, spec.prefilter_ignore_case,
                                     spec.prefilter_word_start);
  }
  if (!filtered) unfiltered_.push_back(index);
  patterns_.push_back({id, spec.group, std::max(spec.group, spec.last_group), spec.rule.validate, std::move(re)});
}

void ValueScanner::Build() {
  triggers_.AddSinkByte('=');
  triggers_.AddSinkByte(':');
  triggers_.AddSinkByte('>');  // <password>VALUE</password>
  triggers_.AddSinkByte('%');  // password%3DVALUE
  triggers_.SetSinkKeyEnds(key_values_.KeyEndBytes());
  triggers_.Build();
  if (unfiltered_.empty()) return;
  unfiltered_set_ = std::make_unique<RE2::Set>(PatternOptions(regex_max_mem_), RE2::UNANCHORED);
  for (uint16_t index : unfiltered_) {
    std::string error;
    if (unfiltered_set_->Add(patterns_[index].re->pattern(), &error) < 0) {
      throw RulesError("value patterns without prefilter: " + error);
    }
  }
  if (!unfiltered_set_->Compile()) {
    throw RulesError("value patterns without prefilter: too large to compile together");
  }
}

ScanStatus ValueScanner::Scan(std::string_view text, bool key_values, std::vector<ValueMatch>* matches,
                              bool command_line) const {
  if (text.size() > max_scan_bytes_) return ScanStatus::kUndecided;
  const size_t first = matches->size();
  TriggerTable::PatternSet candidates;
  KeyValueSink sink(key_values_, text, matches);
  triggers_.Scan(text, &candidates, key_values ? &sink : nullptr);
  if (unfiltered_set_ != nullptr) {
    RE2::Set::ErrorInfo info{RE2::Set::kNoError};
    const bool any = unfiltered_set_->Match(text, nullptr, &info);
    if (!any && info.kind != RE2::Set::kNoError) {
      matches->resize(first);
      return ScanStatus::kUndecided;
    }
    if (any) {
      for (uint16_t index : unfiltered_) candidates.set(index);
    }
  }
  if (candidates.any()) {
    for (size_t i = 0; i < patterns_.size(); ++i) {
      if (candidates.test(i)) RunPattern(patterns_[i], text, matches);
    }
  }
  if (command_line) {
    key_values_.CommandLinePasswords(text, [matches](const ValueMatch& m) { matches->push_back(m); });
  }
  if (matches->size() == first) return ScanStatus::kClean;
  SortAndMerge(matches, first);
  return ScanStatus::kMatched;
}

bool ValueScanner::MarkLine(std::string_view line, LineMarks* marks) const {
  if (unfiltered_set_ != nullptr) {
    marks->Reset();
    return false;
  }
  triggers_.MarkLine(line, marks->Words(line));
  return true;
}

void ValueScanner::RunPattern(const Pattern& pattern, std::string_view text,
                              std::vector<ValueMatch>* matches) const {
  re2::StringPiece groups[kMaxGroups];
  const re2::StringPiece subject(text.data(), text.size());
  // The secret's group, or with group = [1, 2] the first of them that took
  // part (alternatives that capture apart).
  const int ngroups = pattern.last_group + 1;
  size_t pos = 0;
  while (pos <= text.size() &&
         pattern.re->Match(subject, pos, text.size(), RE2::UNANCHORED, groups, ngroups)) {
    const size_t match_begin = static_cast<size_t>(groups[0].data() - text.data());
    const size_t match_end = match_begin + groups[0].size();
    int group = pattern.group;
    while (group + 1 < ngroups && groups[group].data() == nullptr) ++group;
    const re2::StringPiece& secret = groups[group];
    if (secret.data() == nullptr || secret.empty()) {
      // The group took no part: an alternative consumed look-alike context.
      pos = std::max(match_end, match_begin + 1);
      continue;
    }
    auto begin = static_cast<uint32_t>(secret.data() - text.data());
    auto end = static_cast<uint32_t>(begin + secret.size());
    const std::string_view secret_text(secret.data(), secret.size());
    if (!MatchValidator::Accepts(pattern.validate, secret_text)) {
      size_t group_begin = 0, group_end = 0;
      if (!MatchValidator::FindValidGroups(pattern.validate, secret_text, &group_begin, &group_end)) {
        pos = match_begin + 1;  // another alignment of the same digits may be the secret
        continue;
      }
      end = static_cast<uint32_t>(begin + group_end);
      begin += static_cast<uint32_t>(group_begin);
    }
    matches->push_back({begin, end, pattern.rule});
    // Resume after the secret, not the match: trailing context (the non-digit
    // after a card number) may be the leading context of the next secret.
    pos = std::max<size_t>(end, match_begin + 1);
  }
}

void ValueScanner::SortAndMerge(std::vector<ValueMatch>* matches, size_t first) const {
  auto begin = matches->begin() + static_cast<std::ptrdiff_t>(first);
  std::sort(begin, matches->end(), [](const ValueMatch& a, const ValueMatch& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;
    return a.rule < b.rule;
  });
  size_t out = first;
  for (size_t i = first; i < matches->size(); ++i) {
    const ValueMatch m = (*matches)[i];
    if (out > first && m.begin < (*matches)[out - 1].end) {
      ValueMatch& last = (*matches)[out - 1];
      last.end = std::max(last.end, m.end);
      if (Strength((*rules_)[m.rule].mode) > Strength((*rules_)[last.rule].mode)) last.rule = m.rule;
      continue;
    }
    (*matches)[out++] = m;
  }
  matches->resize(out);
}

}  // namespace sluice
