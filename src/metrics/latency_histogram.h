// LatencyHistogram: a log-linear (HDR style) histogram of durations in
// nanoseconds, for latency quantiles with bounded relative error.
//
// Why this design: each power of two between 512 ns and 2^42 ns (~73 min) is
// split into 64 equal sub-buckets, so a bucket is at most 1/64 of its lower
// edge wide and its midpoint is within 1/128 (0.78%) of any value in it. That
// meets the 1% quantile error bound from 1 µs to 1 hour with 2,112 counters
// (16.5 KiB). Recording is a count-leading-zeros, two shifts and an increment:
// no atomics, no allocation. It also counts a fixed, readable set of export
// buckets (0.1 ms .. 300 s, for Prometheus `le`) exactly: a compile-time table
// maps each log-linear bucket to its export bucket, and one comparison settles
// the few log-linear buckets that straddle a bound. Values outside the range go into the end buckets;
// count, sum, min and max stay exact. Each worker owns one and they Merge on
// read (bucket-wise addition, so merging is exact).
// Thread safety: none; one writer, and readers only once the writer is done.
// Tests: tests/metrics/latency_histogram_test.cpp.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sluice {

class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 6;                    // 64 per power of two
  static constexpr int kSubBuckets = 1 << kSubBucketBits;
  static constexpr int kLowestExponent = 9;                   // 512 ns
  static constexpr int kHighestExponent = 41;                 // up to 2^42 ns
  static constexpr size_t kBucketCount =
      static_cast<size_t>(kHighestExponent - kLowestExponent + 1) * kSubBuckets;
  static constexpr uint64_t kLowestTracked = uint64_t{1} << kLowestExponent;
  static constexpr uint64_t kHighestTracked = (uint64_t{1} << (kHighestExponent + 1)) - 1;

  // Inclusive upper bounds of the export buckets, in ns: 0.1 ms .. 300 s.
  static constexpr std::array<uint64_t, 20> kExportBoundsNs = {
      100'000,       250'000,       500'000,        1'000'000,      2'500'000,
      5'000'000,     10'000'000,    25'000'000,     50'000'000,     100'000'000,
      250'000'000,   500'000'000,   1'000'000'000,  2'500'000'000,  5'000'000'000,
      10'000'000'000, 30'000'000'000, 60'000'000'000, 120'000'000'000, 300'000'000'000};
  // Export bucket b holds (bound[b-1], bound[b]]; the last one everything above.
  static constexpr size_t kExportBuckets = kExportBoundsNs.size() + 1;

  LatencyHistogram();  // allocates the bucket array once

  void Record(uint64_t ns) {
    ++count_;
    sum_ns_ += ns;
    if (ns < min_ns_) min_ns_ = ns;
    if (ns > max_ns_) max_ns_ = ns;
    size_t index = BucketIndex(ns);
    ++counts_[index];
    size_t b = kExportBucketOf[index];
    b += ns > kExportBoundsPadded[b];
    ++export_counts_[b];
  }

  // Adds other's observations to this one; the result equals one histogram
  // that recorded both streams.
  void Merge(const LatencyHistogram& other);
  void Clear();

  uint64_t count() const { return count_; }
  // Exact sum of all recorded values (128-bit: a long run cannot overflow it).
  unsigned __int128 sum_ns() const { return sum_ns_; }
  double sum_seconds() const;
  uint64_t min_ns() const { return count_ == 0 ? 0 : min_ns_; }  // 0 when empty
  uint64_t max_ns() const { return max_ns_; }                     // 0 when empty

  // Nearest-rank quantile: a representative of the first bucket whose
  // cumulative count reaches ceil(q * count) (at least 1), clamped to
  // [min, max]; rank 1 gives min and rank count gives max exactly. Within
  // 0.78% of the exact nearest-rank value for values in [512 ns, 2^42 ns).
  // 0 when empty. q is clamped to [0, 1].
  uint64_t ValueAtQuantile(double q) const;

  // Exact number of observations in export bucket b (< kExportBuckets).
  uint64_t export_bucket_count(size_t b) const { return export_counts_[b]; }

  // Bucket geometry, public for tests and exporters.
  static size_t BucketIndex(uint64_t ns) {
    if (ns < kLowestTracked) ns = kLowestTracked;
    if (ns > kHighestTracked) ns = kHighestTracked;
    int exponent = std::bit_width(ns) - 1;
    int shift = exponent - kSubBucketBits;
    return static_cast<size_t>(exponent - kLowestExponent) * kSubBuckets +
           static_cast<size_t>((ns >> shift) & (kSubBuckets - 1));
  }
  static uint64_t BucketLowerBound(size_t index);
  static uint64_t BucketWidth(size_t index);
  static uint64_t BucketRepresentative(size_t index);  // the bucket's midpoint

  uint64_t bucket_count_at(size_t index) const { return counts_[index]; }

 private:
  // kExportBoundsNs with a sentinel, so that the last export bucket never
  // moves up.
  static constexpr std::array<uint64_t, kExportBuckets> kExportBoundsPadded = [] {
    std::array<uint64_t, kExportBuckets> padded{};
    for (size_t b = 0; b < kExportBoundsNs.size(); ++b) padded[b] = kExportBoundsNs[b];
    padded[kExportBoundsNs.size()] = UINT64_MAX;
    return padded;
  }();
  // For each log-linear bucket, the export bucket of its lowest value.
  static constexpr std::array<uint8_t, kBucketCount> kExportBucketOf = [] {
    std::array<uint8_t, kBucketCount> table{};
    for (size_t i = 0; i < kBucketCount; ++i) {
      int exponent = static_cast<int>(i / kSubBuckets) + kLowestExponent;
      uint64_t lower = (kSubBuckets + i % kSubBuckets) << (exponent - kSubBucketBits);
      uint8_t b = 0;
      while (b < kExportBoundsNs.size() && kExportBoundsNs[b] < lower) ++b;
      table[i] = b;
    }
    return table;
  }();


  uint64_t count_ = 0;
  unsigned __int128 sum_ns_ = 0;
  uint64_t min_ns_ = UINT64_MAX;
  uint64_t max_ns_ = 0;
  std::vector<uint64_t> counts_;  // kBucketCount, sized at construction
  std::array<uint64_t, kExportBuckets> export_counts_{};
};

}  // namespace sluice
