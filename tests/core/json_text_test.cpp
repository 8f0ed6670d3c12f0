// Tests for core/json_text.h: unescaping (every escape, surrogate pairs, lone
// surrogates, the origin map, invalid escapes), escaping (round trip, control
// characters, invalid UTF-8 becoming U+FFFD) and UTF-8 validation.
#include "core/json_text.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

namespace sluice {
namespace {

using namespace std::string_literals;

struct UnescapeCase {
  std::string_view name;
  std::string body;      // between the quotes
  std::string expected;  // decoded
};

void PrintTo(const UnescapeCase& c, std::ostream* os) { *os << c.name; }

class UnescapeTest : public ::testing::TestWithParam<UnescapeCase> {};

TEST_P(UnescapeTest, DecodesAndAgreesWithSimdjson) {
  const UnescapeCase& c = GetParam();
  std::string out = "stale";
  ASSERT_TRUE(UnescapeJsonString(c.body, &out));
  EXPECT_EQ(out, c.expected);

  // A reference decoder must agree.
  simdjson::dom::parser parser;
  std::string_view reference;
  ASSERT_EQ(parser.parse("\"" + c.body + "\"").get_string().get(reference), simdjson::SUCCESS);
  EXPECT_EQ(out, reference);
}

INSTANTIATE_TEST_SUITE_P(
    Escapes, UnescapeTest,
    ::testing::Values(
        UnescapeCase{"Empty", "", ""}, UnescapeCase{"Plain", "hello world", "hello world"},
        UnescapeCase{"Quote", R"(say \"hi\")", "say \"hi\""},
        UnescapeCase{"Backslash", R"(a\\b)", "a\\b"}, UnescapeCase{"Slash", R"(a\/b)", "a/b"},
        UnescapeCase{"ControlLetters", R"(\b\f\n\r\t)", "\b\f\n\r\t"},
        UnescapeCase{"AsciiU", R"(\u0041\u0062)", "Ab"},
        UnescapeCase{"NulU", R"(a\u0000b)", "a\0b"s},
        UnescapeCase{"TwoByteU", R"(\u00e9)", "\xC3\xA9"},
        UnescapeCase{"ThreeByteU", R"(\u20AC)", "\xE2\x82\xAC"},
        UnescapeCase{"UpperAndLowerHex", R"(\u20ac\u20AC)", "\xE2\x82\xAC\xE2\x82\xAC"},
        UnescapeCase{"SurrogatePair", R"(\ud83d\ude00)", "\xF0\x9F\x98\x80"},
        UnescapeCase{"SurrogatePairMaxCodePoint", R"(\uDBFF\uDFFF)", "\xF4\x8F\xBF\xBF"},
        UnescapeCase{"RawUtf8PassesThrough", "caf\xC3\xA9 \xF0\x9F\x98\x80", "caf\xC3\xA9 \xF0\x9F\x98\x80"},
        UnescapeCase{"Mixed", R"(k=\"v\"\n\u00e9!)", "k=\"v\"\n\xC3\xA9!"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(UnescapeJsonStringTest, LoneSurrogatesBecomeReplacementCharacter) {
  struct Case {
    std::string body;
    std::string expected;
  };
  const Case cases[] = {
      {R"(\ud800)", "\xEF\xBF\xBD"},               // high surrogate at the end
      {R"(\ud800x)", "\xEF\xBF\xBDx"},             // high surrogate then plain text
      {R"(\udc00)", "\xEF\xBF\xBD"},               // low surrogate alone
      {R"(\ud800\u0041)", "\xEF\xBF\xBD" "A"},     // high surrogate then a non-surrogate
      {R"(\ud800\ud800)", "\xEF\xBF\xBD\xEF\xBF\xBD"},  // two highs
  };
  for (const Case& c : cases) {
    std::string out;
    ASSERT_TRUE(UnescapeJsonString(c.body, &out)) << c.body;
    EXPECT_EQ(out, c.expected) << c.body;
    EXPECT_TRUE(IsValidUtf8(out)) << c.body;
  }
}

TEST(UnescapeJsonStringTest, RejectsInvalidEscapes) {
  for (std::string body : {R"(\)", R"(abc\)", R"(\q)", R"(\x41)", R"(\u)", R"(\u12)", R"(\u12G4)",
                           R"(\U0041)", R"(a\ b)", R"(\u-123)"}) {
    std::string out;
    EXPECT_FALSE(UnescapeJsonString(body, &out)) << body;
  }
}

TEST(UnescapeJsonTextLenientTest, KeepsInvalidEscapesAndDecodesTheRest) {
  const struct {
    std::string text, expected;
  } cases[] = {
      {R"(\)", R"(\)"},
      {R"(abc\)", R"(abc\)"},
      {R"(\q\u0041)", R"(\qA)"},
      {R"(\u12G4 \u0041KIA)", R"(\u12G4 AKIA)"},
      {R"({"a":"b\"c \\u0041"} broken)", R"({"a":"b"c \u0041"} broken)"},
      {"caf\xE9 \\u0040", "caf\xE9 @"},
  };
  for (const auto& c : cases) {
    std::string out = "stale";
    std::vector<uint32_t> origin;
    UnescapeJsonTextLenient(c.text, &out, &origin);
    EXPECT_EQ(out, c.expected) << c.text;
    ASSERT_EQ(origin.size(), out.size() + 1) << c.text;
    EXPECT_EQ(origin.back(), c.text.size());
  }
  std::string out;
  std::vector<uint32_t> origin;
  UnescapeJsonTextLenient(R"(\x\u0041)", &out, &origin);
  EXPECT_EQ(origin, (std::vector<uint32_t>{0, 1, 2, 8}));
}

TEST(UnescapeJsonStringTest, OriginMapsEveryDecodedByteToItsEscape) {
  // body:    a  \n  \u00e9  \ud83d\ude00  z
  // offset:  0  1   3       9             21
  const std::string body = R"(a\n\u00e9\ud83d\ude00z)";
  std::string out;
  std::vector<uint32_t> origin;
  ASSERT_TRUE(UnescapeJsonString(body, &out, &origin));
  ASSERT_EQ(out, "a\n\xC3\xA9\xF0\x9F\x98\x80z");
  const std::vector<uint32_t> expected = {0, 1, 3, 3, 9, 9, 9, 9, 21, 22};
  EXPECT_EQ(origin, expected);
  ASSERT_EQ(origin.size(), out.size() + 1);
  EXPECT_EQ(origin.back(), body.size());
}

TEST(UnescapeJsonStringTest, OriginLocatesASubstringInTheOriginal) {
  // What the redactor relies on: a match [b, e) in decoded text maps to
  // [origin[b], origin[e]) in the original bytes.
  const std::string body = R"(user=bob pass=\u0068unter2 ok)";
  std::string out;
  std::vector<uint32_t> origin;
  ASSERT_TRUE(UnescapeJsonString(body, &out, &origin));
  const size_t b = out.find("hunter2");
  ASSERT_NE(b, std::string::npos);
  const size_t e = b + 7;
  EXPECT_EQ(body.substr(origin[b], origin[e] - origin[b]), R"(\u0068unter2)");
}

TEST(UnescapeJsonStringTest, OriginIsClearedBetweenCalls) {
  std::string out;
  std::vector<uint32_t> origin = {7, 7, 7};
  ASSERT_TRUE(UnescapeJsonString("ab", &out, &origin));
  EXPECT_EQ(origin, (std::vector<uint32_t>{0, 1, 2}));
  ASSERT_TRUE(UnescapeJsonString("", &out, &origin));
  EXPECT_EQ(origin, (std::vector<uint32_t>{0}));
  EXPECT_EQ(out, "");
}

// '"' + body + '"', built by appending (GCC 12 warns falsely on operator+ chains).
std::string Quoted(const std::string& body) {
  std::string json = "\"";
  json += body;
  json += '"';
  return json;
}

std::string Escaped(std::string_view text) {
  std::string out;
  AppendJsonEscaped(text, &out);
  return out;
}

// Without `origin`, UnescapeJsonString squeezes simple escapes out 64 bytes a
// step where the CPU allows (AVX-512 VBMI2); with it, it decodes byte by byte.
// The two must agree, and agree with simdjson, with escapes of every kind at
// every offset around the 64-byte block edges: escapes cut by a block's end,
// backslash runs of both parities, \u escapes straddling two blocks.
TEST(UnescapeJsonStringTest, BlockDecoderAgreesWithTheByteDecoderAtEveryOffset) {
  const std::vector<std::string> pieces = {
      R"(\")", R"(\\)", R"(\/)", R"(\n)", R"(\t)", R"(\u00e9)", R"(\ud83d\ude00)", R"(\\\")",
      R"(\\\\)", "\xC3\xA9"};
  simdjson::dom::parser parser;
  std::string fast = "left over from before, longer than most bodies here........";
  std::string slow;
  std::vector<uint32_t> origin;
  int checked = 0;
  for (const std::string& piece : pieces) {
    for (size_t offset = 0; offset < 140; ++offset) {
      for (size_t tail : {size_t{0}, size_t{1}, size_t{70}}) {
        // Plain bytes, the piece at `offset`, more plain bytes, a quote escape.
        std::string body(offset, 'a');
        body += piece;
        body.append(tail, 'z');
        if (tail == 70) body += R"(\"end)";
        ASSERT_TRUE(UnescapeJsonString(body, &fast)) << body;
        ASSERT_TRUE(UnescapeJsonString(body, &slow, &origin)) << body;
        ASSERT_EQ(fast, slow) << body;
        std::string_view reference;
        ASSERT_EQ(parser.parse(Quoted(body)).get_string().get(reference), simdjson::SUCCESS);
        ASSERT_EQ(fast, reference) << body;
        ++checked;
      }
    }
  }
  // A journald MESSAGE: a JSON line escaped into a string, every quote escaped.
  std::string message;
  for (int i = 0; i < 40; ++i) message += R"({\"k\":\"v\\\"w\",\"path\":\"\/a\/b\"},)";
  ASSERT_TRUE(UnescapeJsonString(message, &fast));
  ASSERT_TRUE(UnescapeJsonString(message, &slow, &origin));
  EXPECT_EQ(fast, slow);
  EXPECT_EQ(fast.substr(0, 29), R"({"k":"v\"w","path":"/a/b"},{")");
  EXPECT_EQ(checked, 10 * 140 * 3);
}

TEST(UnescapeJsonStringTest, BlockDecoderRejectsWhatTheByteDecoderRejects) {
  for (const std::string& bad : {std::string(R"(\x)"), std::string(R"(\u12)"), std::string("\\"),
                                 std::string(R"(\u12G4)")}) {
    for (size_t offset : {size_t{0}, size_t{1}, size_t{62}, size_t{63}, size_t{64}, size_t{127}}) {
      std::string body(offset, 'a');
      body += bad;
      std::string out;
      std::vector<uint32_t> origin;
      EXPECT_FALSE(UnescapeJsonString(body, &out)) << body;
      EXPECT_FALSE(UnescapeJsonString(body, &out, &origin)) << body;
      // An escaped backslash in front changes nothing.
      EXPECT_FALSE(UnescapeJsonString(std::string(R"(\\)") + body, &out)) << body;
    }
  }
}


TEST(AppendJsonEscapedTest, EscapesWhatJsonRequires) {
  EXPECT_EQ(Escaped("plain text 123"), "plain text 123");
  EXPECT_EQ(Escaped("a\"b\\c"), R"(a\"b\\c)");
  EXPECT_EQ(Escaped("\n\r\t\b\f"), R"(\n\r\t\b\f)");
  EXPECT_EQ(Escaped("\x01\x1f"), R"(\u0001\u001f)");
  EXPECT_EQ(Escaped("a\0b"s), R"(a\u0000b)");
  EXPECT_EQ(Escaped("/"), "/");
  EXPECT_EQ(Escaped("caf\xC3\xA9"), "caf\xC3\xA9");  // valid UTF-8 stays raw
}

TEST(AppendJsonEscapedTest, Appends) {
  std::string out = "prefix:";
  AppendJsonEscaped("\"", &out);
  EXPECT_EQ(out, R"(prefix:\")");
}

TEST(AppendJsonEscapedTest, InvalidUtf8BecomesReplacementCharacter) {
  const std::string fffd = "\xEF\xBF\xBD";
  struct Case {
    std::string text;
    std::string expected;
  };
  const Case cases[] = {
      {"a\xFF" "b", "a" + fffd + "b"},                       // never valid
      {"\x80", fffd},                                          // lone continuation byte
      {"\xC3", fffd},                                          // cut two-byte sequence
      {"\xE2\x82", fffd + fffd},                               // cut three-byte sequence
      {"\xC0\xAF", fffd + fffd},                               // overlong '/'
      {"\xED\xA0\x80", fffd + fffd + fffd},                    // encoded surrogate
      {"\xF4\x90\x80\x80", fffd + fffd + fffd + fffd},         // past U+10FFFF
      {"ok\xC3\xA9\xFE", "ok\xC3\xA9" + fffd},                 // valid then invalid
  };
  for (const Case& c : cases) {
    const std::string out = Escaped(c.text);
    EXPECT_EQ(out, c.expected) << ::testing::PrintToString(c.text);
    EXPECT_TRUE(IsValidUtf8(out));
  }
}

TEST(AppendJsonEscapedTest, RoundTripsEveryByteValueThroughAJsonParser) {
  // Every ASCII byte, and a few multi-byte characters.
  std::string text;
  for (int c = 0; c < 0x80; ++c) text.push_back(static_cast<char>(c));
  text += "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
  const std::string json = Quoted(Escaped(text));

  simdjson::dom::parser parser;
  std::string_view decoded;
  ASSERT_EQ(parser.parse(json).get_string().get(decoded), simdjson::SUCCESS) << json;
  EXPECT_EQ(decoded, text);

  std::string ours;
  ASSERT_TRUE(UnescapeJsonString(Escaped(text), &ours));
  EXPECT_EQ(ours, text);
}

TEST(AppendJsonEscapedTest, OutputOfInvalidUtf8IsValidJson) {
  std::string text;
  for (int c = 0; c < 256; ++c) text.push_back(static_cast<char>(c));
  const std::string json = Quoted(Escaped(text));
  simdjson::dom::parser parser;
  std::string_view decoded;
  EXPECT_EQ(parser.parse(json).get_string().get(decoded), simdjson::SUCCESS);
}

TEST(IsValidUtf8Test, AcceptsValidText) {
  for (std::string text : {""s, "ascii"s, "a\0b"s, "\xC2\x80"s, "\xDF\xBF"s, "\xE0\xA0\x80"s,
                           "\xEF\xBF\xBF"s, "\xED\x9F\xBF"s, "\xEE\x80\x80"s, "\xF0\x90\x80\x80"s,
                           "\xF4\x8F\xBF\xBF"s, "caf\xC3\xA9 \xF0\x9F\x98\x80"s}) {
    EXPECT_TRUE(IsValidUtf8(text)) << ::testing::PrintToString(text);
  }
}

TEST(IsValidUtf8Test, RejectsInvalidText) {
  for (std::string text : {"\x80"s, "\xBF"s, "\xC0\x80"s, "\xC1\xBF"s,  // continuation, overlong 2
                           "\xE0\x9F\xBF"s,                              // overlong 3
                           "\xF0\x8F\xBF\xBF"s,                          // overlong 4
                           "\xED\xA0\x80"s, "\xED\xBF\xBF"s,             // surrogates
                           "\xF4\x90\x80\x80"s, "\xF5\x80\x80\x80"s,     // past U+10FFFF
                           "\xF8\x88\x80\x80\x80"s, "\xFE"s, "\xFF"s,    // never valid
                           "\xC3"s, "\xE2\x82"s, "\xF0\x9F\x98"s,        // cut at the end
                           "\xC3("s, "a\xE2\x28\xA1"s}) {
    EXPECT_FALSE(IsValidUtf8(text)) << ::testing::PrintToString(text);
  }
}

}  // namespace
}  // namespace sluice
