// RedactionRules: compiles a merged RulePack into the immutable matchers the
// workers share (see redaction_rules.h for the contract).
//
// Why this design: the work is split by question. KeyMatcher answers MatchKey,
// ValueScanner (TriggerTable prefilter, KeyValueFinder, RE2) answers ScanValue,
// ReplacementRenderer renders. This file only builds them from rule packs
// (built in, then files) and resolves the hash key.
// Tests: tests/redact/redaction_rules_test.cpp, rule_pack_loader_test.cpp.
#include "redact/redaction_rules.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <utility>

#include "core/json_text.h"
#include "redact/builtin_packs.h"
#include "redact/key_matcher.h"
#include "redact/replacement.h"
#include "redact/rule_pack.h"
#include "redact/rule_pack_loader.h"
#include "redact/value_scanner.h"

namespace sluice {
namespace {

constexpr size_t kMinHashKeyBytes = 16;
constexpr std::string_view kDefaultLabel = "[REDACTED]";
constexpr size_t kMaxRules = 60000;  // ids are uint16_t, with room for the pseudo-rule

bool UsesHash(const RulePack& pack) {
  for (const RuleSpec& spec : pack.rules) {
    if (spec.rule.mode == RedactMode::kHash) return true;
  }
  return false;
}

// A key file's contents without its trailing newline; `cannot_read` (with
// the reason appended) is thrown if it cannot be opened.
std::string ReadKeyFile(const std::string& path, const std::string& cannot_read) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RulesError(cannot_read + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  std::string key = text.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  return key;
}

// The key the options give: hash_key, else hash_key_file's contents, else
// $SLUICE_HASH_KEY; empty when none does.
std::string OptionsHashKey(const RulesOptions& options) {
  if (!options.hash_key.empty()) return options.hash_key;
  if (!options.hash_key_file.empty()) {
    std::string key = ReadKeyFile(options.hash_key_file, options.hash_key_file + ": cannot read hash key: ");
    if (key.empty()) throw RulesError(options.hash_key_file + ": the hash key file is empty");
    return key;
  }
  const char* env = std::getenv("SLUICE_HASH_KEY");
  return env ? std::string(env) : std::string();
}

// The key for kHash rules: RulesOptions::hash_key, else the environment
// variable named by hash_key_env, else the contents of hash_key_file.
std::string ResolveHashKey(const RulePack& pack, const RulesOptions& options) {
  std::string where = "hash key (--hash-key-file or $SLUICE_HASH_KEY): ";
  std::string key = options.hash_key;
  if (key.empty() && !pack.hash_key_env.empty()) {
    const char* value = std::getenv(pack.hash_key_env.c_str());
    if (value != nullptr && *value != '\0') {
      key = value;
      where = pack.hash_key_env_where.Prefix() + "hash_key_env " + pack.hash_key_env + ": ";
    }
  }
  if (key.empty() && !pack.hash_key_file.empty()) {
    key = ReadKeyFile(pack.hash_key_file, pack.hash_key_file_where.Prefix() + "cannot read hash_key_file '" +
                                              pack.hash_key_file + "': ");
    where = pack.hash_key_file_where.Prefix() + "hash_key_file: ";
  }
  if (key.empty()) {
    for (const RuleSpec& spec : pack.rules) {
      if (spec.rule.mode == RedactMode::kHash) {
        throw RulesError(spec.mode_where.Prefix() + "rule '" + spec.rule.name +
                         "' uses mode \"hash\" but no hash key is set (--hash-key-file, $SLUICE_HASH_KEY, "
                         "or the pack's hash_key_env or hash_key_file)");
      }
    }
  }
  if (key.size() < kMinHashKeyBytes) {
    throw RulesError(where + "the hash key is shorter than " + std::to_string(kMinHashKeyBytes) +
                     " bytes");
  }
  return key;
}

RulePack BuildPack(const RulesOptions& options) {
  RulePack pack;
  if (options.extend_default) {
    pack = RulePackLoader::Parse(BuiltinPacks::DefaultToml(), BuiltinPacks::kDefaultSource);
  }
  if (options.strict) {
    pack.Merge(RulePackLoader::Parse(BuiltinPacks::StrictToml(), BuiltinPacks::kStrictSource));
  }
  for (const std::string& file : options.files) pack.Merge(RulePackLoader::LoadFile(file));
  return pack;
}

}  // namespace

struct RedactionRules::Impl {
  Impl(const RulePack& pack, const RulesOptions& options, const std::string& hash_key)
      : values(&keys, &query_keys, &rules, options.max_scan_bytes, options.regex_max_mem, &command_keys),
        renderer(hash_key),
        scan_key_values(pack.scan_key_values.value_or(true)) {
    if (pack.rules.size() > kMaxRules) throw RulesError("too many rules");
    rules.reserve(pack.rules.size() + 1);
    for (const RuleSpec& spec : pack.rules) {
      const auto id = static_cast<uint16_t>(rules.size());
      rules.push_back(spec.rule);
      if (rules.back().label.empty()) rules.back().label = kDefaultLabel;
      if (spec.kind == RuleSpec::Kind::kKey) {
        KeyMatcher& matcher = spec.query_only ? query_keys : keys;
        for (const std::string& term : spec.keys) matcher.AddExact(term, id);
        for (const std::string& term : spec.key_suffixes) matcher.AddSuffix(term, id);
      } else {
        values.AddPattern(id, spec);
      }
    }
    for (const std::string& term : pack.allow_keys) keys.AddAllowed(term);
    keys.Build();
    query_keys.Build();
    for (const std::string& term : pack.id_keys) id_keys.AddSuffix(term, 0);
    id_keys.Build();
    for (const std::string& term : pack.command_keys) command_keys.AddSuffix(term, 0);
    command_keys.Build();
    values.Build();
    undecided = static_cast<uint16_t>(rules.size());
    rules.push_back(RedactionRule{std::string(kUndecidedRuleName), RedactMode::kMask, std::string(kDefaultLabel), 4});
  }

