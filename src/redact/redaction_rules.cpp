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
  std::string where = "RulesOptions.hash_key: ";
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
                         "' uses mode \"hash\" but no hash key is set (RulesOptions.hash_key, "
                         "hash_key_env or hash_key_file)");
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
      : values(&keys, &rules, options.max_scan_bytes, options.regex_max_mem),
        renderer(hash_key),
        scan_key_values(pack.scan_key_values.value_or(true)) {
    if (pack.rules.size() > kMaxRules) throw RulesError("too many rules");
    rules.reserve(pack.rules.size() + 1);
    for (const RuleSpec& spec : pack.rules) {
      const auto id = static_cast<uint16_t>(rules.size());
      rules.push_back(spec.rule);
      if (rules.back().label.empty()) rules.back().label = kDefaultLabel;
      if (spec.kind == RuleSpec::Kind::kKey) {
        for (const std::string& term : spec.keys) keys.AddExact(term, id);
        for (const std::string& term : spec.key_suffixes) keys.AddSuffix(term, id);
      } else {
        values.AddPattern(id, spec);
      }
    }
    for (const std::string& term : pack.allow_keys) keys.AddAllowed(term);
    keys.Build();
    values.Build();
    undecided = static_cast<uint16_t>(rules.size());
    rules.push_back(RedactionRule{"undecided", RedactMode::kMask, std::string(kDefaultLabel), 4});
  }

  std::vector<RedactionRule> rules;  // by id; the last is the undecided pseudo-rule
  KeyMatcher keys;
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

ScanStatus RedactionRules::ScanValue(std::string_view text,
                                     std::vector<ValueMatch>* matches) const {
  return impl_->values.Scan(text, impl_->scan_key_values, matches);
}

bool RedactionRules::MarkLine(std::string_view line, LineMarks* marks) const {
  return impl_->values.MarkLine(line, marks);
}

size_t RedactionRules::max_scan_bytes() const { return impl_->values.max_scan_bytes(); }

void RedactionRules::AppendReplacement(uint16_t id, std::string_view secret,
                                       std::string* out) const {
  impl_->renderer.Append(impl_->rules[id], secret, out);
}

namespace {

// Where the last word of `raw` begins when `raw` ends inside a JSON string
// (an odd number of unescaped quotes), else raw.size().
size_t CutStringTail(std::string_view raw) {
  bool in_string = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\') {
      ++i;
    } else if (raw[i] == '"') {
      in_string = !in_string;
    }
  }
  if (!in_string) return raw.size();
  constexpr std::string_view kWordEnds = " \t\r\n\"'\\,;&=?<>()[]{}";
  size_t begin = raw.size();
  while (begin > 0 && kWordEnds.find(raw[begin - 1]) == std::string_view::npos) --begin;
  return begin;
}

}  // namespace

size_t RedactionRules::ScrubRawText(std::string_view raw, std::string* out) const {
  // A broken line is scanned as it is, then with its JSON escapes decoded,
  // once per level of nesting: a secret written \u0041KIA..., or inside JSON
  // held in a string (journald's MESSAGE), or both, is found in the decoded
  // text and its span mapped back to the raw bytes it came from.
  constexpr int kMaxLevels = 4;
  struct Span {
    uint32_t begin;  // in raw
    uint32_t end;
    uint16_t rule;
    std::string secret;  // as decoded where it was found
  };
  std::vector<Span> spans;
  std::vector<ValueMatch> matches;
  std::string text(raw), decoded;
  std::vector<uint32_t> to_raw(raw.size() + 1), origin;
  for (size_t i = 0; i <= raw.size(); ++i) to_raw[i] = static_cast<uint32_t>(i);
  for (int level = 0; level < kMaxLevels; ++level) {
    matches.clear();
    if (impl_->values.Scan(text, /*key_values=*/true, &matches) == ScanStatus::kUndecided) {
      AppendReplacement(impl_->undecided, raw, out);
      return 1;
    }
    for (const ValueMatch& m : matches) {
      spans.push_back({to_raw[m.begin], to_raw[m.end], m.rule,
                       text.substr(m.begin, m.end - m.begin)});
    }
    if (text.find('\\') == std::string::npos) break;
    UnescapeJsonTextLenient(text, &decoded, &origin);
    if (decoded.size() == text.size()) break;  // no escape decoded
    for (uint32_t& at : origin) at = to_raw[at];
    to_raw.swap(origin);
    text.swap(decoded);
  }
  // A line cut inside a string may have cut a secret's pattern short too
  // (`amqp://user:pass` without its @host, half a JWT): its last word is
  // masked, as undecided.
  if (const size_t tail = CutStringTail(raw); tail < raw.size()) {
    spans.push_back({static_cast<uint32_t>(tail), static_cast<uint32_t>(raw.size()), impl_->undecided,
                     std::string(raw.substr(tail))});
  }
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin || (a.begin == b.begin && a.end > b.end); });
  size_t at = 0, made = 0;
  for (const Span& span : spans) {
    if (span.end <= at) continue;  // inside a span already replaced
    const size_t begin = std::max<size_t>(span.begin, at);
    out->append(raw.substr(at, begin - at));
    AppendReplacement(span.rule, span.secret, out);
    at = span.end;
    ++made;
  }
  out->append(raw.substr(at));
  return made;
}

}  // namespace sluice
