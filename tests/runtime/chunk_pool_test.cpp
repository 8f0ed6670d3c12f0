// Tests for runtime/chunk_pool.h: a fixed number of chunks, recycled (same
// buffers, Reset) on release, Acquire blocking until a chunk comes back, and
// never more chunks out than the pool holds under concurrent use.
#include "runtime/chunk_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <set>
#include <thread>
#include <vector>

namespace sluice {
namespace {

using namespace std::chrono_literals;

constexpr auto kDeadline = 20s;

TEST(ChunkPoolTest, HandsOutExactlyCountChunksOfTheCapacity) {
  ChunkPool pool(3, 4096);
  EXPECT_EQ(pool.count(), 3u);
  EXPECT_EQ(pool.chunk_capacity(), 4096u);
  std::vector<ChunkPtr> taken;
  std::set<const Chunk*> distinct;
  for (int i = 0; i < 3; ++i) {
    ChunkPtr chunk = pool.AcquireFor(1s);
    ASSERT_TRUE(chunk);
    EXPECT_EQ(chunk->capacity(), 4096u);
    EXPECT_EQ(chunk->size(), 0u);
    distinct.insert(chunk.get());
    taken.push_back(std::move(chunk));
  }
  EXPECT_EQ(distinct.size(), 3u);
  EXPECT_EQ(pool.AcquireFor(5ms), nullptr) << "a fourth chunk from a pool of three";
  for (auto& chunk : taken) pool.Release(std::move(chunk));
}

TEST(ChunkPoolTest, ReleasedChunkComesBackResetWithItsBuffers) {
  ChunkPool pool(1, 1024);
  ChunkPtr chunk = pool.Acquire();
  Chunk* const identity = chunk.get();
  const char* const buffer = chunk->data();
  chunk->seq = 9;
  chunk->source = 2;
  chunk->end_of_source = true;
  chunk->oversized_line = true;
  chunk->oversized_bytes = 5000;
  chunk->set_size(100);
  chunk->line_count = 4;
  chunk->out.assign(10000, 'o');
  chunk->frame.assign(3000, 'f');
  chunk->dead.push_back({0, Malformed::kInvalidJson, 3, 0, 3, false});
  chunk->dead_text = "bad";
  const size_t out_capacity = chunk->out.capacity();
  pool.Release(std::move(chunk));

  chunk = pool.Acquire();
  ASSERT_EQ(chunk.get(), identity);
  EXPECT_EQ(chunk->data(), buffer);
  EXPECT_EQ(chunk->seq, 0u);
  EXPECT_EQ(chunk->source, 0u);
  EXPECT_FALSE(chunk->end_of_source);
  EXPECT_FALSE(chunk->oversized_line);
  EXPECT_EQ(chunk->oversized_bytes, 0u);
  EXPECT_EQ(chunk->size(), 0u);
  EXPECT_EQ(chunk->line_count, 0u);
  EXPECT_TRUE(chunk->out.empty());
  EXPECT_TRUE(chunk->frame.empty());
  EXPECT_TRUE(chunk->dead.empty());
  EXPECT_TRUE(chunk->dead_text.empty());
  EXPECT_GE(chunk->out.capacity(), out_capacity) << "recycling must keep the output buffer";
  pool.Release(std::move(chunk));
}

TEST(ChunkPoolTest, AcquireBlocksUntilAChunkIsReleased) {
  ChunkPool pool(2, 64);
  ChunkPtr a = pool.Acquire();
  ChunkPtr b = pool.Acquire();
  Chunk* const released = b.get();
  auto waiter = std::async(std::launch::async, [&] { return pool.Acquire(); });
  EXPECT_EQ(waiter.wait_for(20ms), std::future_status::timeout) << "Acquire on an empty pool returned";
  pool.Release(std::move(b));
  ASSERT_EQ(waiter.wait_for(kDeadline), std::future_status::ready);
  ChunkPtr got = waiter.get();
  EXPECT_EQ(got.get(), released);
  pool.Release(std::move(a));
  pool.Release(std::move(got));
}

TEST(ChunkPoolTest, ConcurrentUseNeverExceedsTheCount) {
  constexpr size_t kCount = 3;
  constexpr int kThreads = 6;
  constexpr int kRounds = 3000;
  ChunkPool pool(kCount, 64);
  std::atomic<int> in_use{0};
  std::atomic<int> peak{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int r = 0; r < kRounds; ++r) {
        ChunkPtr chunk = pool.Acquire();
        const int now = in_use.fetch_add(1) + 1;
        int seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {
        }
        chunk->set_size(1);
        in_use.fetch_sub(1);
        pool.Release(std::move(chunk));
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(peak.load(), static_cast<int>(kCount));
  EXPECT_GE(peak.load(), 1);
  // Every chunk came back.
  std::vector<ChunkPtr> all;
  for (size_t i = 0; i < kCount; ++i) {
    all.push_back(pool.AcquireFor(1s));
    ASSERT_TRUE(all.back());
    EXPECT_EQ(all.back()->size(), 0u);
  }
  EXPECT_EQ(pool.AcquireFor(1ms), nullptr);
  for (auto& chunk : all) pool.Release(std::move(chunk));
}

}  // namespace
}  // namespace sluice
