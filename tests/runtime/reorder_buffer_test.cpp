// Tests for runtime/reorder_buffer.h: chunks inserted in any order within the
// window come out strictly by sequence number, across many wrap-arounds of the ring.
#include "runtime/reorder_buffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace sluice {
namespace {

ChunkPtr MakeChunk(uint64_t seq) {
  auto chunk = std::make_unique<Chunk>(8);
  chunk->seq = seq;
  return chunk;
}

TEST(ReorderBufferTest, InOrderChunksPassStraightThrough) {
  ReorderBuffer buffer(4);
  for (uint64_t i = 0; i < 20; ++i) {
    buffer.Insert(MakeChunk(i));
    ChunkPtr next = buffer.PopNext();
    ASSERT_TRUE(next);
    EXPECT_EQ(next->seq, i);
    EXPECT_EQ(buffer.PopNext(), nullptr);
  }
  EXPECT_EQ(buffer.next_seq(), 20u);
  EXPECT_EQ(buffer.pending(), 0u);
}

TEST(ReorderBufferTest, HoldsLaterChunksUntilTheNextArrives) {
  ReorderBuffer buffer(4);
  buffer.Insert(MakeChunk(3));
  buffer.Insert(MakeChunk(1));
  buffer.Insert(MakeChunk(2));
  EXPECT_EQ(buffer.PopNext(), nullptr);
  EXPECT_EQ(buffer.pending(), 3u);
  EXPECT_EQ(buffer.next_seq(), 0u);
  buffer.Insert(MakeChunk(0));
  for (uint64_t i = 0; i < 4; ++i) {
    ChunkPtr next = buffer.PopNext();
    ASSERT_TRUE(next);
    EXPECT_EQ(next->seq, i);
  }
  EXPECT_EQ(buffer.PopNext(), nullptr);
  EXPECT_EQ(buffer.pending(), 0u);
  EXPECT_EQ(buffer.next_seq(), 4u);
}

TEST(ReorderBufferTest, EveryPermutationOfAFullWindow) {
  std::vector<uint64_t> order = {0, 1, 2, 3};
  do {
    ReorderBuffer buffer(4);
    std::vector<uint64_t> out;
    for (uint64_t seq : order) {
      buffer.Insert(MakeChunk(seq));
      while (ChunkPtr next = buffer.PopNext()) out.push_back(next->seq);
    }
    EXPECT_EQ(out, (std::vector<uint64_t>{0, 1, 2, 3})) << ::testing::PrintToString(order);
  } while (std::next_permutation(order.begin(), order.end()));
}

// What the pipeline does: at most `slots` chunks are out at once (the pool),
// they finish in random order, the writer inserts each and pops what it can.
TEST(ReorderBufferTest, RandomCompletionOrderOverManyWrapArounds) {
  for (size_t slots : {1u, 2u, 3u, 8u, 17u}) {
    std::mt19937_64 rng(slots);
    ReorderBuffer buffer(slots);
    std::vector<uint64_t> in_flight;
    uint64_t issued = 0;
    uint64_t expected = 0;
    constexpr uint64_t kTotal = 5000;
    while (expected < kTotal) {
      // Issue chunks while the pool has free slots (a slot frees when popped).
      while (issued < kTotal && in_flight.size() + buffer.pending() < slots) {
        in_flight.push_back(issued++);
      }
      ASSERT_FALSE(in_flight.empty());
      std::uniform_int_distribution<size_t> pick(0, in_flight.size() - 1);
      const size_t k = pick(rng);
      const uint64_t seq = in_flight[k];
      in_flight.erase(in_flight.begin() + static_cast<std::ptrdiff_t>(k));
      buffer.Insert(MakeChunk(seq));
      while (ChunkPtr next = buffer.PopNext()) {
        ASSERT_EQ(next->seq, expected) << "slots " << slots;
        ++expected;
      }
    }
    EXPECT_EQ(buffer.pending(), 0u);
    EXPECT_EQ(buffer.next_seq(), kTotal);
  }
}

}  // namespace
}  // namespace sluice
