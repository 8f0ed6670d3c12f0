// Tests for runtime/pipeline.h: output order equals input order with many
// workers whose per-chunk cost varies at random (busy work, no sleeping); a
// bounded number of chunks in flight; a failing sink stops the reader and Run
// returns; RequestStop from another thread ends the run with every chunk read
// also written.
#include "runtime/pipeline.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace sluice {
namespace {

using namespace std::chrono_literals;

constexpr auto kDeadline = 60s;

// Runs `run` and fails the whole program if it does not return in time: a hung
// pipeline must show up as a failure, not as a test that never ends.
template <class F>
auto WithDeadline(F run) {
  auto future = std::async(std::launch::async, std::move(run));
  if (future.wait_for(kDeadline) != std::future_status::ready) {
    std::fprintf(stderr, "Pipeline::Run did not return within the deadline\n");
    std::abort();
  }
  return future.get();
}

std::string ChunkText(uint64_t index) {
  std::string text;
  for (int line = 0; line < 3; ++line) {
    text += "chunk " + std::to_string(index) + " line " + std::to_string(line) + "\n";
  }
  return text;
}

constexpr uint64_t kEndless = UINT64_MAX;

// Fills `limit` chunks (kEndless: never ends) with numbered text.
class CountingSource : public ChunkSource {
 public:
  explicit CountingSource(uint64_t limit) : limit_(limit) {}
  bool Fill(Chunk* chunk) override {
    if (filled_ >= limit_) return false;
    const std::string text = ChunkText(filled_);
    if (text.size() > chunk->capacity()) return false;
    std::memcpy(chunk->data(), text.data(), text.size());
    chunk->set_size(text.size());
    filled_.fetch_add(1);
    return true;
  }
  uint64_t filled() const { return filled_.load(); }

 private:
  uint64_t limit_;
  std::atomic<uint64_t> filled_{0};
};

std::atomic<uint64_t> g_busy_sink{0};

// CPU work whose amount depends on the chunk: chunks finish out of order.
class BusyWorker : public ChunkWorker {
 public:
  explicit BusyWorker(uint64_t max_iterations) : max_iterations_(max_iterations) {}
  void Process(Chunk* chunk) override {
    uint64_t x = chunk->seq * 0x9E3779B97F4A7C15ull + 1;
    x ^= x >> 29;
    const uint64_t iterations = max_iterations_ ? x % max_iterations_ : 0;
    for (uint64_t i = 0; i < iterations; ++i) x = x * 6364136223846793005ull + 1442695040888963407ull;
    g_busy_sink.fetch_xor(x, std::memory_order_relaxed);
    chunk->out.assign(chunk->data(), chunk->size());
    chunk->line_count = 3;
    ++processed_;
  }
  uint64_t processed() const { return processed_; }

 private:
  uint64_t max_iterations_;
  uint64_t processed_ = 0;
};

// Keeps what it is given; fails on write number `fail_at` (1-based) when set.
class RecordingSink : public ChunkSink {
 public:
  explicit RecordingSink(uint64_t fail_at = 0) : fail_at_(fail_at) {}
  bool Write(const Chunk& chunk) override {
    seqs.push_back(chunk.seq);
    text += chunk.out;
    if (on_write) on_write(seqs.size());
    if (fail_at_ && seqs.size() == fail_at_) {
      error_ = "disk full";
      return false;
    }
    return true;
  }
  const std::string& error() const override { return error_; }

  std::vector<uint64_t> seqs;
  std::string text;
  std::function<void(size_t)> on_write;

