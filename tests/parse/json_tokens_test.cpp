// Tests for src/parse/json_tokens.h: the checks RecordWalker makes of tokens
// On-Demand skips, and HoldsNothing, which keeps empty values under a
// sensitive key as they are.
#include "parse/json_tokens.h"

#include <gtest/gtest.h>

#include <string>

namespace sluice {
namespace {

TEST(JsonTokensTest, NumbersFollowTheGrammar) {
  for (const char* ok : {"0", "-0", "12", "1.5", "-1.5e10", "2E-3", "1e+2"}) EXPECT_TRUE(IsJsonNumber(ok)) << ok;
  for (const char* bad : {"", "-", "01", "1.", ".5", "1e", "+1", "0x10", "1.5.2", "NaN"}) {
    EXPECT_FALSE(IsJsonNumber(bad)) << bad;
  }
}

TEST(JsonTokensTest, HoldsNothingIsLiteralsAndEmptyContainers) {
  for (const char* empty : {"null", "true", "false", "\"\"", "[]", "{}", "[ ]", "{\n\t}"}) {
    EXPECT_TRUE(HoldsNothing(empty)) << empty;
  }
  for (const char* full : {"\" \"", "\"x\"", "[\"\"]", "{\"a\":1}", "0", "[1]", "nul", "\"", "[", "[}"}) {
    EXPECT_FALSE(HoldsNothing(full)) << full;
  }
}

TEST(JsonTokensTest, StringEndSkipsEscapedQuotes) {
  const std::string text = R"(a\"b\\"rest)";
  const char* end = FindStringEnd(text.data(), text.data() + text.size());
  ASSERT_NE(end, nullptr);
  EXPECT_EQ(end - text.data(), 6);
  const std::string open = R"(a\")";
  EXPECT_EQ(FindStringEnd(open.data(), open.data() + open.size()), nullptr);
}

}  // namespace
}  // namespace sluice
