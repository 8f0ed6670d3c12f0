// Tests for parse/chunk_parser.h, table-driven: every kind of line (valid,
// blank, CRLF, two objects on a line, an object over two lines, truncated,
// invalid UTF-8, raw control characters, non-objects, invalid literals,
// trailing garbage, deep nesting, too long) is classified right on its own and
// again among hundreds of good lines, where its neighbours must all survive
// with the right line indices. Also: the handler protocol, and that the fast
// path is not abandoned for a whole chunk because of one bad line.
#include "parse/chunk_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "parse/record_walker.h"

namespace sluice {
namespace {

// Walks records (so that the walker's validation runs, as in the worker) and
// accepts everything it is shown.
struct AcceptAllVisitor {
  KeyDecision OnKey(std::string_view) { return {}; }
  void OnString(const KeyPath&, std::string_view) {}
  void OnNumber(const KeyPath&, std::string_view) {}
  void OnReplaceValue(int, const char*, const char*) {}
  void OnRemove(int, const char*, const char*) {}
};

struct Event {
  uint64_t line;
  std::optional<Malformed> cause;  // empty: a record
  std::string text;
  bool operator==(const Event&) const = default;
};

std::string Abbreviated(const std::string& text) {
  if (text.size() <= 60) return ::testing::PrintToString(text);
  return ::testing::PrintToString(text.substr(0, 40)) + "...(" + std::to_string(text.size()) + " bytes)";
}

std::ostream& operator<<(std::ostream& os, const Event& e) {
  return os << "line " << e.line << " " << (e.cause ? MalformedName(*e.cause) : "record") << " "
            << Abbreviated(e.text);
}

// Compares event lists, reporting the first difference only (lists are long).
::testing::AssertionResult SameEvents(const std::vector<Event>& actual, const std::vector<Event>& expected) {
  for (size_t i = 0; i < std::min(actual.size(), expected.size()); ++i) {
    if (!(actual[i] == expected[i])) {
      return ::testing::AssertionFailure() << "event " << i << ": got " << actual[i] << ", want " << expected[i];
    }
  }
  if (actual.size() != expected.size()) {
    ::testing::AssertionResult r = ::testing::AssertionFailure();
    r << actual.size() << " events, want " << expected.size();
    if (actual.size() > expected.size()) r << "; first extra: " << actual[expected.size()];
    if (expected.size() > actual.size()) r << "; first missing: " << expected[actual.size()];
    return r;
  }
  return ::testing::AssertionSuccess();
}

// Records what the parser reports and checks the handler protocol: Commit or
// Abort follows every WalkRecord, for the same line, before anything else.
class RecordingHandler {
 public:
  simdjson::error_code WalkRecord(std::string_view line, ondemand::object& object) {
    EXPECT_FALSE(walking_) << "WalkRecord while a record was still open";
    walking_ = true;
    walking_line_ = line;
    return walker_.Walk(object, line.data() + line.size(), &visitor_);
  }
  void CommitRecord(uint64_t line_index, std::string_view line) {
    EXPECT_TRUE(walking_) << "CommitRecord without WalkRecord";
    EXPECT_EQ(line.data(), walking_line_.data());
    EXPECT_EQ(line.size(), walking_line_.size());
    walking_ = false;
    events.push_back({line_index, std::nullopt, std::string(line)});
  }
  // Also called after a line failed before its walk: it must be harmless then.
  void AbortRecord() { walking_ = false; }
  void OnMalformed(uint64_t line_index, std::string_view line, Malformed cause) {
    EXPECT_FALSE(walking_) << "OnMalformed while a record was open (no AbortRecord)";
    events.push_back({line_index, cause, std::string(line)});
  }

  std::vector<Event> events;

