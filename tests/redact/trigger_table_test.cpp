// TriggerTable: the SIMD path, the scalar path and a naive reference agree on
// random text; rarest-byte choice; digit runs across 16-byte blocks.
#include "redact/trigger_table.h"

#include "redact/key_matcher.h"
#include "redact/key_value_finder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace sluice {
namespace {

struct Recorder final : TriggerTable::Sink {
  std::vector<size_t> positions;
  void OnByte(size_t pos) override { positions.push_back(pos); }
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct LiteralRule {
  std::vector<std::string> literals;
  bool ignore_case;
  bool word_start;
};

bool IsWord(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether `lit` occurs in `text` (at a word start, if asked).
bool Occurs(const std::string& text, const std::string& lit, bool ignore_case, bool word_start) {
  const std::string hay = ignore_case ? Lower(text) : text;
  const std::string needle = ignore_case ? Lower(lit) : lit;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) {
    if (!word_start || at == 0 || !IsWord(text[at - 1])) return true;
  }
  return false;
}

class RedactTriggerTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    literal_rules_ = {{{"eyJ"}, false, true},
                      {{"AKIA", "ASIA"}, false, true},
                      {{"bearer", "basic"}, true, true},
                      {{"@"}, false, false},
                      {{"-----BEGIN"}, false, false},
                      {{"hooks.slack.com/services/"}, false, false},
                      {{"xox"}, false, true},
                      {{"ghp_", "github_pat_"}, false, true},
                      {{"sk_live_", "whsec_"}, false, true}};
    for (size_t i = 0; i < literal_rules_.size(); ++i) {
      ASSERT_TRUE(table_.AddLiterals(static_cast<uint16_t>(i), literal_rules_[i].literals,
                                     literal_rules_[i].ignore_case, literal_rules_[i].word_start));
    }
    table_.AddDigitRun(10, 13, " -");
    table_.AddDigitRun(11, 4, ".");
    table_.AddSinkByte('=');
    table_.AddSinkByte(':');
    table_.AddSinkByte('>');
    keys_.AddSuffix("password", 0);
    keys_.AddSuffix("token", 1);
    keys_.AddSuffix("apikey", 2);
    keys_.AddExact("cvv2", 3);
    keys_.Build();
    no_query_keys_.Build();
    table_.SetSinkKeyEnds(finder_.KeyEndBytes());
    table_.Build();
  }

  TriggerTable::PatternSet Reference(const std::string& text) const {
    TriggerTable::PatternSet set;
    for (size_t i = 0; i < literal_rules_.size(); ++i) {
      for (const std::string& lit : literal_rules_[i].literals) {
        if (Occurs(text, lit, literal_rules_[i].ignore_case, literal_rules_[i].word_start)) {
          set.set(i);
        }
      }
    }
    // Most digits in a stretch of digits and separators (the union " -.")
    // that starts where the byte before is not a word byte, as a regex led
    // by \b or [^0-9A-Za-z_] would see it.
    int longest = 0;
    for (size_t start = 0; start < text.size(); ++start) {
      const bool boundary = start == 0 || !IsWord(text[start - 1]);
      if (!boundary) continue;
      int digits = 0;
      for (size_t i = start; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
          if (i > start && std::isalpha(static_cast<unsigned char>(text[i - 1]))) break;
          longest = std::max(longest, ++digits);
        } else if (c != ' ' && c != '-' && c != '.') {
          break;
        }
      }
    }
    if (longest >= 13) set.set(10);
    if (longest >= 4) set.set(11);
    return set;
  }

  std::vector<LiteralRule> literal_rules_;
  KeyMatcher keys_;
  std::vector<RedactionRule> key_rules_ = std::vector<RedactionRule>(4);
  KeyMatcher no_query_keys_;
  KeyValueFinder finder_{&keys_, &no_query_keys_, &key_rules_};
  TriggerTable table_;
};

