// RulePackLoader: TOML rule pack -> RulePack, with FILE:LINE errors.
// Schema reference: pipeline/rules/example-custom.toml.
// Tests: tests/redact/rule_pack_loader_test.cpp.
#include "redact/rule_pack_loader.h"

#include <toml++/toml.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "redact/key_matcher.h"

namespace sluice {
namespace {

constexpr int kMaxGroup = 9;
constexpr int kMaxKeepLast = 64;
constexpr int kMaxPrefilterDigits = 16;
constexpr size_t kMaxNameLength = 64;

class PackReader {
 public:
  PackReader(std::string_view source, std::string_view base_dir)
      : source_(source), base_dir_(base_dir) {}

  RulePack Read(const toml::table& root) {
    RulePack pack;
    for (auto&& [key, value] : root) {
      const std::string_view k = key.str();
      if (k == "allow_keys" || k == "id_keys" || k == "command_keys") {
        auto& terms = k == "allow_keys" ? pack.allow_keys : k == "id_keys" ? pack.id_keys : pack.command_keys;
        for (auto& [term, where] : StringArray(value, key)) terms.push_back(NormalizedTerm(term, where, k));
      } else if (k == "disable_rules") {
        for (auto& [name, where] : StringArray(value, key)) {
          pack.disable_rules.push_back({std::move(name), std::move(where)});
        }
      } else if (k == "scan_key_values") {
        pack.scan_key_values = Bool(value, key);
      } else if (k == "hash_key_file") {
        std::string path = String(value, key);
        if (path.empty()) Fail(Pos(value), "'hash_key_file' must not be empty");
        std::filesystem::path p(path);
        if (p.is_relative() && !base_dir_.empty()) p = std::filesystem::path(base_dir_) / p;
        pack.hash_key_file = p.string();
        pack.hash_key_file_where = Pos(value);
      } else if (k == "hash_key_env") {
        pack.hash_key_env = String(value, key);
        if (pack.hash_key_env.empty()) Fail(Pos(value), "'hash_key_env' must not be empty");
        pack.hash_key_env_where = Pos(value);
      } else if (k == "key_rule") {
        for (const toml::table* table : Tables(value, key)) Add(KeyRule(*table), &pack);
      } else if (k == "pattern") {
        for (const toml::table* table : Tables(value, key)) Add(Pattern(*table), &pack);
      } else {
        Fail(Pos(key), "unknown key '" + std::string(k) +
                           "' (expected allow_keys, id_keys, command_keys, disable_rules, scan_key_values, hash_key_file, "
                           "hash_key_env, [[key_rule]] or [[pattern]])");
      }
    }
    return pack;
  }

 private:
  // One file names each rule once (a later file may replace it).
  static void Add(RuleSpec spec, RulePack* pack) {
    for (const RuleSpec& earlier : pack->rules) {
      if (earlier.rule.name == spec.rule.name) {
        Fail(spec.where, "duplicate rule name '" + spec.rule.name + "' (first at line " +
                             std::to_string(earlier.where.line) + ")");
      }
    }
    pack->rules.push_back(std::move(spec));
  }

  SourcePos Pos(const toml::source_region& region) const {
    return SourcePos{std::string(source_), region.begin.line};
  }
  SourcePos Pos(const toml::node& node) const { return Pos(node.source()); }
  SourcePos Pos(const toml::key& key) const { return Pos(key.source()); }

  [[noreturn]] static void Fail(const SourcePos& where, const std::string& reason) {
    throw RulesError(where.Prefix() + reason);
  }

  static std::string Quoted(const toml::key& key) {
    std::string quoted(1, '\'');
    quoted.append(key.str());
    quoted.push_back('\'');
    return quoted;
  }

  std::string String(const toml::node& node, const toml::key& key) const {
    const auto* s = node.as_string();
    if (s == nullptr) Fail(Pos(node), Quoted(key) + " must be a string");
    return s->get();
  }

  bool Bool(const toml::node& node, const toml::key& key) const {
    const auto* b = node.as_boolean();
    if (b == nullptr) Fail(Pos(node), Quoted(key) + " must be true or false");
    return b->get();
  }

  int Int(const toml::node& node, const toml::key& key, int lo, int hi) const {
    const auto* i = node.as_integer();
    if (i == nullptr) Fail(Pos(node), Quoted(key) + " must be an integer");
    int64_t v = i->get();
    if (v < lo || v > hi) {
      Fail(Pos(node), Quoted(key) + " must be between " + std::to_string(lo) + " and " +
                          std::to_string(hi));
    }
    return static_cast<int>(v);
  }

