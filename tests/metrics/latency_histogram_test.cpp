// Tests for LatencyHistogram: quantiles within 1% of an exact nearest-rank
// computation on log-normal data spanning 1 µs .. 1 h, merge == single
// histogram, exact count/sum/min/max, clamping, and the bucket geometry.
#include "metrics/latency_histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace sluice {
namespace {

constexpr uint64_t kMicrosecond = 1'000;
constexpr uint64_t kHour = 3'600'000'000'000;

uint64_t ExactNearestRank(const std::vector<uint64_t>& sorted, double q) {
  uint64_t rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(sorted.size())));
  if (rank < 1) rank = 1;
  return sorted[rank - 1];
}

// Log-normal around 20 ms with a wide spread, clipped to [1 µs, 1 h].
std::vector<uint64_t> LogNormalSample(size_t n, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> dist(std::log(20e6), 3.0);
  std::vector<uint64_t> values;
  values.reserve(n);
  while (values.size() < n) {
    double v = dist(rng);
    if (v < kMicrosecond || v > kHour) continue;
    values.push_back(static_cast<uint64_t>(v));
  }
  return values;
}

TEST(LatencyHistogramTest, QuantilesWithinOnePercentOfExact) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    std::vector<uint64_t> values = LogNormalSample(200'000, seed);
    LatencyHistogram h;
    for (uint64_t v : values) h.Record(v);
    std::sort(values.begin(), values.end());
    ASSERT_LT(values.front(), 10 * kMicrosecond);  // the sample covers the range
    ASSERT_GT(values.back(), kHour / 4);
    for (double q : {0.0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 0.9999, 1.0}) {
      double exact = static_cast<double>(ExactNearestRank(values, q));
      double got = static_cast<double>(h.ValueAtQuantile(q));
      EXPECT_LE(std::abs(got - exact) / exact, 0.01) << "q=" << q << " seed=" << seed;
    }
  }
}

TEST(LatencyHistogramTest, EveryValueInRangeIsWithinBucketError) {
  // The representative of the bucket a value falls in is within 1/128 of it.
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> exponent(std::log(1e3), std::log(3.6e12));
  for (int i = 0; i < 100'000; ++i) {
    uint64_t v = static_cast<uint64_t>(std::exp(exponent(rng)));
    size_t b = LatencyHistogram::BucketIndex(v);
    ASSERT_LT(b, LatencyHistogram::kBucketCount);
    ASSERT_GE(v, LatencyHistogram::BucketLowerBound(b));
    ASSERT_LT(v, LatencyHistogram::BucketLowerBound(b) + LatencyHistogram::BucketWidth(b));
    double rep = static_cast<double>(LatencyHistogram::BucketRepresentative(b));
    ASSERT_LE(std::abs(rep - static_cast<double>(v)) / static_cast<double>(v), 1.0 / 128 + 1e-9);
  }
}

TEST(LatencyHistogramTest, BucketsAreContiguous) {
  for (size_t b = 0; b + 1 < LatencyHistogram::kBucketCount; ++b) {
    ASSERT_EQ(LatencyHistogram::BucketLowerBound(b) + LatencyHistogram::BucketWidth(b),
              LatencyHistogram::BucketLowerBound(b + 1));
    ASSERT_EQ(LatencyHistogram::BucketIndex(LatencyHistogram::BucketLowerBound(b)), b);
  }
  EXPECT_EQ(LatencyHistogram::BucketLowerBound(0), LatencyHistogram::kLowestTracked);
  size_t last = LatencyHistogram::kBucketCount - 1;
  EXPECT_EQ(LatencyHistogram::BucketLowerBound(last) + LatencyHistogram::BucketWidth(last) - 1,
            LatencyHistogram::kHighestTracked);
  EXPECT_GT(LatencyHistogram::kHighestTracked, kHour);
  EXPECT_LT(LatencyHistogram::kLowestTracked, kMicrosecond);
}

TEST(LatencyHistogramTest, MergeEqualsSingle) {
  std::vector<uint64_t> values = LogNormalSample(50'000, 11);
  LatencyHistogram single, a, b, c;
  for (size_t i = 0; i < values.size(); ++i) {
    single.Record(values[i]);
    (i % 3 == 0 ? a : i % 3 == 1 ? b : c).Record(values[i]);
  }
  LatencyHistogram merged;
  merged.Merge(a);
  merged.Merge(b);
  merged.Merge(c);
  EXPECT_EQ(merged.count(), single.count());
  EXPECT_TRUE(merged.sum_ns() == single.sum_ns());
  EXPECT_EQ(merged.min_ns(), single.min_ns());
  EXPECT_EQ(merged.max_ns(), single.max_ns());
  for (size_t i = 0; i < LatencyHistogram::kBucketCount; ++i) {
    ASSERT_EQ(merged.bucket_count_at(i), single.bucket_count_at(i)) << i;
  }
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    EXPECT_EQ(merged.ValueAtQuantile(q), single.ValueAtQuantile(q));
  }
  // Merging an empty histogram changes nothing.
  merged.Merge(LatencyHistogram());
  EXPECT_EQ(merged.min_ns(), single.min_ns());
  EXPECT_EQ(merged.count(), single.count());
}