TEST_F(RedactTriggerTableTest, SimdScalarAndReferenceAgree) {
  std::mt19937 rng(42);
  const std::string alphabet = "eyJAKISbBEaArsicRE@-----GN=:. 0123456789hoks./aZ\xc3\xa9\x80\xff";
  const std::vector<std::string> pieces = {"eyJ", "AKIA", "BeArEr", "basic", "@", "-----BEGIN",
                                           "4111 1111 1111 1111", "10.0.0.1",
                                           "hooks.slack.com/services/", "xox", "ghp_",
                                           "github_pat_", "sk_live_", "whsec_", "ASIA", "_", "9"};
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const size_t length = round % 50 == 0 ? rng() % 2000 : rng() % 90;
    while (text.size() < length) {
      if (rng() % 20 == 0) {
        text += pieces[rng() % pieces.size()];
      } else {
        text += alphabet[rng() % alphabet.size()];
      }
    }
    TriggerTable::PatternSet simd, scalar;
    Recorder simd_sink, scalar_sink;
    table_.Scan(text, &simd, &simd_sink);
    table_.ScanScalar(text, &scalar, &scalar_sink);
    const TriggerTable::PatternSet want = Reference(text);
    ASSERT_EQ(simd, want) << "'" << text << "'";
    ASSERT_EQ(scalar, want) << "'" << text << "'";
    std::vector<size_t> positions;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '=' || text[i] == ':') positions.push_back(i);
    }
    ASSERT_EQ(simd_sink.positions, positions) << text;
    ASSERT_EQ(scalar_sink.positions, positions) << text;
  }
}

enum class Kernel { kDefault, kScalar, kAvx2, kAvx512 };

// The words MarkLine writes for `line` by one of its paths (kDefault: the one
// this CPU takes); all must agree.
std::vector<uint64_t> Marks(const TriggerTable& table, const std::string& line,
                            Kernel kernel = Kernel::kDefault) {
  std::vector<uint64_t> words((line.size() + 63) / 64, 0xA5A5A5A5A5A5A5A5ull);
  switch (kernel) {
    case Kernel::kDefault: table.MarkLine(line, words.data()); break;
    case Kernel::kScalar: table.MarkLineScalar(line, words.data()); break;
    case Kernel::kAvx2: table.MarkLineAvx2(line, words.data()); break;
    case Kernel::kAvx512: table.MarkLineAvx512(line, words.data()); break;
  }
  return words;
}

// Every path this CPU can run agrees with the scalar one on `line`.
void ExpectKernelsAgree(const TriggerTable& table, const std::string& line) {
  const std::vector<uint64_t> scalar = Marks(table, line, Kernel::kScalar);
  if (table.uses_avx2()) {
    ASSERT_EQ(Marks(table, line, Kernel::kAvx2), scalar) << line;
  }
  if (table.uses_avx512()) {
    ASSERT_EQ(Marks(table, line, Kernel::kAvx512), scalar) << line;
  }
}

bool AnyMarked(const std::vector<uint64_t>& words, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    if ((words[i / 64] >> (i % 64)) & 1) return true;
  }
  return false;
}

