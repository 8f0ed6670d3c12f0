// Rule packs: the built-in packs equal the files in pipeline/rules/, every file
// there loads, extend vs replace, disable_rules, hash keys from env and file,
// and each kind of error names FILE:LINE.
#include "redact/rule_pack_loader.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "redact/builtin_packs.h"
#include "redact/redaction_rules.h"

namespace sluice {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::filesystem::path RulesDir() {
  return std::filesystem::path(SLUICE_SOURCE_DIR) / "pipeline" / "rules";
}

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string LoadError(const std::string& path, bool extend_default = true) {
  RulesOptions options;
  options.files = {path};
  options.extend_default = extend_default;
  try {
    RedactionRules::Load(options);
  } catch (const RulesError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(RulePackLoaderTest, BuiltinPacksMatchFiles) {
  EXPECT_EQ(ReadFile(RulesDir() / "default.toml"), BuiltinPacks::DefaultToml())
      << "pipeline/rules/default.toml and src/redact/builtin_packs.cpp differ";
  EXPECT_EQ(ReadFile(RulesDir() / "strict.toml"), BuiltinPacks::StrictToml())
      << "pipeline/rules/strict.toml and src/redact/builtin_packs.cpp differ";
}

TEST(RulePackLoaderTest, EveryPipelineRulesFileLoads) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(RulesDir())) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    RulesOptions options;
    options.files = {entry.path().string()};
    options.hash_key = "test-hash-key-0123456789";
    for (bool extend : {true, false}) {
      options.extend_default = extend;
      EXPECT_NO_THROW(RedactionRules::Load(options)) << entry.path();
    }
  }
  EXPECT_GE(files, 3);
}

TEST(RulePackLoaderTest, ExamplePackDoesWhatItsCommentsSay) {
  RulesOptions options;
  options.files = {(RulesDir() / "example-custom.toml").string()};
  options.hash_key = "test-hash-key-0123456789";
  const auto rules = RedactionRules::Load(options);
  EXPECT_EQ(rules->rule(rules->MatchKey("X-Internal-Auth")).mode, RedactMode::kHash);
  EXPECT_EQ(rules->rule(rules->MatchKey("svc.internal_token")).name, "internal_auth");
  EXPECT_EQ(rules->rule(rules->MatchKey("customerNotes")).mode, RedactMode::kDrop);
  EXPECT_EQ(rules->MatchKey("has_secret"), RedactionRules::kNoRule);
  EXPECT_NE(rules->MatchKey("client_secret"), RedactionRules::kNoRule);
  EXPECT_EQ(rules->rule(rules->FindRule("email")).mode, RedactMode::kHash);
  const std::string text = "key acme_live_0123456789abcdef0123456789abcdef ok";
  std::vector<ValueMatch> matches;
  ASSERT_EQ(rules->ScanValue(text, &matches), ScanStatus::kMatched);
  ASSERT_EQ(matches.size(), 1u);
  std::string out;
  rules->AppendReplacement(matches[0].rule,
                           std::string_view(text).substr(matches[0].begin,
                                                         matches[0].end - matches[0].begin),
                           &out);
  EXPECT_EQ(out, "****************************cdef");
}

TEST(RulePackLoaderTest, DefaultPackFromFileEqualsBuiltin) {
  RulesOptions options;
  options.extend_default = false;
  options.files = {(RulesDir() / "default.toml").string()};
  const auto from_file = RedactionRules::Load(options);
  const auto builtin = RedactionRules::Default();
  ASSERT_EQ(from_file->rule_count(), builtin->rule_count());
  for (size_t i = 0; i < builtin->rule_count(); ++i) {
    EXPECT_EQ(from_file->rule(i).name, builtin->rule(i).name);
  }
  EXPECT_EQ(RedactionRules::Default().get(), builtin.get());  // built once, shared
}