 private:
  AcceptAllVisitor visitor_;
  RecordWalker<AcceptAllVisitor> walker_;
  bool walking_ = false;
  std::string_view walking_line_;
};

constexpr size_t kMaxLineBytes = 4096;

struct ParseResult {
  uint64_t lines;
  std::vector<Event> events;
  uint64_t fallback_lines;
};

// Parses `text` from a chunk buffer, as the worker does (padding after it).
ParseResult Parse(const std::string& text, ChunkParser* parser) {
  Chunk chunk(text.size());
  std::memcpy(chunk.data(), text.data(), text.size());
  // Whatever follows the data must not matter.
  std::memset(chunk.data() + text.size(), '{', kChunkPadding);
  chunk.set_size(text.size());
  RecordingHandler handler;
  const uint64_t before = parser->fallback_lines();
  const uint64_t lines = parser->Parse(chunk.data(), chunk.size(), &handler);
  return {lines, handler.events, parser->fallback_lines() - before};
}

ParseResult Parse(const std::string& text) {
  ChunkParser parser(kMaxLineBytes);
  return Parse(text, &parser);
}

std::string Nested(int depth) {
  std::string s = "{\"a\":";
  for (int i = 0; i < depth; ++i) s += "[";
  s += "1";
  for (int i = 0; i < depth; ++i) s += "]";
  return s + "}";
}

struct LineCase {
  std::string name;
  std::string line;  // without its "\n"
  // Expected: a record, a malformed cause, or nothing (a blank line).
  enum Kind { kRecord, kMalformed, kBlank } kind;
  Malformed cause = Malformed::kInvalidJson;
};

void PrintTo(const LineCase& c, std::ostream* os) { *os << c.name << " " << Abbreviated(c.line); }

// The event a line must give at `index`.
std::optional<Event> Expected(const LineCase& c, uint64_t index) {
  std::string text = c.line;
  if (!text.empty() && text.back() == '\r') text.pop_back();
  switch (c.kind) {
    case LineCase::kRecord: return Event{index, std::nullopt, text};
    case LineCase::kMalformed: return Event{index, c.cause, text};
    case LineCase::kBlank: return std::nullopt;
  }
  return std::nullopt;
}

LineCase Record(std::string name, std::string line) { return {std::move(name), std::move(line), LineCase::kRecord}; }
LineCase Blank(std::string name, std::string line) { return {std::move(name), std::move(line), LineCase::kBlank}; }
LineCase Bad(std::string name, std::string line, Malformed cause) {
  return {std::move(name), std::move(line), LineCase::kMalformed, cause};
}

const std::vector<LineCase>& LineCases() {
  static const auto* cases = new std::vector<LineCase>{
      Record("Simple", R"({"a":1})"),
      Record("Empty", "{}"),
      Record("AllTypes", R"({"s":"x","n":-1.5e3,"t":true,"f":false,"z":null,"a":[1,[],{}],"o":{"p":{}}})"),
      Record("LeadingSpace", "   {\"a\":1}"),
      Record("LeadingTab", "\t{\"a\":1}"),
      Record("TrailingSpace", "{\"a\":1}   \t"),
      Record("InnerSpace", "{ \"a\" : [ 1 , 2 ] , \"b\" : { } }"),
      Record("Crlf", "{\"a\":1}\r"),
      Record("EscapesAndUnicode", R"({"k\"ey":"v\\al\n\u00e9\ud83d\ude00","caf)" "\xC3\xA9" R"(":"ok"})"),
      Record("DeepButAllowed", Nested(500)),
      Blank("Empty", ""),
      Blank("Spaces", "    "),
      Blank("Tabs", "\t\t"),
      Blank("CrlfOnly", "\r"),
      Blank("MixedSpace", " \t \r"),
      Bad("TwoObjects", R"({"a":1}{"b":2})", Malformed::kInvalidJson),
      Bad("TwoObjectsSpaced", R"({"a":1} {"b":2})", Malformed::kInvalidJson),
      Bad("TruncatedString", R"({"a":"b)", Malformed::kInvalidJson),
      Bad("TruncatedAfterColon", R"({"a":)", Malformed::kInvalidJson),
      Bad("TruncatedAfterValue", R"({"a":1)", Malformed::kInvalidJson),
      Bad("OpenBraceOnly", "{", Malformed::kInvalidJson),
      Bad("InvalidUtf8Byte", "{\"a\":\"\xFF\"}", Malformed::kInvalidUtf8),
      Bad("CutUtf8Sequence", "{\"a\":\"\xC3\"}", Malformed::kInvalidUtf8),
      Bad("Utf8Surrogate", "{\"\xED\xA0\x80\":1}", Malformed::kInvalidUtf8),
      Bad("OverlongUtf8", "{\"a\":\"\xC0\xAF\"}", Malformed::kInvalidUtf8),
      Bad("RawControlChar", "{\"a\":\"b\x01" "c\"}", Malformed::kInvalidJson),
      Bad("RawTabInString", "{\"a\":\"b\tc\"}", Malformed::kInvalidJson),
      Bad("RawNulInString", std::string("{\"a\":\"b\0c\"}", 11), Malformed::kInvalidJson),
      Bad("BareNumber", "42", Malformed::kNotObject),
      Bad("BareNegative", "-1.5", Malformed::kNotObject),
      Bad("BareArray", "[1,2]", Malformed::kNotObject),
      Bad("BareEmptyArray", "[]", Malformed::kNotObject),
      Bad("BareString", R"("x")", Malformed::kNotObject),
      Bad("BareTrue", "true", Malformed::kNotObject),
      Bad("BareNull", "null", Malformed::kNotObject),
      Bad("SpacedArray", "  [ {\"a\":1} ]  ", Malformed::kNotObject),
      Bad("NotJson", "not json", Malformed::kInvalidJson),
      Bad("PlainText", "GET /index.html 200", Malformed::kInvalidJson),
      Bad("BadTrue", R"({"b":tru})", Malformed::kInvalidJson),
      Bad("BadNull", R"({"b":nul})", Malformed::kInvalidJson),
      Bad("BadFalseInArray", R"({"b":[1,fals]})", Malformed::kInvalidJson),
      Bad("LeadingZero", R"({"b":01})", Malformed::kInvalidJson),
      Bad("BareDot", R"({"b":1.})", Malformed::kInvalidJson),
      Bad("LoneMinus", R"({"b":-})", Malformed::kInvalidJson),
      Bad("TrailingComma", R"({"a":1,})", Malformed::kInvalidJson),
      Bad("MissingColon", R"({"a" 1})", Malformed::kInvalidJson),
      Bad("SingleQuotes", R"({'a':1})", Malformed::kInvalidJson),
      Bad("UnquotedKey", R"({a:1})", Malformed::kInvalidJson),
      Bad("TrailingWord", R"({"a":1} x)", Malformed::kInvalidJson),
      Bad("TrailingBrace", R"({"a":1}})", Malformed::kInvalidJson),
      Bad("TrailingComma2", R"({"a":1},)", Malformed::kInvalidJson),
      Bad("TrailingBracket", R"({"a":1}])", Malformed::kInvalidJson),
      Bad("TrailingNumber", R"({"a":1} 2)", Malformed::kInvalidJson),
      // Found by tests/fuzz/record_fuzz: after a window's last object, bytes
      // that stage 1 rejects were ignored and the line kept, garbage and all.
      Bad("TrailingInvalidUtf8", "{\"a\":1}\xFF", Malformed::kInvalidUtf8),
      Bad("TrailingSpaceInvalidUtf8", "{\"a\":1}  \xFF ", Malformed::kInvalidUtf8),
      Bad("TrailingUnclosedQuote", "{\"a\":1}\"ab}", Malformed::kInvalidJson),
      // Found by tests/fuzz/record_fuzz: a string value followed by ':' was
      // skipped by On-Demand as if it were a key.
      Bad("ColonAfterStringValue", R"({"":"":}})", Malformed::kInvalidJson),
      Bad("ColonsAfterNestedString", R"({"a":{"b":"c"::}}})", Malformed::kInvalidJson),
      Bad("TooDeep", Nested(2000), Malformed::kTooDeep),
      Bad("TooLong", "{\"a\":\"" + std::string(kMaxLineBytes, 'x') + "\"}", Malformed::kTooLong),
      Bad("TooLongGarbage", std::string(kMaxLineBytes + 1, 'x'), Malformed::kTooLong),
      Record("LongestAllowed", "{\"a\":\"" + std::string(kMaxLineBytes - 8, 'x') + "\"}"),
  };
  return *cases;
}

class LineCaseTest : public ::testing::TestWithParam<LineCase> {};

TEST_P(LineCaseTest, Alone) {
  const LineCase& c = GetParam();
  for (const std::string& end : {std::string("\n"), std::string()}) {
    ParseResult r = Parse(c.line + end);
    EXPECT_EQ(r.lines, c.line.empty() && end.empty() ? 0u : 1u);
    std::vector<Event> expected;
    if (auto e = Expected(c, 0)) expected.push_back(*e);
    EXPECT_TRUE(SameEvents(r.events, expected)) << "with end " << ::testing::PrintToString(end);
  }
}

std::string GoodLine(size_t i) {
  return "{\"i\":" + std::to_string(i) + ",\"msg\":\"request \\\"" + std::to_string(i * 7) +
         "\\\" done\",\"tags\":[\"a\",\"b\"],\"ok\":true}";
}

// The case line among `total` good lines, at each position given.
TEST_P(LineCaseTest, AmongHundredsOfGoodLines) {
  const LineCase& c = GetParam();
  constexpr size_t kTotal = 400;
  ChunkParser parser(kMaxLineBytes);  // reused, as a worker does
  for (size_t position : {size_t{0}, size_t{1}, size_t{17}, size_t{200}, kTotal - 2, kTotal - 1}) {
    for (bool final_newline : {true, false}) {
      std::string text;
      std::vector<Event> expected;
      for (size_t i = 0; i < kTotal; ++i) {
        const std::string line = i == position ? c.line : GoodLine(i);
        text += line;
        if (i + 1 < kTotal || final_newline) text += "\n";
        if (i == position) {
          if (auto e = Expected(c, i)) expected.push_back(*e);
        } else {
          expected.push_back({i, std::nullopt, line});
        }
      }
      ParseResult r = Parse(text, &parser);
      // An empty last line without a newline is no line at all.
      const bool vanishes = c.line.empty() && position == kTotal - 1 && !final_newline;
      EXPECT_EQ(r.lines, vanishes ? kTotal - 1 : kTotal);
      ASSERT_TRUE(SameEvents(r.events, expected))
          << "case line at " << position << (final_newline ? "" : ", no final newline");
    }
  }
}

std::string LineCaseName(const ::testing::TestParamInfo<LineCase>& info) {
  static const char* const kKind[] = {"Record", "Malformed", "Blank"};
  return kKind[info.param.kind] + info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Lines, LineCaseTest, ::testing::ValuesIn(LineCases()), LineCaseName);

struct MultiLineCase {
  std::string name;
  std::string text;
  std::vector<Event> expected;
};

void PrintTo(const MultiLineCase& c, std::ostream* os) { *os << c.name; }

class MultiLineTest : public ::testing::TestWithParam<MultiLineCase> {};

TEST_P(MultiLineTest, EachLineOnItsOwn) {
  const MultiLineCase& c = GetParam();
  ParseResult r = Parse(c.text);
  EXPECT_TRUE(SameEvents(r.events, c.expected));
  // And among good lines, with everything shifted by the lines before.
  std::string before, after;
  for (size_t i = 0; i < 150; ++i) before += GoodLine(i) + "\n";
  for (size_t i = 0; i < 150; ++i) after += GoodLine(1000 + i) + "\n";
  std::string middle = c.text;
  if (middle.empty() || middle.back() != '\n') middle += "\n";
  const uint64_t middle_lines = Parse(middle).lines;
  std::vector<Event> expected;
  for (size_t i = 0; i < 150; ++i) expected.push_back({i, std::nullopt, GoodLine(i)});
  for (Event e : c.expected) {
    e.line += 150;
    expected.push_back(e);
  }
  for (size_t i = 0; i < 150; ++i) expected.push_back({150 + middle_lines + i, std::nullopt, GoodLine(1000 + i)});
  ParseResult mixed = Parse(before + middle + after);
  EXPECT_EQ(mixed.lines, 300 + middle_lines);
  EXPECT_TRUE(SameEvents(mixed.events, expected));
}

INSTANTIATE_TEST_SUITE_P(
    Texts, MultiLineTest,
    ::testing::Values(
        MultiLineCase{"ObjectOverTwoLines",
                      "{\"a\":\n1}\n",
                      {{0, Malformed::kInvalidJson, "{\"a\":"}, {1, Malformed::kInvalidJson, "1}"}}},
        MultiLineCase{"ObjectOverThreeLines",
                      "{\n\"a\":1\n}\n",
                      {{0, Malformed::kInvalidJson, "{"},
                       {1, Malformed::kInvalidJson, "\"a\":1"},
                       {2, Malformed::kInvalidJson, "}"}}},
        MultiLineCase{"ArrayOverTwoLines",
                      "[{\"a\":1},\n{\"b\":2}]\n",
                      {{0, Malformed::kInvalidJson, "[{\"a\":1},"}, {1, Malformed::kInvalidJson, "{\"b\":2}]"}}},
        MultiLineCase{"TruncatedThenGood",
                      "{\"a\":\"b\n{\"c\":1}\n",
                      {{0, Malformed::kInvalidJson, "{\"a\":\"b"}, {1, std::nullopt, "{\"c\":1}"}}},
        MultiLineCase{"UnclosedBraceThenGood",
                      "{\"a\":{\n{\"c\":1}\n",
                      {{0, Malformed::kInvalidJson, "{\"a\":{"}, {1, std::nullopt, "{\"c\":1}"}}},
        MultiLineCase{"BlankLinesCountButSayNothing",
                      "\n{\"a\":1}\n\n  \n{\"b\":2}\r\n\r\n",
                      {{1, std::nullopt, "{\"a\":1}"}, {4, std::nullopt, "{\"b\":2}"}}},
        MultiLineCase{"CrlfEverywhere",
                      "{\"a\":1}\r\n42\r\n{\"b\":2}\r\n",
                      {{0, std::nullopt, "{\"a\":1}"}, {1, Malformed::kNotObject, "42"}, {2, std::nullopt, "{\"b\":2}"}}},
        MultiLineCase{"BadLinesBackToBack",
                      "x\n[1]\n{\"a\":tru}\n{\"a\":1}{}\n{\"ok\":1}\n",
                      {{0, Malformed::kInvalidJson, "x"},
                       {1, Malformed::kNotObject, "[1]"},
                       {2, Malformed::kInvalidJson, "{\"a\":tru}"},
                       {3, Malformed::kInvalidJson, "{\"a\":1}{}"},
                       {4, std::nullopt, "{\"ok\":1}"}}}),
    [](const auto& info) { return info.param.name; });

TEST(ChunkParserTest, ManyBadLinesInOneChunk) {
  // More anomalies than the parser restarts its fast path for.
  const std::vector<LineCase>& cases = LineCases();
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<size_t> pick(0, cases.size() - 1);
  std::string text;
  std::vector<Event> expected;
  for (size_t i = 0; i < 3000; ++i) {
    if (i % 5 == 3) {
      const LineCase& c = cases[pick(rng)];
      text += c.line + "\n";
      if (auto e = Expected(c, i)) expected.push_back(*e);
    } else {
      text += GoodLine(i) + "\n";
      expected.push_back({i, std::nullopt, GoodLine(i)});
    }
  }
  ParseResult r = Parse(text);
  EXPECT_EQ(r.lines, 3000u);
  EXPECT_TRUE(SameEvents(r.events, expected));
}

TEST(ChunkParserTest, CleanChunkNeverLeavesTheFastPath) {
  std::string text;
  for (size_t i = 0; i < 2000; ++i) text += GoodLine(i) + "\n";
  ParseResult r = Parse(text);
  EXPECT_EQ(r.events.size(), 2000u);
  EXPECT_EQ(r.fallback_lines, 0u);
}

// A 1 MiB chunk of ~70-byte lines with one bad line in it: whatever the cause,
// almost all of its neighbours must still go through the fast path.
TEST(ChunkParserTest, OneBadLineCostsOnlyAFewNeighboursTheFastPath) {
  constexpr size_t kLines = 15000;
  // The good lines once: rebuilding them for each of the ~60 texts was most
  // of this test's time under the sanitizers.
  std::vector<std::string> good(kLines);
  for (size_t i = 0; i < kLines; ++i) good[i] = GoodLine(i) + "\n";
  for (const LineCase& c : LineCases()) {
    if (c.kind != LineCase::kMalformed) continue;
    for (size_t position : {size_t{0}, size_t{7777}, kLines - 1}) {
      std::string text;
      text.reserve(kLines * good[kLines - 1].size() + c.line.size());
      for (size_t i = 0; i < kLines; ++i) {
        if (i == position) {
          text += c.line;
          text += '\n';
        } else {
          text += good[i];
        }
      }
      ParseResult r = Parse(text);
      EXPECT_EQ(r.events.size(), kLines) << c.name;
      EXPECT_LE(r.fallback_lines, kLines / 10)
          << c.name << " at line " << position << ": one bad line sent most of the chunk down the slow path";
    }
  }
}

TEST(ChunkParserTest, LineIndicesCountBlankLines) {
  ParseResult r = Parse("\n\n\n{\"a\":1}\n\n[2]\n");
  EXPECT_EQ(r.lines, 6u);
  EXPECT_TRUE(SameEvents(r.events, {{3, std::nullopt, "{\"a\":1}"}, {5, Malformed::kNotObject, "[2]"}}));
}

// Line cutting: newlines at every offset of a 64-byte block (any vector
// width a splitter may use), CRLF ends across block edges, blank and
// space-only lines, and a last line with and without its newline.
TEST(ChunkParserTest, LinesAreCutRightAtEveryOffset) {
  for (bool final_newline : {true, false}) {
    for (size_t count : {200u, 201u, 263u}) {
      std::string text;
      std::vector<Event> expected;
      for (size_t n = 0; n < count; ++n) {
        std::string line;
        if (n % 7 == 3) {
          line = "";
        } else if (n % 11 == 5) {
          line = "  ";
        } else {
          line = "{\"a\":\"" + std::string(n % 90, 'x') + "\"}";
          expected.push_back({n, std::nullopt, line});
        }
        text += line;
        if (n + 1 < count || final_newline) text += n % 3 == 0 ? "\r\n" : "\n";
      }
      ParseResult r = Parse(text);
      // An empty last line without its newline is no line at all.
      const bool empty_last = !final_newline && (count - 1) % 7 == 3;
      EXPECT_EQ(r.lines, empty_last ? count - 1 : count) << final_newline << " " << count;
      EXPECT_TRUE(SameEvents(r.events, expected)) << final_newline << " " << count;
    }
  }
}

TEST(ChunkParserTest, EmptyChunk) {
  ParseResult r = Parse("");
  EXPECT_EQ(r.lines, 0u);
  EXPECT_TRUE(r.events.empty());
}

TEST(MalformedFromErrorTest, MapsSimdjsonErrors) {
  EXPECT_EQ(MalformedFromError(simdjson::UTF8_ERROR), Malformed::kInvalidUtf8);
  EXPECT_EQ(MalformedFromError(simdjson::DEPTH_ERROR), Malformed::kTooDeep);
  EXPECT_EQ(MalformedFromError(simdjson::INCORRECT_TYPE), Malformed::kNotObject);
  EXPECT_EQ(MalformedFromError(simdjson::TAPE_ERROR), Malformed::kInvalidJson);
  EXPECT_EQ(MalformedFromError(simdjson::T_ATOM_ERROR), Malformed::kInvalidJson);
  EXPECT_EQ(MalformedFromError(simdjson::UNESCAPED_CHARS), Malformed::kInvalidJson);
}

}  // namespace
}  // namespace sluice
