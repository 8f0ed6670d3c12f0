// RulePack merging (see rule_pack.h). Tests: tests/redact/rule_pack_loader_test.cpp.
#include "redact/rule_pack.h"

#include <algorithm>
#include <utility>

namespace sluice {

std::string SourcePos::Prefix() const {
  return file + ":" + std::to_string(line) + ": ";
}

void RulePack::Merge(RulePack later) {
  for (RuleSpec& spec : later.rules) {
    auto same = std::find_if(rules.begin(), rules.end(),
                             [&](const RuleSpec& r) { return r.rule.name == spec.rule.name; });
    if (same != rules.end()) {
      // A key rule replaced by a pattern (or the reverse) stops redacting
      // what the first one did: almost surely a name clash, not the intent.
      if (same->kind != spec.kind) {
        const auto kind = [](RuleSpec::Kind k) { return k == RuleSpec::Kind::kKey ? "key_rule" : "pattern"; };
        throw RulesError(spec.where.Prefix() + "'" + spec.rule.name + "' would replace the " +
                         kind(same->kind) + " of that name with a " + kind(spec.kind) +
                         ": give it another name (or list the old one in disable_rules)");
      }
      *same = std::move(spec);
    } else {
      rules.push_back(std::move(spec));
    }
  }
  for (const Disable& d : later.disable_rules) {
    auto it = std::find_if(rules.begin(), rules.end(),
                           [&](const RuleSpec& r) { return r.rule.name == d.name; });
    if (it == rules.end()) {
      throw RulesError(d.where.Prefix() + "disable_rules names unknown rule '" + d.name + "'");
    }
    rules.erase(it);
  }
  for (std::string& key : later.allow_keys) allow_keys.push_back(std::move(key));
  for (std::string& key : later.id_keys) id_keys.push_back(std::move(key));
  for (std::string& key : later.command_keys) command_keys.push_back(std::move(key));
  if (later.scan_key_values) scan_key_values = later.scan_key_values;
  if (!later.hash_key_file.empty()) {
    hash_key_file = std::move(later.hash_key_file);
    hash_key_file_where = std::move(later.hash_key_file_where);
  }
  if (!later.hash_key_env.empty()) {
    hash_key_env = std::move(later.hash_key_env);
    hash_key_env_where = std::move(later.hash_key_env_where);
  }
}

}  // namespace sluice