TEST(LatencyHistogramTest, ExactCountSumMinMaxAndClamping) {
  LatencyHistogram h;
  h.Record(0);                   // below the range: first bucket
  h.Record(5 * kHour);           // above it: last bucket
  h.Record(12'345'678);
  EXPECT_EQ(h.count(), 3u);
  EXPECT_TRUE(h.sum_ns() == static_cast<unsigned __int128>(5 * kHour + 12'345'678));
  EXPECT_EQ(h.min_ns(), 0u);
  EXPECT_EQ(h.max_ns(), 5 * kHour);
  EXPECT_EQ(h.bucket_count_at(0), 1u);
  EXPECT_EQ(h.bucket_count_at(LatencyHistogram::kBucketCount - 1), 1u);
  // Quantiles are clamped to [min, max], so the ends are exact.
  EXPECT_EQ(h.ValueAtQuantile(0.0), 0u);
  EXPECT_EQ(h.ValueAtQuantile(1.0), 5 * kHour);
  EXPECT_NEAR(static_cast<double>(h.ValueAtQuantile(0.5)), 12'345'678.0, 12'345'678.0 / 128);
}

TEST(LatencyHistogramTest, SumDoesNotOverflowOnLongRuns) {
  LatencyHistogram h;
  for (int i = 0; i < 10; ++i) h.Record(UINT64_MAX / 2);
  EXPECT_TRUE(h.sum_ns() == static_cast<unsigned __int128>(UINT64_MAX / 2) * 10);
  EXPECT_NEAR(h.sum_seconds(), 10.0 * static_cast<double>(UINT64_MAX / 2) / 1e9, 1e3);
}

TEST(LatencyHistogramTest, EmptyAndSingleValue) {
  LatencyHistogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.min_ns(), 0u);
  EXPECT_EQ(h.max_ns(), 0u);
  EXPECT_EQ(h.ValueAtQuantile(0.5), 0u);
  h.Record(777'777);
  for (double q : {0.0, 0.5, 1.0}) EXPECT_EQ(h.ValueAtQuantile(q), 777'777u);
  h.Clear();
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.bucket_count_at(LatencyHistogram::BucketIndex(777'777)), 0u);
}

TEST(LatencyHistogramTest, NearestRankOnSmallSets) {
  LatencyHistogram h;
  for (uint64_t ms : {10, 20, 30, 40, 50, 60, 70, 80, 90, 100}) h.Record(ms * 1'000'000);
  // Nearest rank: p50 of ten values is the 5th, p90 the 9th, p99 the 10th.
  EXPECT_NEAR(static_cast<double>(h.ValueAtQuantile(0.5)), 50e6, 50e6 * 0.01);
  EXPECT_NEAR(static_cast<double>(h.ValueAtQuantile(0.9)), 90e6, 90e6 * 0.01);
  EXPECT_EQ(h.ValueAtQuantile(0.99), 100'000'000u);
  EXPECT_EQ(h.ValueAtQuantile(0.0), 10'000'000u);
}

TEST(LatencyHistogramTest, ExportBucketsAreExact) {
  LatencyHistogram h;
  // Values on, just above and just below every bound, plus both ends.
  std::vector<uint64_t> values = {0, 1, UINT64_MAX / 4};
  for (uint64_t bound : LatencyHistogram::kExportBoundsNs) {
    values.insert(values.end(), {bound - 1, bound, bound + 1});
  }
  for (uint64_t v : LogNormalSample(20'000, 9)) values.push_back(v);
  for (uint64_t v : values) h.Record(v);
  const auto& bounds = LatencyHistogram::kExportBoundsNs;
  for (size_t b = 0; b < LatencyHistogram::kExportBuckets; ++b) {
    uint64_t expected = 0;
    for (uint64_t v : values) {
      bool above_previous = b == 0 || v > bounds[b - 1];
      bool within = b == bounds.size() || v <= bounds[b];
      expected += above_previous && within;
    }
    EXPECT_EQ(h.export_bucket_count(b), expected) << "export bucket " << b;
  }
  LatencyHistogram twice;
  twice.Merge(h);
  twice.Merge(h);
  EXPECT_EQ(twice.export_bucket_count(9), 2 * h.export_bucket_count(9));
}

}  // namespace
}  // namespace sluice