// MarkLine's guarantee: a string body of a line with no marked byte has no
// escape, no candidate pattern, and no sink byte where KeyValueFinder would
// find a sensitive key.
TEST_F(RedactTriggerTableTest, UnmarkedBodiesHoldNothingToFind) {
  std::mt19937 rng(7);
  const std::string alphabet = "eyJAKISbBEaArsicRE@-----GN=:. 0123456789hoks./aZ\xc3\xa9\x80_";
  const std::vector<std::string> pieces = {"eyJ", "AKIA", "BeArEr", "basic", "@", "-----BEGIN",
                                           "4111 1111 1111 1111", "10.0.0.1", "10:30",
                                           "hooks.slack.com/services/", "xox", "ghp_", "sk_live_",
                                           "\\\"", "\\n", "\\u0041", "key=", "a: b", "9",
                                           "password=", "Token: ", "api_key=", "CVV2:", "https://",
                                           "ffff:", "go:301", "charset=", "x-api-key :", "X-API-KEY=",
                                           "<password>", "<ns:Token a='1'>", "<password b", "'>", "</password>",
                                           "</ns:Token>", "<![CDATA[", "]]>", "->", "<entry key='password'>", " name='token'>",
                                           "</entry>"};
  size_t quiet_bodies = 0;
  size_t busy_bodies = 0;
  size_t unmarked_sinks = 0;  // not at a body's start nor between digits
  for (int round = 0; round < 4000; ++round) {
    std::string line = "{";
    std::vector<std::pair<size_t, size_t>> bodies;
    const int members = 1 + static_cast<int>(rng() % 12);
    for (int m = 0; m < members; ++m) {
      if (m > 0) line += ",";
      line += "\"k" + std::to_string(m) + "\":";
      if (rng() % 4 == 0) {
        line += std::to_string(rng() % 100000);
        continue;
      }
      line += "\"";
      const size_t begin = line.size();
      const size_t length = rng() % 8 == 0 ? rng() % 300 : rng() % 40;
      while (line.size() - begin < length) {
        line += rng() % 12 == 0 ? pieces[rng() % pieces.size()] : std::string(1, alphabet[rng() % alphabet.size()]);
      }
      bodies.emplace_back(begin, line.size());
      line += "\"";
    }
    line += "}";
    const std::vector<uint64_t> simd = Marks(table_, line);
    ExpectKernelsAgree(table_, line);
    for (const auto& [begin, end] : bodies) {
      if (AnyMarked(simd, begin, end)) {
        ++busy_bodies;
        continue;
      }
      ++quiet_bodies;
      const std::string body = line.substr(begin, end - begin);
      ASSERT_EQ(body.find('\\'), std::string::npos) << line;
      TriggerTable::PatternSet set;
      Recorder sink;
      table_.Scan(body, &set, &sink);
      ASSERT_TRUE(set.none()) << body;
      for (size_t pos : sink.positions) {
        ValueMatch match;
        ASSERT_EQ(finder_.FindAt(body, pos, &match), KeyValueFinder::Found::kNothing) << body << " at " << pos;
        const bool between_digits = pos > 0 && pos + 1 < body.size() && std::isdigit(static_cast<unsigned char>(body[pos - 1])) &&
                                    std::isdigit(static_cast<unsigned char>(body[pos + 1]));
        if (pos > 0 && !between_digits) ++unmarked_sinks;
      }
    }
  }
  // Both kinds occur, so the test exercises the guarantee; so do sinks left
  // unmarked because no sensitive key can end before them.
  EXPECT_GT(quiet_bodies, 1000u);
  EXPECT_GT(busy_bodies, 1000u);
  EXPECT_GT(unmarked_sinks, 500u);
}

TEST_F(RedactTriggerTableTest, MarkLineAgreesWithScalarOnAnyBytes) {
  std::mt19937 rng(11);
  for (int round = 0; round < 3000; ++round) {
    std::string line(rng() % 700, '\0');
    for (char& c : line) c = static_cast<char>(rng() % 3 == 0 ? "0123456789 -:=\"\\//dN"[rng() % 19] : rng());
    ExpectKernelsAgree(table_, line);
  }
}

// The vector kernels test as many sink bytes as the table has: none, one,
// three (a zero byte in the line is a sink byte only if one was added).
TEST(RedactTriggerTableSinksTest, MarkLineAgreesWithScalarForAnyNumberOfSinkBytes) {
  for (const std::string& sinks : {std::string(), std::string("="), std::string("=:@")}) {
    TriggerTable table;
    ASSERT_TRUE(table.AddLiterals(0, {"eyJ"}, false, true));
    table.AddDigitRun(1, 13, " -");
    for (char c : sinks) ASSERT_TRUE(table.AddSinkByte(static_cast<unsigned char>(c)));
    table.Build();
    std::mt19937 rng(13);
    for (int round = 0; round < 1500; ++round) {
      std::string line(rng() % 300, '\0');
      for (char& c : line) c = "\0\0=:@a1 -\"\\eyJ"[rng() % 15];
      ExpectKernelsAgree(table, line);
    }
  }
}