  std::vector<std::pair<std::string, SourcePos>> StringArray(const toml::node& node,
                                                             const toml::key& key) const {
    const auto* array = node.as_array();
    if (array == nullptr) Fail(Pos(node), Quoted(key) + " must be an array of strings");
    std::vector<std::pair<std::string, SourcePos>> out;
    for (const toml::node& element : *array) {
      const auto* s = element.as_string();
      if (s == nullptr) Fail(Pos(element), Quoted(key) + " must be an array of strings");
      out.emplace_back(s->get(), Pos(element));
    }
    return out;
  }

  std::vector<const toml::table*> Tables(const toml::node& node, const toml::key& key) const {
    const auto* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
      Fail(Pos(node), Quoted(key) + " must be an array of tables ([[" + std::string(key.str()) +
                          "]])");
    }
    std::vector<const toml::table*> out;
    for (const toml::node& element : *array) out.push_back(element.as_table());
    return out;
  }

  static std::string NormalizedTerm(const std::string& term, const SourcePos& where,
                                    std::string_view what) {
    std::string normalized = KeyMatcher::Normalize(term);
    if (normalized.empty()) {
      Fail(where, std::string(what) + " entry '" + term + "' is empty once normalised");
    }
    if (normalized.size() > KeyMatcher::kMaxTermLength) {
      Fail(where, std::string(what) + " entry '" + term + "' is longer than " +
                      std::to_string(KeyMatcher::kMaxTermLength) + " characters");
    }
    return normalized;
  }

  void Name(const toml::node& node, const toml::key& key, RuleSpec* spec) const {
    std::string name = String(node, key);
    bool ok = !name.empty() && name.size() <= kMaxNameLength;
    for (char c : name) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    if (!ok) Fail(Pos(node), "rule name '" + name + "' must be 1-64 characters of [a-z0-9_]");
    if (name == kUndecidedRuleName) {
      Fail(Pos(node), "rule name '" + name +
                          "' is reserved: it counts values masked whole when no rule could decide");
    }
    spec->rule.name = std::move(name);
  }

  // Keys shared by [[key_rule]] and [[pattern]]; false if `k` is none of them.
  bool Common(std::string_view k, const toml::node& node, const toml::key& key,
              RuleSpec* spec) const {
    if (k == "name") {
      Name(node, key, spec);
    } else if (k == "mode") {
      std::string mode = String(node, key);
      if (mode == "mask") {
        spec->rule.mode = RedactMode::kMask;
      } else if (mode == "hash") {
        spec->rule.mode = RedactMode::kHash;
      } else if (mode == "partial") {
        spec->rule.mode = RedactMode::kPartial;
      } else if (mode == "drop") {
        spec->rule.mode = RedactMode::kDrop;
      } else {
        Fail(Pos(node), "unknown mode '" + mode + "' (expected mask, hash, partial or drop)");
      }
      spec->mode_where = Pos(node);
    } else if (k == "label") {
      spec->rule.label = String(node, key);
      if (spec->rule.label.empty()) Fail(Pos(node), "'label' must not be empty");
    } else if (k == "keep_last") {
      spec->rule.keep_last = Int(node, key, 1, kMaxKeepLast);
    } else if (k == "validate") {
      const std::string v = String(node, key);
      if (v == "luhn") {
        spec->rule.validate = Validator::kLuhn;
      } else if (v == "payment_card") {
        spec->rule.validate = Validator::kPaymentCard;
      } else if (v == "basic_credentials") {
        spec->rule.validate = Validator::kBasicCredentials;
      } else if (v == "base64_private_key") {
        spec->rule.validate = Validator::kBase64PrivateKey;
      } else if (v == "command_line" && spec->kind == RuleSpec::Kind::kPattern) {
        spec->rule.validate = Validator::kCommandLine;
      } else {
        Fail(Pos(node), "unknown validator '" + v +
                            "' (expected luhn, payment_card, basic_credentials, base64_private_key" +
                            (spec->kind == RuleSpec::Kind::kPattern ? " or command_line)" : ")"));
      }
    } else {
      return false;
    }
    return true;
  }

  void RequireName(const toml::table& table, const RuleSpec& spec, std::string_view what) const {
    if (spec.rule.name.empty()) Fail(Pos(table), std::string(what) + " needs a 'name'");
  }

