// Tests for sink/output_sink.h: records go to the output in the order given
// (plain text or zstd frames); each malformed line becomes one dead-letter
// object with its input's name, its 1-based line number counted across that
// input's chunks, its cause, size and text; write failures name the file.
#include "sink/output_sink.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "testing/compress.h"
#include "testing/scratch_dir.h"

namespace sluice {
namespace {

using testing::ReadFile;
using testing::ScratchDir;

// A chunk as a worker leaves it.
ChunkPtr WorkedChunk(uint32_t source, uint64_t line_count, std::string out,
                     std::vector<std::pair<uint64_t, std::string>> dead = {}) {
  auto chunk = std::make_unique<Chunk>(16);
  chunk->source = source;
  chunk->line_count = line_count;
  chunk->out = std::move(out);
  for (const auto& [line, text] : dead) {
    const uint32_t offset = static_cast<uint32_t>(chunk->dead_text.size());
    chunk->dead_text += text;
    chunk->dead.push_back({line, Malformed::kInvalidJson, text.size(), offset,
                           static_cast<uint32_t>(text.size()), false});
  }
  return chunk;
}

struct DeadLine {
  std::string source;
  uint64_t line;
  std::string error;
  uint64_t bytes;
  std::string text;
  bool truncated;
  bool operator==(const DeadLine&) const = default;
};

std::ostream& operator<<(std::ostream& os, const DeadLine& d) {
  return os << d.source << ":" << d.line << " " << d.error << " " << d.bytes << " "
            << ::testing::PrintToString(d.text) << (d.truncated ? " truncated" : "");
}

std::vector<DeadLine> ReadDeadLetter(const std::string& path) {
  std::vector<DeadLine> lines;
  simdjson::dom::parser parser;
  const std::string text = ReadFile(path);
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t nl = text.find('\n', pos);
    EXPECT_NE(nl, std::string::npos) << "dead letter without final newline";
    if (nl == std::string::npos) break;
    const std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    simdjson::dom::object o;
    EXPECT_EQ(parser.parse(line).get_object().get(o), simdjson::SUCCESS) << line;
    DeadLine d{};
    std::string_view sv;
    EXPECT_EQ(o["source"].get_string().get(sv), simdjson::SUCCESS);
    d.source = std::string(sv);
    EXPECT_EQ(o["line"].get_uint64().get(d.line), simdjson::SUCCESS);
    EXPECT_EQ(o["error"].get_string().get(sv), simdjson::SUCCESS);
    d.error = std::string(sv);
    EXPECT_EQ(o["bytes"].get_uint64().get(d.bytes), simdjson::SUCCESS);
    EXPECT_EQ(o["text"].get_string().get(sv), simdjson::SUCCESS);
    d.text = std::string(sv);
    bool truncated = false;
    if (o["truncated"].get_bool().get(truncated) == simdjson::SUCCESS) d.truncated = truncated;
    lines.push_back(d);
  }
  return lines;
}

TEST(OutputSinkTest, WritesRecordsAndNumbersDeadLettersPerInput) {
  ScratchDir dir;
  OutputFile output, dead_letter;
  ASSERT_TRUE(output.Open(dir.File("out")));
  ASSERT_TRUE(dead_letter.Open(dir.File("dead")));
  OutputSink sink(&output, &dead_letter, {"a.log", "dir/b \"q\".log"}, /*compressed=*/false);

  // Input 0: two chunks of 3 and 4 lines; input 1: one chunk of 2 lines.
  ASSERT_TRUE(sink.Write(*WorkedChunk(0, 3, "{\"r\":1}\n{\"r\":2}\n", {{1, "bad one"}})));
  ASSERT_TRUE(sink.Write(*WorkedChunk(0, 4, "{\"r\":3}\n", {{0, "bad\ttwo"}, {3, "bad \xFF three"}})));
  ASSERT_TRUE(sink.Write(*WorkedChunk(1, 2, "{\"r\":4}\n", {{1, "bad four"}})));
  ASSERT_TRUE(sink.Write(*WorkedChunk(1, 5, "")));  // nothing at all
  EXPECT_EQ(sink.dead_letters(), 4u);
  ASSERT_TRUE(output.Close());
  ASSERT_TRUE(dead_letter.Close());

  EXPECT_EQ(ReadFile(dir.File("out")), "{\"r\":1}\n{\"r\":2}\n{\"r\":3}\n{\"r\":4}\n");
  const std::vector<DeadLine> expected = {
      {"a.log", 2, "invalid_json", 7, "bad one", false},
      {"a.log", 4, "invalid_json", 7, "bad\ttwo", false},
      {"a.log", 7, "invalid_json", 11, "bad \xEF\xBF\xBD three", false},  // invalid UTF-8 made valid
      {"dir/b \"q\".log", 2, "invalid_json", 8, "bad four", false},
  };
  EXPECT_EQ(ReadDeadLetter(dir.File("dead")), expected);
}

TEST(OutputSinkTest, CausesAndTruncationAreWritten) {
  ScratchDir dir;
  OutputFile output, dead_letter;
  ASSERT_TRUE(output.Open(dir.File("out")));
  ASSERT_TRUE(dead_letter.Open(dir.File("dead")));
  OutputSink sink(&output, &dead_letter, {"-"}, false);
  ChunkPtr chunk = WorkedChunk(0, 5, "");
  const Malformed causes[] = {Malformed::kInvalidJson, Malformed::kInvalidUtf8, Malformed::kNotObject,
                              Malformed::kTooLong, Malformed::kTooDeep};
  for (uint64_t i = 0; i < 5; ++i) {
    const uint32_t offset = static_cast<uint32_t>(chunk->dead_text.size());
    chunk->dead_text += "x";
    chunk->dead.push_back({i, causes[i], 1000 + i, offset, 1, i == 3});
  }
  ASSERT_TRUE(sink.Write(*chunk));
  ASSERT_TRUE(dead_letter.Close());
  const std::vector<DeadLine> expected = {
      {"-", 1, "invalid_json", 1000, "x", false}, {"-", 2, "invalid_utf8", 1001, "x", false},
      {"-", 3, "not_object", 1002, "x", false},   {"-", 4, "too_long", 1003, "x", true},
      {"-", 5, "too_deep", 1004, "x", false},
  };
  EXPECT_EQ(ReadDeadLetter(dir.File("dead")), expected);
}

TEST(OutputSinkTest, CompressedOutputWritesTheFrames) {
  ScratchDir dir;
  OutputFile output;
  ASSERT_TRUE(output.Open(dir.File("out.zst")));
  OutputSink sink(&output, nullptr, {"in"}, /*compressed=*/true);
  std::string expected;
  for (int i = 0; i < 3; ++i) {
    ChunkPtr chunk = WorkedChunk(0, 1, "{\"i\":" + std::to_string(i) + "}\n", {{0, "dropped, no dead letter"}});
    chunk->frame = testing::ZstdFrame(chunk->out);
    expected += chunk->out;
    ASSERT_TRUE(sink.Write(*chunk));
  }
  EXPECT_EQ(sink.dead_letters(), 3u) << "counted even without a dead-letter file";
  ASSERT_TRUE(output.Close());
  const std::string written = ReadFile(dir.File("out.zst"));
  EXPECT_EQ(testing::ZstdFrameCount(written), 3);
  bool ok = false;
  EXPECT_EQ(testing::ZstdDecompress(written, &ok), expected);
  EXPECT_TRUE(ok);
}

TEST(OutputSinkTest, OutputFailureNamesTheFile) {
  OutputFile output;
  ASSERT_TRUE(output.Open("/dev/full"));
  OutputSink sink(&output, nullptr, {"in"}, false);
  EXPECT_FALSE(sink.Write(*WorkedChunk(0, 1, "{}\n")));
  EXPECT_NE(sink.error().find("/dev/full"), std::string::npos) << sink.error();
}

TEST(OutputSinkTest, DeadLetterFailureNamesTheFile) {
  ScratchDir dir;
  OutputFile output, dead_letter;
  ASSERT_TRUE(output.Open(dir.File("out")));
  ASSERT_TRUE(dead_letter.Open("/dev/full"));
  OutputSink sink(&output, &dead_letter, {"in"}, false);
  EXPECT_TRUE(sink.Write(*WorkedChunk(0, 1, "{}\n"))) << "no malformed line, nothing to write there";
  EXPECT_FALSE(sink.Write(*WorkedChunk(0, 1, "", {{0, "bad"}})));
  EXPECT_NE(sink.error().find("/dev/full"), std::string::npos) << sink.error();
}

}  // namespace
}  // namespace sluice
