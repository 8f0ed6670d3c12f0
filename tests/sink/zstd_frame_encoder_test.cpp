// Tests for sink/zstd_frame_encoder.h: each chunk becomes one complete frame
// carrying its content size and a checksum, and frames concatenated in order
// decompress (as one stream) to the concatenated input.
#include "sink/zstd_frame_encoder.h"

#include <gtest/gtest.h>
#include <zstd.h>

#include <random>
#include <string>
#include <vector>

#include "testing/compress.h"

namespace sluice {
namespace {

std::string SomeText(uint64_t seed, size_t lines) {
  std::mt19937_64 rng(seed);
  std::string text;
  for (size_t i = 0; i < lines; ++i) {
    text += "{\"i\":" + std::to_string(i) + ",\"r\":" + std::to_string(rng() % 100000) + ",\"msg\":\"hello\"}\n";
  }
  return text;
}

TEST(ZstdFrameEncoderTest, FramesConcatenatedDecompressToTheInput) {
  ZstdFrameEncoder encoder(3);
  std::string stream, expected;
  std::vector<std::string> chunks = {SomeText(1, 1000), "x", SomeText(2, 10), std::string(1 << 20, 'a'),
                                     SomeText(3, 5000)};
  for (const std::string& chunk : chunks) {
    std::string frame = "stale";
    ASSERT_TRUE(encoder.Encode(chunk, &frame));
    EXPECT_EQ(testing::ZstdFrameCount(frame), 1);
    EXPECT_EQ(ZSTD_getFrameContentSize(frame.data(), frame.size()), chunk.size());
    stream += frame;
    expected += chunk;
  }
  EXPECT_EQ(testing::ZstdFrameCount(stream), static_cast<int>(chunks.size()));
  bool ok = false;
  EXPECT_EQ(testing::ZstdDecompress(stream, &ok), expected);
  EXPECT_TRUE(ok);
}

TEST(ZstdFrameEncoderTest, FramesCarryAChecksum) {
  ZstdFrameEncoder encoder(3);
  const std::string text = SomeText(4, 2000);
  std::string frame;
  ASSERT_TRUE(encoder.Encode(text, &frame));
  // Flip one bit of the last byte: the checksum. Decoding must notice.
  frame.back() = static_cast<char>(frame.back() ^ 1);
  bool ok = true;
  testing::ZstdDecompress(frame, &ok);
  EXPECT_FALSE(ok);
}

TEST(ZstdFrameEncoderTest, EveryLevelGivesAValidFrame) {
  const std::string text = SomeText(5, 3000);
  for (int level : {-7, -1, 1, 3, 9, 19}) {
    ZstdFrameEncoder encoder(level);
    std::string frame;
    ASSERT_TRUE(encoder.Encode(text, &frame)) << level;
    bool ok = false;
    EXPECT_EQ(testing::ZstdDecompress(frame, &ok), text) << level;
    EXPECT_TRUE(ok);
    EXPECT_LT(frame.size(), text.size() / 2) << level;
  }
}

TEST(ZstdFrameEncoderTest, EmptyInputIsAValidEmptyFrame) {
  ZstdFrameEncoder encoder(3);
  std::string frame;
  ASSERT_TRUE(encoder.Encode("", &frame));
  EXPECT_EQ(testing::ZstdFrameCount(frame), 1);
  EXPECT_EQ(ZSTD_getFrameContentSize(frame.data(), frame.size()), 0u);
}

}  // namespace
}  // namespace sluice