 private:
  uint64_t fail_at_;
  std::string error_;
};

struct OrderCase {
  int workers;
  size_t chunks_in_flight;  // 0: the default
  uint64_t chunks;
};

void PrintTo(const OrderCase& c, std::ostream* os) {
  *os << c.workers << " workers, " << c.chunks_in_flight << " in flight, " << c.chunks << " chunks";
}

class PipelineOrderTest : public ::testing::TestWithParam<OrderCase> {};

TEST_P(PipelineOrderTest, OutputOrderEqualsInputOrder) {
  const OrderCase& c = GetParam();
  CountingSource source(c.chunks);
  std::vector<std::unique_ptr<BusyWorker>> workers;
  std::vector<ChunkWorker*> worker_ptrs;
  for (int i = 0; i < c.workers; ++i) {
    workers.push_back(std::make_unique<BusyWorker>(200000));
    worker_ptrs.push_back(workers.back().get());
  }
  RecordingSink sink;
  PipelineOptions options;
  options.chunk_capacity = 256;
  options.chunks_in_flight = c.chunks_in_flight;
  Pipeline pipeline(options);
  PipelineResult result = WithDeadline([&] { return pipeline.Run(&source, worker_ptrs, &sink); });

  EXPECT_FALSE(result.sink_failed);
  EXPECT_EQ(result.chunks, c.chunks);
  ASSERT_EQ(sink.seqs.size(), c.chunks);
  for (uint64_t i = 0; i < c.chunks; ++i) ASSERT_EQ(sink.seqs[i], i);
  std::string expected;
  for (uint64_t i = 0; i < c.chunks; ++i) expected += ChunkText(i);
  EXPECT_EQ(sink.text, expected);
  uint64_t processed = 0;
  for (const auto& w : workers) processed += w->processed();
  EXPECT_EQ(processed, c.chunks);
}

INSTANTIATE_TEST_SUITE_P(Workers, PipelineOrderTest,
                         ::testing::Values(OrderCase{1, 0, 300}, OrderCase{2, 0, 500},
                                           OrderCase{8, 0, 1000}, OrderCase{8, 2, 400},
                                           OrderCase{16, 5, 800}, OrderCase{3, 0, 0}),
                         [](const auto& info) {
                           return std::to_string(info.param.workers) + "Workers" +
                                  std::to_string(info.param.chunks_in_flight) + "InFlight" +
                                  std::to_string(info.param.chunks) + "Chunks";
                         });

TEST(PipelineTest, NeverMoreChunksInFlightThanThePool) {
  // Chunks in flight = filled but not yet written; the source and sink count them.
  constexpr size_t kInFlight = 3;
  std::atomic<int> live{0};
  std::atomic<int> peak{0};
  class Source : public CountingSource {
   public:
    Source(std::atomic<int>* live, std::atomic<int>* peak) : CountingSource(2000), live_(live), peak_(peak) {}
    bool Fill(Chunk* chunk) override {
      if (!CountingSource::Fill(chunk)) return false;
      const int now = live_->fetch_add(1) + 1;
      int seen = peak_->load();
      while (now > seen && !peak_->compare_exchange_weak(seen, now)) {
      }
      return true;
    }
    std::atomic<int>* live_;
    std::atomic<int>* peak_;
  } source(&live, &peak);
  BusyWorker w1(20000), w2(20000), w3(20000), w4(20000);
  ChunkWorker* workers[] = {&w1, &w2, &w3, &w4};
  RecordingSink sink;
  sink.on_write = [&](size_t) { live.fetch_sub(1); };
  PipelineOptions options;
  options.chunk_capacity = 256;
  options.chunks_in_flight = kInFlight;
  Pipeline pipeline(options);
  PipelineResult result = WithDeadline([&] { return pipeline.Run(&source, workers, &sink); });
  EXPECT_EQ(result.chunks, 2000u);
  EXPECT_LE(peak.load(), static_cast<int>(kInFlight));
  EXPECT_EQ(live.load(), 0);
}

TEST(PipelineTest, SinkFailureStopsTheReaderAndRunReturns) {
  constexpr uint64_t kFailAt = 10;
  constexpr size_t kInFlight = 6;
  CountingSource source(kEndless);
  BusyWorker w1(50000), w2(50000), w3(50000);
  ChunkWorker* workers[] = {&w1, &w2, &w3};
  RecordingSink sink(kFailAt);
  PipelineOptions options;
  options.chunk_capacity = 256;
  options.chunks_in_flight = kInFlight;
  Pipeline pipeline(options);
  PipelineResult result = WithDeadline([&] { return pipeline.Run(&source, workers, &sink); });

  EXPECT_TRUE(result.sink_failed);
  EXPECT_TRUE(pipeline.stop_requested());
  EXPECT_EQ(sink.seqs.size(), kFailAt) << "the sink was written after it failed";
  for (uint64_t i = 0; i < sink.seqs.size(); ++i) EXPECT_EQ(sink.seqs[i], i);
  // The reader stopped soon after the failure: at most a pool's worth more.
  EXPECT_LE(source.filled(), kFailAt + kInFlight);
  // Every chunk read was drained (and recycled).
  EXPECT_EQ(result.chunks, source.filled());
}

TEST(PipelineTest, RequestStopEndsTheRunWithEverythingReadWritten) {
  CountingSource source(kEndless);
  BusyWorker w1(1000), w2(1000);
  ChunkWorker* workers[] = {&w1, &w2};
  RecordingSink sink;
  Pipeline pipeline(PipelineOptions{256, 4});
  // The writer thread asks to stop (as a signal handler would) after 50 chunks.
  sink.on_write = [&](size_t written) {
    if (written == 50) pipeline.RequestStop();
  };
  PipelineResult result = WithDeadline([&] { return pipeline.Run(&source, workers, &sink); });

  EXPECT_FALSE(result.sink_failed);
  EXPECT_GE(sink.seqs.size(), 50u);
  EXPECT_EQ(sink.seqs.size(), source.filled()) << "a chunk was read but not written";
  EXPECT_EQ(result.chunks, source.filled());
  std::string expected;
  for (uint64_t i = 0; i < sink.seqs.size(); ++i) {
    ASSERT_EQ(sink.seqs[i], i);
    expected += ChunkText(i);
  }
  EXPECT_EQ(sink.text, expected);
}

TEST(PipelineTest, StopRequestedBeforeRunReadsNothing) {
  CountingSource source(100);
  BusyWorker w1(0);
  ChunkWorker* workers[] = {&w1};
  RecordingSink sink;
  Pipeline pipeline(PipelineOptions{256, 0});
  pipeline.RequestStop();
  PipelineResult result = WithDeadline([&] { return pipeline.Run(&source, workers, &sink); });
  EXPECT_EQ(result.chunks, 0u);
  EXPECT_EQ(source.filled(), 0u);
  EXPECT_TRUE(sink.seqs.empty());
}

}  // namespace
}  // namespace sluice
