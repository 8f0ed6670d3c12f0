// Tests for runtime/chunk_queue.h: FIFO per producer, null end markers, timed
// pops, a blocked consumer woken by a push, and exactly-once delivery with many
// producers and consumers.
#include "runtime/chunk_queue.h"

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

// Generous: only reached when something is broken.
constexpr auto kDeadline = 20s;

ChunkPtr MakeChunk(uint64_t seq, uint32_t source = 0) {
  auto chunk = std::make_unique<Chunk>(16);
  chunk->seq = seq;
  chunk->source = source;
  return chunk;
}

TEST(ChunkQueueTest, OneProducerIsFirstInFirstOut) {
  ChunkQueue queue;
  for (uint64_t i = 0; i < 100; ++i) queue.Push(MakeChunk(i));
  EXPECT_EQ(queue.ApproxSize(), 100u);
  for (uint64_t i = 0; i < 100; ++i) {
    ChunkPtr chunk = queue.Pop();
    ASSERT_TRUE(chunk);
    EXPECT_EQ(chunk->seq, i);
  }
  EXPECT_EQ(queue.ApproxSize(), 0u);
}

TEST(ChunkQueueTest, NullIsAnItemLikeAnyOther) {
  ChunkQueue queue;
  queue.Push(MakeChunk(1));
  queue.Push(nullptr);
  queue.Push(MakeChunk(2));
  EXPECT_EQ(queue.Pop()->seq, 1u);
  EXPECT_EQ(queue.Pop(), nullptr);
  EXPECT_EQ(queue.Pop()->seq, 2u);
}

TEST(ChunkQueueTest, PopForTimesOutOnAnEmptyQueue) {
  ChunkQueue queue;
  ChunkPtr chunk = MakeChunk(7);
  EXPECT_FALSE(queue.PopFor(1ms, &chunk));
  ASSERT_TRUE(chunk) << "a timed-out pop must leave its output alone";
  EXPECT_EQ(chunk->seq, 7u);
}

TEST(ChunkQueueTest, PopForReturnsQueuedItemsIncludingNull) {
  ChunkQueue queue;
  queue.Push(MakeChunk(3));
  queue.Push(nullptr);
  ChunkPtr chunk;
  ASSERT_TRUE(queue.PopFor(1s, &chunk));
  ASSERT_TRUE(chunk);
  EXPECT_EQ(chunk->seq, 3u);
  ASSERT_TRUE(queue.PopFor(1s, &chunk));
  EXPECT_EQ(chunk, nullptr);
}

TEST(ChunkQueueTest, BlockedConsumerWakesOnPush) {
  ChunkQueue queue;
  auto popped = std::async(std::launch::async, [&] { return queue.Pop(); });
  // The consumer has nothing to take: it must still be waiting.
  EXPECT_EQ(popped.wait_for(20ms), std::future_status::timeout);
  queue.Push(MakeChunk(42));
  ASSERT_EQ(popped.wait_for(kDeadline), std::future_status::ready);
  ChunkPtr chunk = popped.get();
  ASSERT_TRUE(chunk);
  EXPECT_EQ(chunk->seq, 42u);
}

TEST(ChunkQueueTest, ManyProducersManyConsumersDeliverEachChunkOnce) {
  constexpr int kProducers = 4;
  constexpr int kConsumers = 3;
  constexpr uint64_t kPerProducer = 5000;
  constexpr uint64_t kTotal = kProducers * kPerProducer;
  ChunkQueue queue;
  // No end markers here: order holds only per producer, so a marker pushed by
  // another thread could overtake chunks. Consumers stop when all are taken.
  std::atomic<uint64_t> taken{0};
  std::vector<std::future<std::vector<ChunkPtr>>> consumers;
  for (int c = 0; c < kConsumers; ++c) {
    consumers.push_back(std::async(std::launch::async, [&] {
      std::vector<ChunkPtr> got;
      const auto deadline = std::chrono::steady_clock::now() + kDeadline;
      while (taken.load() < kTotal && std::chrono::steady_clock::now() < deadline) {
        ChunkPtr chunk;
        if (queue.PopFor(1ms, &chunk)) {
          got.push_back(std::move(chunk));
          taken.fetch_add(1);
        }
      }
      return got;
    }));
  }
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (uint64_t i = 0; i < kPerProducer; ++i) queue.Push(MakeChunk(i, static_cast<uint32_t>(p)));
    });
  }
  for (auto& t : producers) t.join();

  std::set<std::pair<uint32_t, uint64_t>> seen;
  size_t total = 0;
  for (auto& f : consumers) {
    for (const ChunkPtr& chunk : f.get()) {
      ASSERT_TRUE(chunk);
      ++total;
      EXPECT_TRUE(seen.insert({chunk->source, chunk->seq}).second)
          << "delivered twice: " << chunk->source << "/" << chunk->seq;
    }
  }
  EXPECT_EQ(total, kTotal);
  EXPECT_EQ(seen.size(), kTotal);
  EXPECT_EQ(queue.ApproxSize(), 0u);
}

// The pipeline's protocol: one thread pushes its chunks and then one null per
// consumer; every consumer stops at a null, and no chunk is left behind.
TEST(ChunkQueueTest, EndMarkersFromTheProducerComeAfterItsChunks) {
  constexpr int kConsumers = 4;
  constexpr uint64_t kChunks = 20000;
  for (int round = 0; round < 20; ++round) {
    ChunkQueue queue;
    std::vector<std::future<uint64_t>> consumers;
    for (int c = 0; c < kConsumers; ++c) {
      consumers.push_back(std::async(std::launch::async, [&] {
        uint64_t got = 0;
        while (ChunkPtr chunk = queue.Pop()) ++got;
        return got;
      }));
    }
    std::thread producer([&] {
      for (uint64_t i = 0; i < kChunks; ++i) queue.Push(MakeChunk(i));
      for (int c = 0; c < kConsumers; ++c) queue.Push(nullptr);
    });
    producer.join();
    uint64_t total = 0;
    for (auto& f : consumers) {
      ASSERT_EQ(f.wait_for(kDeadline), std::future_status::ready);
      total += f.get();
    }
    ASSERT_EQ(total, kChunks) << "round " << round;
    EXPECT_EQ(queue.ApproxSize(), 0u);
  }
}

TEST(ChunkQueueTest, OneConsumerSeesEachProducersChunksInOrder) {
  constexpr int kProducers = 3;
  constexpr uint64_t kPerProducer = 5000;
  ChunkQueue queue;
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (uint64_t i = 0; i < kPerProducer; ++i) queue.Push(MakeChunk(i, static_cast<uint32_t>(p)));
      queue.Push(nullptr);
    });
  }
  std::vector<uint64_t> next(kProducers, 0);
  int ended = 0;
  while (ended < kProducers) {
    ChunkPtr chunk = queue.Pop();
    if (!chunk) {
      ++ended;
      continue;
    }
    ASSERT_EQ(chunk->seq, next[chunk->source]) << "producer " << chunk->source;
    ++next[chunk->source];
  }
  for (auto& t : producers) t.join();
  for (uint64_t n : next) EXPECT_EQ(n, kPerProducer);
}

}  // namespace
}  // namespace sluice