TEST_F(RedactTriggerTableTest, MarkLineFindsRunsAcrossBlocks) {
  for (size_t offset = 40; offset < 140; ++offset) {
    const std::string line = std::string(offset, '/') + std::string(13, '7') + "x";
    const std::vector<uint64_t> words = Marks(table_, line);
    EXPECT_TRUE(AnyMarked(words, offset, offset + 1)) << offset;  // the run's start
    EXPECT_FALSE(AnyMarked(words, 0, offset)) << offset;
  }
}

// Literal candidates are compared 64 blocks (4 KiB) at a time: literals on
// either side of each batch edge of a long line are found, by every kernel.
TEST_F(RedactTriggerTableTest, MarkLineFindsLiteralsInLongLines) {
  for (size_t edge : {size_t{4096}, size_t{8192}, size_t{12288}}) {
    for (size_t offset = edge - 8; offset < edge + 4; ++offset) {
      const std::string line = std::string(offset, '/') + " AKIA" + std::string(13000 - offset, '/');
      ExpectKernelsAgree(table_, line);
      const std::vector<uint64_t> words = Marks(table_, line);
      EXPECT_TRUE(AnyMarked(words, offset, offset + 5)) << offset;
      EXPECT_FALSE(AnyMarked(words, 0, offset)) << offset;
      EXPECT_FALSE(AnyMarked(words, offset + 5, line.size())) << offset;
    }
  }
}

TEST_F(RedactTriggerTableTest, DigitRunsAcrossBlocks) {
  for (size_t offset = 0; offset < 40; ++offset) {
    for (int digits = 11; digits <= 14; ++digits) {
      const std::string text = std::string(offset, '/') + std::string(digits, '7') + "x";
      TriggerTable::PatternSet set;
      table_.Scan(text, &set, nullptr);
      EXPECT_EQ(set.test(10), digits >= 13) << offset << " " << digits;
      EXPECT_TRUE(set.test(11));
    }
  }
}

// Many literals indexed by a byte other than their first, over every high
// nibble, so that group allocation must merge partner conditions (and may
// have to drop some): still no literal occurrence may be missed.
TEST(RedactTriggerTableGroupsTest, ManyPartnerConditionsStayExact) {
  std::vector<LiteralRule> rules;
  const std::string rare = "QJZXqjzx#$%!~^|`{}<>[]";
  for (size_t i = 0; i < rare.size(); ++i) {
    const std::string before(1, "aeiourstnl_-./ 0123456789"[i % 25]);
    rules.push_back({{before + rare[i] + "k"}, i % 3 == 0, i % 4 == 0});
  }
  TriggerTable table;
  for (size_t i = 0; i < rules.size(); ++i) {
    ASSERT_TRUE(table.AddLiterals(static_cast<uint16_t>(i), rules[i].literals, rules[i].ignore_case,
                                  rules[i].word_start));
  }
  table.AddSinkByte('=');
  table.Build();
  std::mt19937 rng(5);
  const std::string alphabet = rare + "aeiourstnl_-./ 0123456789kK=AEIOU";
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const size_t length = rng() % 64;
    while (text.size() < length) text += alphabet[rng() % alphabet.size()];
    TriggerTable::PatternSet simd, scalar, want;
    table.Scan(text, &simd, nullptr);
    table.ScanScalar(text, &scalar, nullptr);
    for (size_t i = 0; i < rules.size(); ++i) {
      if (Occurs(text, rules[i].literals[0], rules[i].ignore_case, rules[i].word_start)) want.set(i);
    }
    ASSERT_EQ(simd, want) << "'" << text << "'";
    ASSERT_EQ(scalar, want) << "'" << text << "'";
  }
}