TEST(RulePackLoaderTest, ExtendAddsAndReplacesByName) {
  const std::string path = WriteTemp("extend.toml", R"(
allow_keys = ["secret_santa"]
id_keys = ["Order-Ref"]
command_keys = ["Exec-Line"]

[[key_rule]]
name = "internal_header"
keys = ["x-internal-auth"]

[[key_rule]]
name = "password"
keys = ["unlock_code"]
mode = "hash"

[[pattern]]
name = "ticket"
regex = '''\bTCK-[0-9]{6}\b'''
prefilter = ["TCK-"]
mode = "partial"
keep_last = 2
)");
  RulesOptions options;
  options.files = {path};
  options.hash_key = "test-hash-key-0123456789";
  const auto rules = RedactionRules::Load(options);
  const auto builtin = RedactionRules::Default();
  EXPECT_EQ(rules->rule_count(), builtin->rule_count() + 2);
  EXPECT_EQ(rules->rule(rules->MatchKey("X-Internal-Auth")).name, "internal_header");
  const int pin = rules->MatchKey("UNLOCK_CODE");
  ASSERT_NE(pin, RedactionRules::kNoRule);
  EXPECT_EQ(pin, builtin->FindRule("password"));  // replaced in place: same id
  EXPECT_EQ(rules->rule(pin).mode, RedactMode::kHash);
  EXPECT_EQ(rules->MatchKey("password"), RedactionRules::kNoRule);  // the old keys are gone
  EXPECT_EQ(rules->MatchKey("secret_santa"), RedactionRules::kNoRule);
  // id_keys accumulate, as suffixes.
  EXPECT_TRUE(rules->IsIdKey("shop.order_ref"));
  EXPECT_TRUE(rules->IsIdKey("dd.trace_id"));
  EXPECT_FALSE(rules->IsIdKey("order"));
  EXPECT_FALSE(builtin->IsIdKey("shop.order_ref"));
  // So do command_keys.
  EXPECT_TRUE(rules->IsCommandKey("job.exec_line"));
  EXPECT_TRUE(rules->IsCommandKey("proc.cmdline"));
  EXPECT_FALSE(builtin->IsCommandKey("job.exec_line"));
  EXPECT_TRUE(builtin->IsCommandKey("process.command_line"));
  EXPECT_TRUE(builtin->IsCommandKey("_CMDLINE"));
  EXPECT_FALSE(builtin->IsCommandKey("commander"));
  EXPECT_NE(rules->MatchKey("client_secret"), RedactionRules::kNoRule);
  std::vector<ValueMatch> matches;
  ASSERT_EQ(rules->ScanValue("see TCK-123456", &matches), ScanStatus::kMatched);
  std::string out;
  rules->AppendReplacement(matches[0].rule, "TCK-123456", &out);
  EXPECT_EQ(out, "********56");
}

TEST(RulePackLoaderTest, ReplaceKeepsOnlyTheFiles) {
  const std::string path = WriteTemp("replace.toml", R"(
[[key_rule]]
name = "only"
keys = ["only_this"]
)");
  RulesOptions options;
  options.files = {path};
  options.extend_default = false;
  const auto rules = RedactionRules::Load(options);
  EXPECT_EQ(rules->rule_count(), 2u);  // "only" and the undecided pseudo-rule
  EXPECT_EQ(rules->MatchKey("password"), RedactionRules::kNoRule);
  EXPECT_NE(rules->MatchKey("OnlyThis"), RedactionRules::kNoRule);
  std::vector<ValueMatch> matches;
  EXPECT_EQ(rules->ScanValue("Bearer abcdefghijklmnopqrstuvwxyz", &matches), ScanStatus::kClean);
}

TEST(RulePackLoaderTest, FilesApplyInOrderAndDisableRules) {
  const std::string first = WriteTemp("first.toml", R"(
[[key_rule]]
name = "pin"
keys = ["pin"]
label = "[FIRST]"
)");
  const std::string second = WriteTemp("second.toml", R"(
disable_rules = ["email", "jwt"]

[[key_rule]]
name = "pin"
keys = ["pin"]
label = "[SECOND]"
)");
  RulesOptions options;
  options.files = {first, second};
  const auto rules = RedactionRules::Load(options);
  EXPECT_EQ(rules->rule(rules->MatchKey("pin")).label, "[SECOND]");
  EXPECT_EQ(rules->FindRule("email"), RedactionRules::kNoRule);
  std::vector<ValueMatch> matches;
  EXPECT_EQ(rules->ScanValue("mail bob@example.com", &matches), ScanStatus::kClean);
}

