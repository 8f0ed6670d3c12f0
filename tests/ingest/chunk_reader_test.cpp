// Tests for ingest/chunk_reader.h: whatever the chunk size, chunks hold whole
// lines of one input, as full as they can be; CRLF, blank lines, a last line
// without newline and empty inputs; a line longer than the chunk becomes one
// oversized_line chunk with its true length and the lines after it are intact;
// several inputs (compressed, missing, truncated) are read in order; a UTF-8
// byte-order mark that starts an input is dropped.
#include "ingest/chunk_reader.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "testing/compress.h"
#include "testing/scratch_dir.h"

namespace sluice {
namespace {

using testing::GzipMember;
using testing::ScratchDir;
using testing::WriteFile;
using testing::ZstdFrame;

struct ChunkCopy {
  std::string data;
  uint32_t source;
  bool end_of_source;
  bool oversized;
  uint64_t oversized_bytes;
};

// Reads every chunk through one recycled Chunk, as the pipeline's pool does.
std::vector<ChunkCopy> ReadChunks(ChunkReader* reader, size_t capacity) {
  std::vector<ChunkCopy> chunks;
  Chunk chunk(capacity);
  for (;;) {
    chunk.Reset();
    if (!reader->Fill(&chunk)) break;
    EXPECT_LE(chunk.size(), capacity) << "chunk " << chunks.size() << " overflows its buffer";
    if (chunk.size() > capacity) break;
    chunks.push_back({std::string(chunk.data(), chunk.size()), chunk.source, chunk.end_of_source,
                      chunk.oversized_line, chunk.oversized_bytes});
    if (chunks.size() > 10'000'000) {
      ADD_FAILURE() << "the reader does not end";
      break;
    }
  }
  return chunks;
}

// An input line: its content (no terminator) and whether '\n' ends it.
struct Line {
  std::string text;
  bool newline;
  bool operator==(const Line&) const = default;
};

std::vector<Line> SplitInput(std::string_view input) {
  std::vector<Line> lines;
  while (!input.empty()) {
    size_t nl = input.find('\n');
    if (nl == std::string_view::npos) {
      lines.push_back({std::string(input), false});
      break;
    }
    lines.push_back({std::string(input.substr(0, nl)), true});
    input.remove_prefix(nl + 1);
  }
  return lines;
}

// Checks every chunk invariant for one input read at `capacity`, and that the
// chunks give back exactly the input's lines.
void ExpectChunksHoldTheLines(const std::string& input, size_t capacity) {
  ScratchDir dir;
  WriteFile(dir.File("in"), input);
  ChunkReader reader({dir.File("in")});
  const std::vector<ChunkCopy> chunks = ReadChunks(&reader, capacity);
  EXPECT_TRUE(reader.errors().empty());
  if (input.empty()) {
    EXPECT_TRUE(chunks.empty());
    return;
  }
  ASSERT_FALSE(chunks.empty());
  EXPECT_TRUE(chunks.back().end_of_source);

  const std::vector<Line> expected = SplitInput(input);
  size_t next = 0;  // index in expected
  for (size_t c = 0; c < chunks.size(); ++c) {
    const ChunkCopy& chunk = chunks[c];
    SCOPED_TRACE("chunk " + std::to_string(c) + " of " + std::to_string(chunks.size()) + ", capacity " +
                 std::to_string(capacity));
    EXPECT_EQ(chunk.source, 0u);
    EXPECT_EQ(chunk.end_of_source, c + 1 == chunks.size());
    if (chunk.oversized) {
      // One line, longer than the buffer: its start, and its full length.
      ASSERT_LT(next, expected.size());
      const Line& line = expected[next++];
      EXPECT_GE(line.text.size(), capacity);
      EXPECT_EQ(chunk.data.size(), capacity);
      EXPECT_EQ(chunk.data, line.text.substr(0, capacity));
      EXPECT_EQ(chunk.oversized_bytes, line.text.size());
      continue;
    }
    ASSERT_FALSE(chunk.data.empty());
    EXPECT_TRUE(chunk.data.back() == '\n' || chunk.end_of_source) << "a line was split";
    for (const Line& line : SplitInput(chunk.data)) {
      ASSERT_LT(next, expected.size());
      ASSERT_EQ(line, expected[next]) << "line " << next;
      ++next;
    }
    // Full: the next line (with its newline) would not have fitted.
    if (c + 1 < chunks.size() && !chunks[c + 1].oversized) {
      const size_t first_next = chunks[c + 1].data.find('\n');
      const size_t next_line = first_next == std::string::npos ? chunks[c + 1].data.size() : first_next;
      EXPECT_GT(chunk.data.size() + next_line + 1, capacity) << "the chunk was cut early";
    }
  }
  EXPECT_EQ(next, expected.size()) << "lines lost";
}

// Random lines of 0..max_len bytes of printable text, with or without \r\n.
std::string RandomLines(uint64_t seed, size_t count, size_t max_len, bool crlf, bool final_newline) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> len(0, max_len);
  std::uniform_int_distribution<int> ch('!', '~');
  std::string text;
  for (size_t i = 0; i < count; ++i) {
    const size_t n = len(rng);
    for (size_t k = 0; k < n; ++k) text.push_back(static_cast<char>(ch(rng)));
    if (i + 1 < count || final_newline) text += crlf ? "\r\n" : "\n";
  }
  return text;
}

TEST(ChunkReaderTest, LinesAreNeverSplitAtAnyChunkSize) {
  for (size_t capacity : {16u, 17u, 64u, 100u, 1000u, 4096u}) {
    for (bool final_newline : {true, false}) {
      ExpectChunksHoldTheLines(RandomLines(capacity, 3000, capacity / 2, false, final_newline), capacity);
    }
  }
}

TEST(ChunkReaderTest, CrlfLinesStayWhole) {
  for (size_t capacity : {16u, 64u, 1000u}) {
    const std::string input = RandomLines(capacity + 1, 2000, capacity / 2, true, true);
    ExpectChunksHoldTheLines(input, capacity);
    ScratchDir dir;
    WriteFile(dir.File("in"), input);
    ChunkReader reader({dir.File("in")});
    for (const ChunkCopy& chunk : ReadChunks(&reader, capacity)) {
      EXPECT_EQ(chunk.data.substr(chunk.data.size() - 2), "\r\n");
    }
  }
}

TEST(ChunkReaderTest, BlankLinesAndTheLastLineWithoutNewline) {
  ExpectChunksHoldTheLines("\n\n\n", 16);
  ExpectChunksHoldTheLines("{}", 16);
  ExpectChunksHoldTheLines("\n{}\n\n{\"a\":1}\n  \n\t\n{\"b\":2}", 16);
  ExpectChunksHoldTheLines(std::string(15, 'x') + "\n" + std::string(15, 'y'), 16);
  ExpectChunksHoldTheLines(std::string(15, 'x') + "\n" + std::string(15, 'y') + "\n", 16);
}

TEST(ChunkReaderTest, EmptyInputGivesNoChunk) {
  ExpectChunksHoldTheLines("", 64);
  ScratchDir dir;
  WriteFile(dir.File("empty"), "");
  ChunkReader reader({dir.File("empty")});
  Chunk chunk(64);
  EXPECT_FALSE(reader.Fill(&chunk));
  EXPECT_FALSE(reader.Fill(&chunk)) << "asked again after the end";
  EXPECT_TRUE(reader.errors().empty());
}

TEST(ChunkReaderTest, OversizedLineIsOneChunkWithItsTrueLength) {
  constexpr size_t kCapacity = 64;
  const std::string big(1000, 'x');
  const std::string after = RandomLines(7, 5000, 40, false, true);  // ~100 KB after it
  struct Case {
    std::string name;
    std::string input;
  };
  const Case cases[] = {
      {"Middle", "{\"a\":1}\n" + big + "\n" + after},
      {"First", big + "\n" + after},
      {"LastWithNewline", after + big + "\n"},
      {"LastWithoutNewline", after + big},
      {"Alone", big},
      {"TwoInARow", "{}\n" + big + "\n" + big + "y\n" + after},
      {"ExactlyTheCapacity", std::string(kCapacity, 'z') + "\n" + after},
      {"OneBelowTheCapacity", std::string(kCapacity - 1, 'z') + "\n" + after},
      {"HugeLine", std::string(300000, 'h') + "\n" + after},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ExpectChunksHoldTheLines(c.input, kCapacity);
  }
}

TEST(ChunkReaderTest, OversizedLineAtLargerChunkSizes) {
  // The lines after an oversized one fill several chunks of every size.
  for (size_t capacity : {100u, 4096u, 70000u}) {
    const std::string input = RandomLines(capacity, 200, 50, false, true) + std::string(3 * capacity, 'q') +
                              "\n" + RandomLines(capacity + 5, 100, capacity / 4, false, true);
    ExpectChunksHoldTheLines(input, capacity);
  }
}

TEST(ChunkReaderTest, SeveralInputsInOrderNeverShareAChunk) {
  ScratchDir dir;
  const std::string a = RandomLines(1, 500, 30, false, false);  // no final newline
  const std::string b = RandomLines(2, 500, 30, false, true);
  WriteFile(dir.File("a"), a);
  WriteFile(dir.File("empty"), "");
  WriteFile(dir.File("b.gz"), GzipMember(b));
  WriteFile(dir.File("c.zst"), ZstdFrame(a));
  ChunkReader reader({dir.File("a"), dir.File("empty"), dir.File("b.gz"), dir.File("c.zst")});
  const std::vector<ChunkCopy> chunks = ReadChunks(&reader, 128);
  EXPECT_TRUE(reader.errors().empty());
  std::string per_source[4];
  int ends[4] = {0, 0, 0, 0};
  uint32_t last_source = 0;
  for (const ChunkCopy& chunk : chunks) {
    ASSERT_LT(chunk.source, 4u);
    EXPECT_GE(chunk.source, last_source) << "inputs out of order";
    last_source = chunk.source;
    per_source[chunk.source] += chunk.data;
    ends[chunk.source] += chunk.end_of_source;
  }
  EXPECT_EQ(per_source[0], a);
  EXPECT_EQ(per_source[1], "");
  EXPECT_EQ(per_source[2], b);
  EXPECT_EQ(per_source[3], a);
  EXPECT_EQ(ends[0], 1);
  EXPECT_EQ(ends[2], 1);
  EXPECT_EQ(ends[3], 1);
}

TEST(ChunkReaderTest, ByteOrderMarkAtTheStartOfEachInputIsDropped) {
  ScratchDir dir;
  const std::string bom = "\xEF\xBB\xBF";
  const std::string lines = RandomLines(5, 300, 40, false, true);
  struct Case {
    std::string name;
    std::string stored;  // the file's bytes
    std::string read;    // what the chunks hold
  };
  const Case cases[] = {
      {"plain", bom + lines, lines},
      {"gz", GzipMember(bom + lines), lines},
      {"zst", ZstdFrame(bom + lines), lines},
      {"not_first", lines + bom + "{}\n", lines + bom + "{}\n"},  // a later one stays
      {"twice", bom + bom + "{}", bom + "{}"},
      {"only", bom, ""},
      {"short", "\xEF\xBB", "\xEF\xBB"},
      {"none", lines, lines},
  };
  std::vector<std::string> paths;
  for (const Case& c : cases) {
    WriteFile(dir.File(c.name), c.stored);
    paths.push_back(dir.File(c.name));
  }
  for (size_t capacity : {64u, 4096u}) {
    SCOPED_TRACE("capacity " + std::to_string(capacity));
    ChunkReader reader(paths);
    std::vector<std::string> per_source(std::size(cases));
    for (const ChunkCopy& chunk : ReadChunks(&reader, capacity)) {
      ASSERT_LT(chunk.source, per_source.size());
      per_source[chunk.source] += chunk.data;
    }
    EXPECT_TRUE(reader.errors().empty());
    for (size_t i = 0; i < std::size(cases); ++i) EXPECT_EQ(per_source[i], cases[i].read) << cases[i].name;
  }
  // A first line longer than the chunk: its size does not count the BOM.
  WriteFile(dir.File("long"), bom + std::string(100, 'x') + "\n{}\n");
  ChunkReader reader({dir.File("long")});
  const std::vector<ChunkCopy> chunks = ReadChunks(&reader, 16);
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_TRUE(chunks[0].oversized);
  EXPECT_EQ(chunks[0].data, std::string(16, 'x'));
  EXPECT_EQ(chunks[0].oversized_bytes, 100u);
  EXPECT_EQ(chunks[1].data, "{}\n");
}

TEST(ChunkReaderTest, MissingInputIsReportedAndTheOthersAreRead) {
  ScratchDir dir;
  WriteFile(dir.File("a"), "{\"a\":1}\n");
  WriteFile(dir.File("c"), "{\"c\":3}\n");
  ChunkReader reader({dir.File("a"), dir.File("missing"), dir.File("c")});
  const std::vector<ChunkCopy> chunks = ReadChunks(&reader, 64);
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0].data, "{\"a\":1}\n");
  EXPECT_EQ(chunks[0].source, 0u);
  EXPECT_EQ(chunks[1].data, "{\"c\":3}\n");
  EXPECT_EQ(chunks[1].source, 2u) << "the source index must stay the input's position";
  ASSERT_EQ(reader.errors().size(), 1u);
  EXPECT_NE(reader.errors()[0].find(dir.File("missing")), std::string::npos) << reader.errors()[0];
}