// Literals indexed by a byte that needs no byte before it share a group with
// the other such bytes, and sink bytes, of its high nibble: the group must
// keep every literal's followers ("--" beside the sink '%' was never marked).
TEST(RedactTriggerTableGroupsTest, SharedUnconditionedGroupsKeepEveryFollower) {
  const std::vector<std::string> literals = {"--", "#!", "$(", "&&", "*/"};
  TriggerTable table;
  for (size_t i = 0; i < literals.size(); ++i) {
    ASSERT_TRUE(table.AddLiterals(static_cast<uint16_t>(i), {literals[i]}, false));
  }
  for (char sink : {'%', '=', ':', '>'}) ASSERT_TRUE(table.AddSinkByte(static_cast<unsigned char>(sink)));
  table.Build();
  std::mt19937 rng(3);
  const std::string alphabet = "-#!$(&*/%=:> abc";
  for (int round = 0; round < 5000; ++round) {
    std::string line;
    const size_t length = 1 + rng() % 100;
    while (line.size() < length) line += alphabet[rng() % alphabet.size()];
    const std::vector<uint64_t> marks = Marks(table, line);
    ExpectKernelsAgree(table, line);
    for (const std::string& literal : literals) {
      for (size_t at = line.find(literal); at != std::string::npos; at = line.find(literal, at + 1)) {
        ASSERT_TRUE(AnyMarked(marks, at, at + literal.size())) << "'" << line << "' misses " << literal;
      }
    }
  }
}

TEST(RedactTriggerTableRarityTest, RarestByte) {
  EXPECT_EQ(TriggerTable::RarestByte("eyJ", false), 2);          // J
  EXPECT_EQ(TriggerTable::RarestByte("AIza", false), 2);         // z
  EXPECT_EQ(TriggerTable::RarestByte("AKIA", false), 1);         // K
  EXPECT_EQ(TriggerTable::RarestByte("bearer", true), 0);        // b/B
  EXPECT_EQ(TriggerTable::RarestByte("xox", false), 0);          // x
  EXPECT_EQ(TriggerTable::RarestByte("-----BEGIN", false), 5);   // B
  EXPECT_EQ(TriggerTable::RarestByte("\xc3\xa9", false), -1);    // nothing printable
}

TEST(RedactTriggerTableRarityTest, WordStartPrefersTheFirstByte) {
  EXPECT_EQ(TriggerTable::RarestByte("ghp_", false), 3);        // '_'
  EXPECT_EQ(TriggerTable::RarestByte("ghp_", false, true), 0);  // 'g' at a word start
  EXPECT_EQ(TriggerTable::RarestByte("AKIA", false, true), 1);  // 'K' is rarer still
  EXPECT_EQ(TriggerTable::RarestByte("-----BEGIN", false, true), 5);  // '-' is no word byte
}

TEST_F(RedactTriggerTableTest, FewLookAlikesTrigger) {
  // Six groups cover the trigger bytes; the look-alikes they add stay rare.
  const std::bitset<256> bytes = table_.TriggerBytes();
  for (char c : std::string("JK@=:xbgwBkA")) EXPECT_TRUE(bytes.test(static_cast<unsigned char>(c))) << c;
  for (char c : std::string(" etaoinsrhl0123456789./-")) {
    EXPECT_FALSE(bytes.test(static_cast<unsigned char>(c))) << c;
  }
}

TEST(RedactTriggerTableRarityTest, UnindexableLiteralIsRefused) {
  TriggerTable table;
  EXPECT_FALSE(table.AddLiterals(0, {"ok", "\xc3\xa9"}, false));
  EXPECT_TRUE(table.AddLiterals(1, {"ok"}, false));
  table.Build();
  TriggerTable::PatternSet set;
  table.Scan("is it ok?", &set, nullptr);
  EXPECT_FALSE(set.test(0));
  EXPECT_TRUE(set.test(1));
}

}  // namespace
}  // namespace sluice