  std::vector<RedactionRule> rules;  // by id; the last is the undecided pseudo-rule
  KeyMatcher keys;
  KeyMatcher query_keys;  // rules with scope = "query": query parameters in text only
  KeyMatcher id_keys;  // rule 0: an id key
  KeyMatcher command_keys;  // rule 0: a command line's key
  ValueScanner values;
  ReplacementRenderer renderer;
  bool scan_key_values;
  uint16_t undecided = 0;
};

RedactionRules::RedactionRules(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RedactionRules::~RedactionRules() = default;

std::shared_ptr<const RedactionRules> RedactionRules::Default() {
  static const std::shared_ptr<const RedactionRules> rules = Load(RulesOptions{});
  return rules;
}

std::shared_ptr<const RedactionRules> RedactionRules::Strict() {
  static const std::shared_ptr<const RedactionRules> rules = [] {
    RulesOptions options;
    options.strict = true;
    return Load(options);
  }();
  return rules;
}

std::shared_ptr<const RedactionRules> RedactionRules::Load(const RulesOptions& options) {
  if (options.max_scan_bytes > std::numeric_limits<uint32_t>::max()) {
    throw RulesError("RulesOptions.max_scan_bytes: must be below 4 GiB");
  }
  RulesOptions resolved = options;
  resolved.hash_key = OptionsHashKey(options);
  const RulePack pack = BuildPack(resolved);
  const std::string hash_key = UsesHash(pack) ? ResolveHashKey(pack, resolved) : std::string();
  auto impl = std::make_unique<Impl>(pack, resolved, hash_key);
  return std::shared_ptr<const RedactionRules>(new RedactionRules(std::move(impl)));
}

std::shared_ptr<const RedactionRules> RedactionRules::Shared(const RulesOptions& options) {
  const RulesOptions plain;
  if (options.files.empty() && !options.strict && options.extend_default && options.hash_key.empty() &&
      options.hash_key_file.empty() && options.max_scan_bytes == plain.max_scan_bytes &&
      options.regex_max_mem == plain.regex_max_mem) {
    return Default();
  }
  return Load(options);
}

size_t RedactionRules::rule_count() const { return impl_->rules.size(); }

const RedactionRule& RedactionRules::rule(size_t id) const { return impl_->rules[id]; }

uint16_t RedactionRules::undecided_rule() const { return impl_->undecided; }

int RedactionRules::FindRule(std::string_view name) const {
  for (size_t i = 0; i < impl_->rules.size(); ++i) {
    if (impl_->rules[i].name == name) return static_cast<int>(i);
  }
  return kNoRule;
}

int RedactionRules::MatchKey(std::string_view key) const { return impl_->keys.Match(key); }
bool RedactionRules::IsIdKey(std::string_view key) const { return impl_->id_keys.Match(key) == 0; }
bool RedactionRules::IsCommandKey(std::string_view key) const { return impl_->command_keys.Match(key) == 0; }
bool RedactionRules::has_key_rules() const { return impl_->keys.term_last_bytes().any(); }

ScanStatus RedactionRules::ScanValue(std::string_view text, std::vector<ValueMatch>* matches,
                                     bool command_line) const {
  return impl_->values.Scan(text, impl_->scan_key_values, matches, command_line);
}

ScanStatus RedactionRules::ScanWithKeyValues(std::string_view text,
                                             std::vector<ValueMatch>* matches) const {
  return impl_->values.Scan(text, /*key_values=*/true, matches);
}

bool RedactionRules::MarkLine(std::string_view line, LineMarks* marks) const {
  return impl_->values.MarkLine(line, marks);
}

size_t RedactionRules::max_scan_bytes() const { return impl_->values.max_scan_bytes(); }

void RedactionRules::AppendReplacement(uint16_t id, std::string_view secret,
                                       std::string* out) const {
  impl_->renderer.Append(impl_->rules[id], secret, out);
}

}  // namespace sluice