TEST(ChunkReaderTest, TruncatedCompressedInputKeepsItsCompleteLinesAndGoesOn) {
  ScratchDir dir;
  const std::string text = RandomLines(3, 20000, 60, false, true);
  for (const std::string& whole : {GzipMember(text), ZstdFrame(text)}) {
    WriteFile(dir.File("cut"), whole.substr(0, whole.size() / 2));
    WriteFile(dir.File("next"), "{\"next\":1}\n");
    ChunkReader reader({dir.File("cut"), dir.File("next")});
    const std::vector<ChunkCopy> chunks = ReadChunks(&reader, 4096);
    ASSERT_EQ(reader.errors().size(), 1u);
    EXPECT_NE(reader.errors()[0].find(dir.File("cut")), std::string::npos) << reader.errors()[0];
    EXPECT_NE(reader.errors()[0].find("truncated"), std::string::npos) << reader.errors()[0];
    std::string got;
    for (const ChunkCopy& chunk : chunks) {
      if (chunk.source == 0) got += chunk.data;
    }
    // Whole lines only, all of them a prefix of the input.
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(got.back(), '\n');
    EXPECT_EQ(got, text.substr(0, got.size()));
    ASSERT_FALSE(chunks.empty());
    EXPECT_EQ(chunks.back().source, 1u);
    EXPECT_EQ(chunks.back().data, "{\"next\":1}\n");
  }
}

TEST(ChunkReaderTest, RawBytesCountTheFilesAsStored) {
  ScratchDir dir;
  const std::string text = RandomLines(4, 3000, 60, false, true);
  const std::string gz = GzipMember(text);
  WriteFile(dir.File("a"), text);
  WriteFile(dir.File("b"), gz);
  ChunkReader reader({dir.File("a"), dir.File("b")});
  ReadChunks(&reader, 1024);
  EXPECT_EQ(reader.raw_bytes_read(), text.size() + gz.size());
}

}  // namespace
}  // namespace sluice
