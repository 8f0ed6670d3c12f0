#include "core/chunk.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(ChunkTest, ResetKeepsCapacityAndClearsResults) {
  Chunk chunk(1024);
  chunk.set_size(10);
  chunk.out.assign(4000, 'x');
  chunk.dead.push_back({1, Malformed::kNotObject, 3, 0, 3, false});
  size_t out_capacity = chunk.out.capacity();
  chunk.Reset();
  EXPECT_EQ(chunk.size(), 0u);
  EXPECT_TRUE(chunk.out.empty());
  EXPECT_TRUE(chunk.dead.empty());
  EXPECT_EQ(chunk.out.capacity(), out_capacity);
  EXPECT_EQ(chunk.capacity(), 1024u);
}

}  // namespace
}  // namespace sluice