TEST(RulePackLoaderTest, HashKeyFromEnvironmentAndFile) {
  const std::string key_file = WriteTemp("hash.key", "file-key-0123456789abcdef\n");
  const std::string pack = WriteTemp("hash_sources.toml",
                                     "hash_key_env = \"SLUICE_TEST_HASH_KEY\"\n"
                                     "hash_key_file = \"hash.key\"\n"
                                     "[[key_rule]]\nname = \"h\"\nkeys = [\"h\"]\nmode = \"hash\"\n");
  RulesOptions options;
  options.files = {pack};
  ::unsetenv("SLUICE_TEST_HASH_KEY");
  const auto from_file = RedactionRules::Load(options);
  ::setenv("SLUICE_TEST_HASH_KEY", "env-key-0123456789abcdef", 1);
  const auto from_env = RedactionRules::Load(options);
  options.hash_key = "file-key-0123456789abcdef";
  const auto from_options = RedactionRules::Load(options);
  ::unsetenv("SLUICE_TEST_HASH_KEY");
  const uint16_t id = static_cast<uint16_t>(from_file->FindRule("h"));
  std::string a, b, c;
  from_file->AppendReplacement(id, "secret", &a);
  from_env->AppendReplacement(id, "secret", &b);
  from_options->AppendReplacement(id, "secret", &c);
  EXPECT_NE(a, b);
  EXPECT_EQ(a, c);  // the file's trailing newline is not part of the key
}

struct ErrorCase {
  std::string name;
  std::string toml;
  std::string line;    // expected ":LINE: "
  std::string reason;  // expected substring
};

TEST(RulePackLoaderTest, ErrorsNameFileAndLine) {
  const std::vector<ErrorCase> cases = {
      {"syntax", "allow_keys = [\"a\"]\n[[key_rule]\nname = \"x\"\n", ":2: ", ""},
      {"bad_regex", "[[pattern]]\nname = \"p\"\nregex = '''a(b'''\nprefilter = [\"a\"]\n", ":3: ",
       "missing )"},
      {"unknown_top", "\n\nallow_key = [\"a\"]\n", ":3: ", "unknown key 'allow_key'"},
      {"unknown_table", "[rules]\nx = 1\n", ":1: ", "unknown key 'rules'"},
      {"unknown_in_rule", "[[key_rule]]\nname = \"k\"\nkeys = [\"k\"]\nsufix = [\"k\"]\n", ":4: ",
       "unknown key 'sufix' in [[key_rule]]"},
      {"bad_mode", "[[key_rule]]\nname = \"k\"\nkeys = [\"k\"]\n\nmode = \"scramble\"\n", ":5: ",
       "unknown mode 'scramble'"},
      {"bad_scope", "[[key_rule]]\nname = \"k\"\nkeys = [\"k\"]\nscope = \"path\"\n", ":4: ",
       "unknown scope 'path' (expected any or query)"},
      {"bad_text_value", "[[key_rule]]\nname = \"k\"\nkeys = [\"k\"]\ntext_value = \"word\"\n", ":4: ",
       "unknown text_value 'word' (expected token or line)"},
      {"wrong_type", "[[key_rule]]\nname = \"k\"\nkeys = \"password\"\n", ":3: ",
       "'keys' must be an array of strings"},
      {"wrong_element", "allow_keys = [\"a\",\n  42]\n", ":2: ", "array of strings"},
      {"wrong_bool", "scan_key_values = \"yes\"\n", ":1: ", "must be true or false"},
      {"keep_last", "[[key_rule]]\nname = \"k\"\nkeys = [\"k\"]\nkeep_last = 0\n", ":4: ",
       "between 1 and 64"},
      {"no_name", "\n[[key_rule]]\nkeys = [\"k\"]\n", ":2: ", "needs a 'name'"},
      {"bad_name", "[[key_rule]]\nname = \"Bad Name\"\nkeys = [\"k\"]\n", ":2: ", "rule name"},
      // Counted values masked whole; a rule of that name would merge its
      // counts with theirs (and FindRule would find only one of them).
      {"reserved_name", "[[pattern]]\nname = \"undecided\"\nregex = 'a'\n", ":2: ",
       "rule name 'undecided' is reserved"},
      {"no_keys", "[[key_rule]]\nname = \"k\"\n", ":1: ", "needs 'keys' or 'key_suffixes'"},
      {"empty_key", "[[key_rule]]\nname = \"k\"\nkeys = [\"--\"]\n", ":3: ", "empty once normalised"},
      {"no_regex", "[[pattern]]\nname = \"p\"\n", ":1: ", "needs a non-empty 'regex'"},
      {"bad_group", "[[pattern]]\nname = \"p\"\nregex = '''a(b)'''\ngroup = 2\n", ":3: ",
       "group 2 but the regex has 1"},
      {"gap_in_groups", "[[pattern]]\nname = \"p\"\nregex = '''(a)|(b)|(c)'''\ngroup = [1, 3]\n", ":4:",
       "consecutive groups"},
      {"groups_past_regex", "[[pattern]]\nname = \"p\"\nregex = '''(a)|(b)'''\ngroup = [1, 2, 3]\n", ":3: ",
       "group 3 but the regex has 2"},
      {"bad_validator", "[[pattern]]\nname = \"p\"\nregex = 'a'\nvalidate = \"crc\"\n", ":4: ",
       "unknown validator 'crc'"},
      // A command line's check finds a part of a match: no key rule's value.
      {"key_rule_command_line", "[[key_rule]]\nname = \"k\"\nkeys = [\"k\"]\nvalidate = \"command_line\"\n", ":4: ",
       "unknown validator 'command_line'"},
      {"validate_drop", "[[key_rule]]\nname = \"k\"\nkeys = [\"k\"]\nvalidate = \"luhn\"\nmode = \"drop\"\n", ":1: ",
       "'validate' takes a value"},
      {"both_prefilters",
       "[[pattern]]\nname = \"p\"\nregex = 'a'\nprefilter = [\"a\"]\nprefilter_digits = 3\n", ":1: ",
       "not both"},
      {"key_rule_not_array", "key_rule = 3\n", ":1: ", "array of tables"},
      {"hash_without_key", "[[key_rule]]\nname = \"k\"\nkeys = [\"k\"]\nmode = \"hash\"\n", ":4: ",
       "no hash key is set"},
      {"disable_unknown", "\ndisable_rules = [\"nope\"]\n", ":2: ", "unknown rule 'nope'"},
      // A pattern named like the default pack's password key rule would
      // silently stop key-based password redaction.
      {"kind_clash", "\n[[pattern]]\nname = \"password\"\nregex = 'pw-[0-9]+'\nprefilter = [\"pw-\"]\n", ":2: ",
       "'password' would replace the key_rule of that name with a pattern"},
      {"duplicate", "[[key_rule]]\nname = \"k\"\nkeys = [\"a\"]\n[[pattern]]\nname = \"k\"\nregex = 'b'\n",
       ":4: ", "duplicate rule name 'k' (first at line 1)"},
      {"missing_key_file",
       "hash_key_file = \"/nonexistent/key\"\n[[key_rule]]\nname = \"k\"\nkeys = [\"k\"]\n"
       "mode = \"hash\"\n",
       ":1: ", "cannot read hash_key_file"},
  };
  for (const ErrorCase& c : cases) {
    const std::string path = WriteTemp("error_" + c.name + ".toml", c.toml);
    const std::string error = LoadError(path);
    EXPECT_EQ(error.rfind(path + c.line, 0), 0u) << c.name << ": " << error;
    EXPECT_NE(error.find(c.reason), std::string::npos) << c.name << ": " << error;
  }
}

