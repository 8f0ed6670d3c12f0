// Tests for ingest/input_opener.h and the readers it wraps (fd_reader,
// gzip_reader, zstd_reader): format detection by content, never by name;
// single- and multi-member gzip; multi-frame zstd with skippable frames;
// truncated and corrupt inputs fail with an error naming the file, after every
// byte decoded before the damage; open errors.
#include "ingest/input_opener.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>
#include <vector>

#include "testing/compress.h"
#include "testing/scratch_dir.h"

namespace sluice {
namespace {

using testing::GzipMember;
using testing::ReadFile;
using testing::ScratchDir;
using testing::WriteFile;
using testing::ZstdFrame;
using testing::ZstdSkippableFrame;

// Some NDJSON that compresses into more than one input buffer of the readers.
std::string Lines(int count, int salt = 0) {
  std::string text;
  uint64_t x = 88172645463325252ull + static_cast<uint64_t>(salt);
  for (int i = 0; i < count; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    text += "{\"i\":" + std::to_string(i) + ",\"salt\":" + std::to_string(salt) + ",\"r\":\"" +
            std::to_string(x) + "\"}\n";
  }
  return text;
}

struct ReadResult {
  std::string bytes;
  bool failed = false;
  std::string error;
};

// Reads a source to its end, `step` bytes at a time.
ReadResult ReadAll(ByteSource* source, size_t step) {
  ReadResult r;
  std::vector<char> buf(step);
  for (;;) {
    ssize_t got = source->Read(buf.data(), buf.size());
    if (got < 0) {
      r.failed = true;
      r.error = source->error();
      return r;
    }
    if (got == 0) return r;
    r.bytes.append(buf.data(), static_cast<size_t>(got));
  }
}

struct DetectCase {
  std::string name;  // the file's name: detection must ignore it
  std::string kind;  // what the file holds: plain, gzip, zstd
  InputCompression expected;
};

void PrintTo(const DetectCase& c, std::ostream* os) { *os << c.name << " holding " << c.kind; }

class DetectionTest : public ::testing::TestWithParam<DetectCase> {};

TEST_P(DetectionTest, FormatComesFromTheBytesNotTheName) {
  const DetectCase& c = GetParam();
  ScratchDir dir;
  const std::string text = Lines(3000);
  std::string bytes = text;
  if (c.kind == "gzip") bytes = GzipMember(text);
  if (c.kind == "zstd") bytes = ZstdFrame(text);
  const std::string path = dir.File(c.name);
  WriteFile(path, bytes);

  OpenedInput input = OpenInput(path);
  EXPECT_EQ(input.compression, c.expected);
  EXPECT_EQ(input.file_size, bytes.size());
  for (size_t step : {1u << 20, 4096u, 7u}) {
    OpenedInput again = OpenInput(path);
    ReadResult r = ReadAll(again.source.get(), step);
    ASSERT_FALSE(r.failed) << r.error;
    EXPECT_EQ(r.bytes, text) << "step " << step;
    EXPECT_EQ(again.source->raw_bytes_read(), bytes.size());
  }
}

INSTANTIATE_TEST_SUITE_P(
    Names, DetectionTest,
    ::testing::Values(DetectCase{"plain.ndjson", "plain", InputCompression::kNone},
                      DetectCase{"plain.gz", "plain", InputCompression::kNone},
                      DetectCase{"plain.zst", "plain", InputCompression::kNone},
                      DetectCase{"gz.gz", "gzip", InputCompression::kGzip},
                      DetectCase{"gz.log", "gzip", InputCompression::kGzip},
                      DetectCase{"gz.zst", "gzip", InputCompression::kGzip},
                      DetectCase{"zst.zst", "zstd", InputCompression::kZstd},
                      DetectCase{"zst.ndjson", "zstd", InputCompression::kZstd},
                      DetectCase{"zst.gz", "zstd", InputCompression::kZstd}),
    [](const auto& info) {
      std::string n = info.param.name;
      for (char& ch : n) if (ch == '.') ch = '_';
      return n;
    });

TEST(InputOpenerTest, ShortAndEmptyFilesArePlain) {
  ScratchDir dir;
  for (std::string content : {std::string(), std::string("{"), std::string("\x1f"),
                              std::string("\x28\xb5\x2f")}) {
    WriteFile(dir.File("short"), content);
    OpenedInput input = OpenInput(dir.File("short"));
    EXPECT_EQ(input.compression, InputCompression::kNone) << content.size();
    ReadResult r = ReadAll(input.source.get(), 4096);
    EXPECT_FALSE(r.failed);
    EXPECT_EQ(r.bytes, content);
  }
}

TEST(InputOpenerTest, GzipWithSeveralMembersReadsAsOneStream) {
  ScratchDir dir;
  const std::string a = Lines(2000, 1), b = Lines(10, 2), c = Lines(5000, 3);
  // An empty member in the middle too, as `cat a.gz empty.gz b.gz` gives.
  WriteFile(dir.File("multi"), GzipMember(a) + GzipMember("") + GzipMember(b) + GzipMember(c, 1));
  OpenedInput input = OpenInput(dir.File("multi"));
  ASSERT_EQ(input.compression, InputCompression::kGzip);
  ReadResult r = ReadAll(input.source.get(), 65536);
  ASSERT_FALSE(r.failed) << r.error;
  EXPECT_EQ(r.bytes, a + b + c);
}

TEST(InputOpenerTest, ZstdWithSeveralFramesAndSkippableFramesReadsAsOneStream) {
  ScratchDir dir;
  const std::string a = Lines(2000, 1), b = Lines(10, 2), c = Lines(5000, 3);
  WriteFile(dir.File("multi"), ZstdFrame(a) + ZstdSkippableFrame("metadata") + ZstdFrame("") +
                                   ZstdFrame(b, 19) + ZstdFrame(c, 1) + ZstdSkippableFrame(""));
  OpenedInput input = OpenInput(dir.File("multi"));
  ASSERT_EQ(input.compression, InputCompression::kZstd);
  for (size_t step : {65536u, 1000u}) {
    OpenedInput again = OpenInput(dir.File("multi"));
    ReadResult r = ReadAll(again.source.get(), step);
    ASSERT_FALSE(r.failed) << r.error;
    EXPECT_EQ(r.bytes, a + b + c);
  }
}

struct TruncationCase {
  std::string kind;
  // Bytes kept: a fraction of the whole, or a count from the end cut off.
  double keep_fraction;
  size_t cut_from_end;
};

void PrintTo(const TruncationCase& c, std::ostream* os) { *os << c.kind << " keep " << c.keep_fraction << " cut " << c.cut_from_end; }

class TruncationTest : public ::testing::TestWithParam<TruncationCase> {};

TEST_P(TruncationTest, TruncatedInputFailsNamingTheFile) {
  const TruncationCase& c = GetParam();
  ScratchDir dir;
  const std::string text = Lines(4000);
  const std::string whole = c.kind == "gzip" ? GzipMember(text) : ZstdFrame(text);
  size_t keep = c.cut_from_end ? whole.size() - c.cut_from_end
                               : static_cast<size_t>(static_cast<double>(whole.size()) * c.keep_fraction);
  const std::string path = dir.File("cut.log");
  WriteFile(path, whole.substr(0, keep));

  OpenedInput input = OpenInput(path);
  ReadResult r = ReadAll(input.source.get(), 4096);
  ASSERT_TRUE(r.failed) << "a truncated " << c.kind << " file read as complete (" << keep << " of "
                        << whole.size() << " bytes)";
  EXPECT_NE(r.error.find(path), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("truncated"), std::string::npos) << r.error;
  EXPECT_LE(r.bytes.size(), text.size());
  EXPECT_EQ(r.bytes, text.substr(0, r.bytes.size())) << "bytes before the cut must be right";
  // The error sticks.
  char buf[16];
  EXPECT_EQ(input.source->Read(buf, sizeof buf), -1);
}

INSTANTIATE_TEST_SUITE_P(
    Cuts, TruncationTest,
    ::testing::Values(TruncationCase{"gzip", 0.5, 0}, TruncationCase{"gzip", 0.99, 0},
                      TruncationCase{"gzip", 0, 8},  // the whole trailer
                      TruncationCase{"gzip", 0, 1},  // the last trailer byte
                      TruncationCase{"zstd", 0.5, 0},
                      TruncationCase{"zstd", 0.99, 0},
                      TruncationCase{"zstd", 0, 4},  // the checksum
                      TruncationCase{"zstd", 0, 1}),
    [](const auto& info) {
      const auto& p = info.param;
      return p.kind + (p.cut_from_end ? "Minus" + std::to_string(p.cut_from_end) + "Bytes"
                                      : "Keep" + std::to_string(static_cast<int>(p.keep_fraction * 100)) +
                                            "Percent");
    });

TEST(InputOpenerTest, TruncatedHeadersFailNamingTheFile) {
  ScratchDir dir;
  const std::string text = Lines(100);
  const std::string gz = GzipMember(text);
  const std::string zst = ZstdFrame(text);
  // Just past the magic bytes (the files are recognised, then end).
  for (const std::string& cut : {gz.substr(0, 2), gz.substr(0, 10), zst.substr(0, 4), zst.substr(0, 6)}) {
    const std::string path = dir.File("head.bin");
    WriteFile(path, cut);
    OpenedInput input = OpenInput(path);
    ASSERT_NE(input.compression, InputCompression::kNone);
    ReadResult r = ReadAll(input.source.get(), 4096);
    ASSERT_TRUE(r.failed) << cut.size() << " bytes";
    EXPECT_NE(r.error.find(path), std::string::npos) << r.error;
  }
}

// Reads as small as ChunkReader makes near a chunk's end: what the decoder
// still holds when the input ends (a match longer than the room left, buffered
// bits) comes out before the "truncated" error.
TEST(InputOpenerTest, TruncatedInputGivesSmallReadsAllThatAReferenceDecoderGetsOut) {
  ScratchDir dir;
  const std::string text = Lines(4000);
  const std::string path = dir.File("cut.log");
  for (const std::string kind : {"gzip", "zstd"}) {
    const std::string whole = kind == "gzip" ? GzipMember(text) : ZstdFrame(text);
    for (size_t sixteenths = 1; sixteenths < 16; ++sixteenths) {
      const std::string cut = whole.substr(0, whole.size() * sixteenths / 16);
      bool sound = true;
      const std::string expected = kind == "gzip" ? testing::GunzipBeforeError(cut, &sound)
                                                  : testing::ZstdDecompressBeforeError(cut, &sound);
      ASSERT_FALSE(sound);
      WriteFile(path, cut);
      for (size_t step : {7u, 1u}) {
        SCOPED_TRACE(kind + " cut at " + std::to_string(cut.size()) + ", step " + std::to_string(step));
        OpenedInput input = OpenInput(path);
        ReadResult r = ReadAll(input.source.get(), step);
        ASSERT_TRUE(r.failed);
        EXPECT_NE(r.error.find("truncated"), std::string::npos) << r.error;
        EXPECT_EQ(r.bytes.size(), expected.size());
        EXPECT_TRUE(r.bytes == expected) << "the bytes before the cut differ";
      }
    }
  }
}

TEST(InputOpenerTest, CorruptDataFailsNamingTheFile) {
  ScratchDir dir;
  const std::string text = Lines(4000);
  for (std::string bytes : {GzipMember(text), ZstdFrame(text)}) {
    for (size_t i = bytes.size() / 3; i < bytes.size() / 3 + 64; ++i) bytes[i] = static_cast<char>(~bytes[i]);
    const std::string path = dir.File("corrupt.log");
    WriteFile(path, bytes);
    OpenedInput input = OpenInput(path);
    ReadResult r = ReadAll(input.source.get(), 4096);
    ASSERT_TRUE(r.failed);
    EXPECT_NE(r.error.find(path), std::string::npos) << r.error;
  }
}

// Bytes after a valid member or frame (`cat a.gz; head -c 512 /dev/zero`): an
// error, but only after every byte of the valid part, whatever the read size.
TEST(InputOpenerTest, GarbageAfterTheLastMemberOrFrameFailsAfterAllItsBytes) {
  ScratchDir dir;
  const std::string text = Lines(4000);
  const std::string path = dir.File("padded.log");
  for (const std::string kind : {"gzip", "zstd"}) {
    const std::string whole = kind == "gzip" ? GzipMember(text) : ZstdFrame(text);
    for (const std::string& tail : {std::string(512, '\0'), std::string("garbage\n")}) {
      WriteFile(path, whole + tail);
      for (size_t step : {1u << 20, 4096u, 7u}) {
        SCOPED_TRACE(kind + " + " + std::to_string(tail.size()) + " bytes, step " + std::to_string(step));
        OpenedInput input = OpenInput(path);
        ReadResult r = ReadAll(input.source.get(), step);
        ASSERT_TRUE(r.failed);
        EXPECT_NE(r.error.find(path), std::string::npos) << r.error;
        EXPECT_NE(r.error.find("corrupt"), std::string::npos) << r.error;
        EXPECT_EQ(r.bytes.size(), text.size());
        EXPECT_TRUE(r.bytes == text) << "the bytes before the damage differ";
      }
    }
  }
}

// One byte flipped inside the stream: the reader returns exactly what a
// reference decoder gets out before the damage, then fails.
TEST(InputOpenerTest, FlippedByteFailsAfterWhatAReferenceDecoderGetsOut) {
  ScratchDir dir;
  const std::string text = Lines(20000);  // several zstd blocks
  const std::string path = dir.File("flipped.log");
  for (const std::string kind : {"gzip", "zstd"}) {
    const std::string whole = kind == "gzip" ? GzipMember(text) : ZstdFrame(text);
    for (double at : {0.3, 0.5, 0.7, 0.9}) {
      std::string bytes = whole;
      const size_t i = static_cast<size_t>(static_cast<double>(bytes.size()) * at);
      bytes[i] = static_cast<char>(~bytes[i]);
      bool sound = true;
      const std::string expected = kind == "gzip" ? testing::GunzipBeforeError(bytes, &sound)
                                                  : testing::ZstdDecompressBeforeError(bytes, &sound);
      ASSERT_FALSE(sound) << kind << ": the reference decoder missed the flipped byte " << i;
      WriteFile(path, bytes);
      for (size_t step : {1u << 20, 4096u, 7u}) {
        SCOPED_TRACE(kind + " flipped at " + std::to_string(i) + ", step " + std::to_string(step));
        OpenedInput input = OpenInput(path);
        ReadResult r = ReadAll(input.source.get(), step);
        ASSERT_TRUE(r.failed);
        EXPECT_NE(r.error.find(path), std::string::npos) << r.error;
        EXPECT_EQ(r.bytes.size(), expected.size());
        EXPECT_TRUE(r.bytes == expected) << "the bytes before the damage differ";
        char buf[16];
        EXPECT_EQ(input.source->Read(buf, sizeof buf), -1) << "the error must stick";
      }
    }
  }
}

TEST(InputOpenerTest, MissingFileThrowsNamingIt) {
  ScratchDir dir;
  const std::string path = dir.File("no-such.ndjson");
  try {
    OpenInput(path);
    FAIL() << "no error for a missing file";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
  }
}

TEST(InputOpenerTest, DirectoryThrowsNamingIt) {
  ScratchDir dir;
  try {
    OpenInput(dir.path());
    FAIL() << "no error for a directory";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(dir.path()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("directory"), std::string::npos) << e.what();
  }
}

TEST(InputOpenerTest, RegularFileIdentityIsKnown) {
  ScratchDir dir;
  const std::string path = dir.File("a.ndjson");
  WriteFile(path, "{}\n");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  OpenedInput input = OpenInput(path);
  EXPECT_EQ(input.device, static_cast<uint64_t>(st.st_dev));
  EXPECT_EQ(input.inode, static_cast<uint64_t>(st.st_ino));
  EXPECT_EQ(input.file_size, 3u);
}

TEST(InputOpenerTest, DisplayNameOfStdin) {
  EXPECT_EQ(InputDisplayName("-"), "stdin");
  EXPECT_EQ(InputDisplayName("a/b.log"), "a/b.log");
}

}  // namespace
}  // namespace sluice
