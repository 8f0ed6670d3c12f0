// LatencyHistogram: the read side (merge, quantiles, exporter buckets). The
// recording path is inline in the header. Tests:
// tests/metrics/latency_histogram_test.cpp.
#include "metrics/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace sluice {

LatencyHistogram::LatencyHistogram() : counts_(kBucketCount, 0) {}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  count_ += other.count_;
  sum_ns_ += other.sum_ns_;
  min_ns_ = std::min(min_ns_, other.min_ns_);
  max_ns_ = std::max(max_ns_, other.max_ns_);
  for (size_t i = 0; i < kBucketCount; ++i) counts_[i] += other.counts_[i];
  for (size_t b = 0; b < kExportBuckets; ++b) export_counts_[b] += other.export_counts_[b];
}

void LatencyHistogram::Clear() {
  count_ = 0;
  sum_ns_ = 0;
  min_ns_ = UINT64_MAX;
  max_ns_ = 0;
  std::fill(counts_.begin(), counts_.end(), 0);
  export_counts_.fill(0);
}

double LatencyHistogram::sum_seconds() const {
  return static_cast<double>(sum_ns_) / 1e9;
}

uint64_t LatencyHistogram::BucketLowerBound(size_t index) {
  int exponent = static_cast<int>(index / kSubBuckets) + kLowestExponent;
  uint64_t sub = index % kSubBuckets;
  return (kSubBuckets + sub) << (exponent - kSubBucketBits);
}

uint64_t LatencyHistogram::BucketWidth(size_t index) {
  int exponent = static_cast<int>(index / kSubBuckets) + kLowestExponent;
  return uint64_t{1} << (exponent - kSubBucketBits);
}

uint64_t LatencyHistogram::BucketRepresentative(size_t index) {
  return BucketLowerBound(index) + BucketWidth(index) / 2;
}

uint64_t LatencyHistogram::ValueAtQuantile(double q) const {
  if (count_ == 0) return 0;
  if (!(q > 0.0)) q = 0.0;  // also NaN
  if (q > 1.0) q = 1.0;
  double exact_rank = std::ceil(q * static_cast<double>(count_));
  uint64_t rank = exact_rank < 1.0 ? 1 : static_cast<uint64_t>(exact_rank);
  if (rank > count_) rank = count_;
  if (rank == 1) return min_ns_;  // the ends are known exactly
  if (rank == count_) return max_ns_;
  uint64_t seen = 0;
  for (size_t i = 0; i < kBucketCount; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::clamp(BucketRepresentative(i), min_ns_, max_ns_);
  }
  return max_ns_;  // unreachable while counts_ sums to count_
}

}  // namespace sluice
