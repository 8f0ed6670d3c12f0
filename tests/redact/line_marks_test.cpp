// LineMarks: range questions against a naive bit-by-bit answer, and ranges
// outside the marked line.
#include "redact/line_marks.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace sluice {
namespace {

TEST(RedactLineMarksTest, QuietMatchesABitByBitAnswer) {
  std::mt19937 rng(3);
  LineMarks marks;
  for (int round = 0; round < 300; ++round) {
    const std::string line(1 + rng() % 400, 'x');
    uint64_t* words = marks.Words(line);
    const size_t n_words = (line.size() + 63) / 64;
    std::vector<bool> bits(n_words * 64);
    for (size_t w = 0; w < n_words; ++w) {
      words[w] = 0;
      for (int b = 0; b < 64; ++b) {
        if (rng() % 97 == 0) {
          words[w] |= uint64_t{1} << b;
          bits[w * 64 + b] = true;
        }
      }
    }
    for (int q = 0; q < 200; ++q) {
      const size_t begin = rng() % (line.size() + 1);
      const size_t end = begin + rng() % (line.size() - begin + 1);
      bool want = true;
      for (size_t i = begin; i < end; ++i) want = want && !bits[i];
      ASSERT_EQ(marks.Quiet(std::string_view(line).substr(begin, end - begin)), want)
          << begin << ".." << end;
    }
  }
}

TEST(RedactLineMarksTest, RangesOutsideTheLineAreNeverQuiet) {
  LineMarks marks;
  const std::string line(100, 'a');
  const std::string other = "elsewhere";
  EXPECT_FALSE(marks.Quiet(other));  // nothing marked yet
  uint64_t* words = marks.Words(line);
  words[0] = words[1] = 0;
  EXPECT_TRUE(marks.Quiet(line));
  EXPECT_FALSE(marks.Quiet(other));
  EXPECT_FALSE(marks.Quiet(std::string_view(line.data() + 90, 11)));  // runs past the end
  marks.Reset();
  EXPECT_FALSE(marks.Quiet(line));
}

}  // namespace
}  // namespace sluice