TEST(RulePackLoaderTest, HashKeyErrorsNeverShowTheKey) {
  const std::string path = WriteTemp("short_key.toml",
                                     "[[key_rule]]\nname = \"k\"\nkeys = [\"k\"]\nmode = \"hash\"\n");
  RulesOptions options;
  options.files = {path};
  options.hash_key = "tiny-key";
  try {
    RedactionRules::Load(options);
    FAIL() << "a short key must be refused";
  } catch (const RulesError& e) {
    EXPECT_NE(std::string(e.what()).find("shorter than 16 bytes"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("tiny-key"), std::string::npos) << e.what();
  }
}

TEST(RulePackLoaderTest, MissingFile) {
  const std::string error = LoadError("/nonexistent/rules.toml");
  EXPECT_EQ(error.rfind("/nonexistent/rules.toml:0: cannot open", 0), 0u) << error;
}

TEST(RulePackLoaderTest, ParseKeepsPositions) {
  const RulePack pack = RulePackLoader::Parse(
      "\n[[pattern]]\nname = \"p\"\n\nregex = 'x'\nprefilter = [\"x\"]\n", "mem.toml");
  ASSERT_EQ(pack.rules.size(), 1u);
  EXPECT_EQ(pack.rules[0].where.Prefix(), "mem.toml:2: ");
  EXPECT_EQ(pack.rules[0].regex_where.Prefix(), "mem.toml:5: ");
}

}  // namespace
}  // namespace sluice
