// ValueScanner end to end: the prefilter never hides a match (the built-in
// packs with and without their prefilters give identical results on random
// text), concurrent scans agree, invalid UTF-8 does not cut matches short.
#include "redact/value_scanner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "redact/builtin_packs.h"
#include "redact/redaction_rules.h"

namespace sluice {
namespace {

// The pack text without any prefilter setting: every pattern then runs on
// every value (through the RE2::Set), which is the truth the prefilter must
// not change.
std::string WithoutPrefilters(std::string_view pack) {
  std::istringstream in{std::string(pack)};
  std::string out, line;
  bool in_list = false;  // the continuation lines of a prefilter list
  while (std::getline(in, line)) {
    if (in_list) {
      in_list = line.find(']') == std::string::npos;
      continue;
    }
    if (line.rfind("prefilter", 0) == 0 || line.rfind("digit_separators", 0) == 0) {
      in_list = line.find('[') != std::string::npos && line.find(']') == std::string::npos;
      continue;
    }
    out += line + "\n";
  }
  return out;
}

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string RandomText(std::mt19937& rng) {
  static const std::vector<std::string> tokens = {
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "Bearer ", "bearer ", "BASIC ",
      "dXNlcjpwYXNz", "abcdefghijklmnopqrstuv", "4111 1111 1111 1111", "4111111111111111",
      "5500-0000-0000-0004", "1234567890123456", "bob@example.com", "@", "https://", "u:p@h",
      "postgres://app:pw@db/x", "AKIAIOSFODNN7EXAMPLE", "ASIA", "ghp_", "github_pat_",
      "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "xoxb-", "123456789012-abcdefghij",
      "hooks.slack.com/services/", "T000/B000/XXXX", "sk_live_", "whsec_", "AIza",
      "SyA-0000000000000000000000000000000", "-----BEGIN RSA PRIVATE KEY-----",
      "-----END RSA PRIVATE KEY-----", "10.0.0.1", "2001:db8::1", "::1", "123-45-6789",
      "password=", "token: ", "\"api_key\": \"", "&sig=", "?access_token=", "=", ":", " ",
      "npm_", "glpat-", "SG.", "sk-proj-", "sk-ant-api03-", "T3BlbkFJ", "hf_", "shpat_",
      "dop_v1_", "0123456789abcdef", "GOCSPX-", "ya29.", "xapp-1-", "ATATT3", "dapi", "PMAK-",
      "NRAK-", "glc_", "IDENTIFIED BY ", "identified with x by ", "'", "PASSWORD ", "password(",
      "GRANT CONNECT TO ", "a, b ", ", ", "jdbc:oracle:thin:", "scott/", "#",
      "--password ", "--db-pass=", "-u ", "mysql ", " -p", "docker login -p ", "<password>",
      "</", "<ns:token>", ">", "@tcp(", "@unix(", "git@github.com:", "root:pw",
      "%3D", "%26", "%22", "%3F", "%3d", "%2", "%",
      "-", "_", ".", "/", "\"", "\\\"", "a", "Z", "7", "x", "\xff", "\xc3\xa9"};
  std::string text;
  const int n = static_cast<int>(rng() % 12);
  for (int i = 0; i < n; ++i) {
    if (rng() % 4 == 0) {
      text.push_back(static_cast<char>(' ' + rng() % 95));
    } else {
      text += tokens[rng() % tokens.size()];
    }
  }
  return text;
}

TEST(RedactValueScannerTest, PrefiltersNeverHideAMatch) {
  RulesOptions filtered_options;
  filtered_options.strict = true;
  const auto filtered = RedactionRules::Load(filtered_options);

  RulesOptions truth_options;
  truth_options.extend_default = false;
  truth_options.files = {
      WriteTemp("truth_default.toml", WithoutPrefilters(BuiltinPacks::DefaultToml())),
      WriteTemp("truth_strict.toml", WithoutPrefilters(BuiltinPacks::StrictToml()))};
  const auto truth = RedactionRules::Load(truth_options);
  ASSERT_EQ(filtered->rule_count(), truth->rule_count());

  std::mt19937 rng(7);
  std::vector<ValueMatch> a, b;
  for (int round = 0; round < 20000; ++round) {
    const std::string text = RandomText(rng);
    a.clear();
    b.clear();
    const ScanStatus sa = filtered->ScanValue(text, &a);
    const ScanStatus sb = truth->ScanValue(text, &b);
    ASSERT_EQ(sa, sb) << text;
    ASSERT_EQ(a.size(), b.size()) << text;
    for (size_t i = 0; i < a.size(); ++i) {
      ASSERT_EQ(a[i].begin, b[i].begin) << text;
      ASSERT_EQ(a[i].end, b[i].end) << text;
      ASSERT_EQ(a[i].rule, b[i].rule) << text;
    }
  }
}

TEST(RedactValueScannerTest, ConcurrentScansAgree) {
  const auto rules = RedactionRules::Default();
  std::mt19937 rng(11);
  std::vector<std::string> texts;
  for (int i = 0; i < 2000; ++i) texts.push_back(RandomText(rng));
  std::vector<std::vector<ValueMatch>> want(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) rules->ScanValue(texts[i], &want[i]);

  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<ValueMatch> got;
      for (int pass = 0; pass < 5; ++pass) {
        for (size_t i = 0; i < texts.size(); ++i) {
          got.clear();
          rules->ScanValue(texts[(i + t * 500) % texts.size()], &got);
          const auto& w = want[(i + t * 500) % texts.size()];
          bool same = got.size() == w.size();
          for (size_t k = 0; same && k < got.size(); ++k) {
            same = got[k].begin == w[k].begin && got[k].end == w[k].end && got[k].rule == w[k].rule;
          }
          mismatches[t] += !same;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(RedactValueScannerTest, AlternativesMayEachCaptureTheirOwnGroup) {
  // group = [1, 2]: the first of them that took part; group = 1 alone
  // skips a match whose group 1 took no part.
  const std::string pack =
      "[[pattern]]\nname = \"two\"\nregex = '''a=(\\d+)|b=([a-z]+)|c=\\w+'''\ngroup = [1, 2]\n"
      "[[pattern]]\nname = \"one\"\nregex = '''x=(\\d+)|y=([a-z]+)'''\ngroup = 1\n";
  RulesOptions options;
  options.extend_default = false;
  options.files = {WriteTemp("two_groups.toml", pack)};
  const auto rules = RedactionRules::Load(options);
  std::vector<ValueMatch> matches;
  ASSERT_EQ(rules->ScanValue("x a=12 b=cd c=ef y=gh", &matches), ScanStatus::kMatched);
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].begin, 4u);  // "12"
  EXPECT_EQ(matches[0].end, 6u);
  EXPECT_EQ(matches[1].begin, 9u);  // "cd"; c=ef captured nothing
  EXPECT_EQ(matches[1].end, 11u);
}

TEST(RedactValueScannerTest, InvalidUtf8DoesNotCutMatchesShort) {
  const auto rules = RedactionRules::Default();
  const std::string pem =
      "-----BEGIN PRIVATE KEY-----\nMIIE\xff\xfe" "abc\n-----END PRIVATE KEY-----";
  std::string out;
  EXPECT_EQ(rules->ScrubRawText("k=" + pem + " tail", &out), 1u);
  EXPECT_EQ(out, "k=[REDACTED:private_key] tail");
  out.clear();
  rules->ScrubRawText("db postgres://u:p\xe9ss\xff@h/x", &out);
  EXPECT_EQ(out, "db postgres://u:[REDACTED]@h/x");
}

}  // namespace
}  // namespace sluice