  RuleSpec KeyRule(const toml::table& table) const {
    RuleSpec spec;
    spec.kind = RuleSpec::Kind::kKey;
    spec.where = Pos(table);
    spec.mode_where = spec.where;
    for (auto&& [key, value] : table) {
      const std::string_view k = key.str();
      if (Common(k, value, key, &spec)) continue;
      if (k == "keys" || k == "key_suffixes") {
        auto& terms = k == "keys" ? spec.keys : spec.key_suffixes;
        for (auto& [term, where] : StringArray(value, key)) {
          terms.push_back(NormalizedTerm(term, where, k));
        }
      } else if (k == "scope") {
        const std::string scope = String(value, key);
        if (scope != "any" && scope != "query") {
          Fail(Pos(value), "unknown scope '" + scope + "' (expected any or query)");
        }
        spec.query_only = scope == "query";
      } else if (k == "text_value") {
        const std::string extent = String(value, key);
        if (extent != "token" && extent != "line") {
          Fail(Pos(value), "unknown text_value '" + extent + "' (expected token or line)");
        }
        spec.rule.value_to_line_end = extent == "line";
      } else {
        Fail(Pos(key), "unknown key '" + std::string(k) +
                           "' in [[key_rule]] (expected name, keys, key_suffixes, mode, label, "
                           "keep_last, text_value, scope, validate)");
      }
    }
    RequireName(table, spec, "[[key_rule]]");
    if (spec.rule.validate != Validator::kNone && spec.rule.mode == RedactMode::kDrop) {
      Fail(spec.where, "[[key_rule]] '" + spec.rule.name + "': 'validate' takes a value, 'drop' the whole member");
    }
    if (spec.keys.empty() && spec.key_suffixes.empty()) {
      Fail(spec.where, "[[key_rule]] '" + spec.rule.name + "' needs 'keys' or 'key_suffixes'");
    }
    return spec;
  }

  RuleSpec Pattern(const toml::table& table) const {
    RuleSpec spec;
    spec.kind = RuleSpec::Kind::kPattern;
    spec.where = Pos(table);
    spec.mode_where = spec.where;
    bool have_regex = false;
    for (auto&& [key, value] : table) {
      const std::string_view k = key.str();
      if (Common(k, value, key, &spec)) continue;
      if (k == "regex") {
        spec.regex = String(value, key);
        spec.regex_where = Pos(value);
        have_regex = true;
      } else if (k == "group") {
        // A number, or a list of consecutive ones: alternatives that each
        // capture the secret in their own group ([1, 2]).
        if (const auto* list = value.as_array()) {
          if (list->empty()) Fail(Pos(value), "'group' must not be empty");
          for (size_t i = 0; i < list->size(); ++i) {
            const int g = Int(*list->get(i), key, 1, kMaxGroup);
            if (i == 0) {
              spec.group = g;
            } else if (g != spec.last_group + 1) {
              Fail(Pos(*list->get(i)), "'group' lists consecutive groups (1, 2, 3)");
            }
            spec.last_group = g;
          }
        } else {
          spec.group = Int(value, key, 0, kMaxGroup);
          spec.last_group = spec.group;
        }
      } else if (k == "prefilter") {
        for (auto& [literal, where] : StringArray(value, key)) {
          if (literal.empty() || literal.size() > 255) {
            Fail(where, "prefilter literals must be 1-255 bytes");
          }
          spec.prefilter.push_back(std::move(literal));
        }
        if (spec.prefilter.empty()) Fail(Pos(value), "'prefilter' must not be empty");
      } else if (k == "prefilter_ignore_case") {
        spec.prefilter_ignore_case = Bool(value, key);
      } else if (k == "prefilter_word_start") {
        spec.prefilter_word_start = Bool(value, key);
      } else if (k == "prefilter_digits") {
        spec.prefilter_digits = Int(value, key, 1, kMaxPrefilterDigits);
      } else if (k == "digit_separators") {
        spec.digit_separators = String(value, key);
        for (char c : spec.digit_separators) {
          if (c < 0x20 || c > 0x7e || (c >= '0' && c <= '9')) {
            Fail(Pos(value), "'digit_separators' must be printable ASCII other than digits");
          }
        }
      } else {
        Fail(Pos(key), "unknown key '" + std::string(k) +
                           "' in [[pattern]] (expected name, regex, group, prefilter, "
                           "prefilter_ignore_case, prefilter_word_start, prefilter_digits, "
                           "digit_separators, validate, mode, label, keep_last)");
      }
    }
    RequireName(table, spec, "[[pattern]]");
    if (!have_regex || spec.regex.empty()) {
      Fail(spec.where, "[[pattern]] '" + spec.rule.name + "' needs a non-empty 'regex'");
    }
    if (!spec.prefilter.empty() && spec.prefilter_digits > 0) {
      Fail(spec.where, "[[pattern]] '" + spec.rule.name +
                           "' may set 'prefilter' or 'prefilter_digits', not both");
    }
    return spec;
  }

  std::string_view source_;
  std::string_view base_dir_;
};

}  // namespace

RulePack RulePackLoader::Parse(std::string_view toml_text, std::string_view source,
                               std::string_view base_dir) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    SourcePos where{std::string(source), e.source().begin.line};
    throw RulesError(where.Prefix() + std::string(e.description()));
  }
  return PackReader(source, base_dir).Read(root);
}

RulePack RulePackLoader::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RulesError(path + ":0: cannot open rules file: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw RulesError(path + ":0: cannot read rules file");
  std::string base_dir = std::filesystem::path(path).parent_path().string();
  return Parse(text.str(), path, base_dir);
}

}  // namespace sluice
