// MetricsShard: merge and read side. Tests: tests/metrics/metrics_shard_test.cpp.
#include "metrics/metrics_shard.h"

#include <algorithm>

namespace sluice {

MetricsShard::MetricsShard(size_t redaction_rules) : redactions(redaction_rules, 0) {}

void MetricsShard::Merge(const MetricsShard& other) {
  lines_in += other.lines_in;
  lines_out += other.lines_out;
  bytes_in += other.bytes_in;
  bytes_out += other.bytes_out;
  for (int i = 0; i < kMalformedCauses; ++i) malformed[i] += other.malformed[i];
  if (redactions.size() < other.redactions.size()) redactions.resize(other.redactions.size(), 0);
  for (size_t i = 0; i < other.redactions.size(); ++i) redactions[i] += other.redactions[i];
  for (size_t i = 0; i < status_counts_.size(); ++i) status_counts_[i] += other.status_counts_[i];
  for (size_t i = 0; i < latency_by_class_.size(); ++i) {
    latency_by_class_[i].Merge(other.latency_by_class_[i]);
  }
}

uint64_t MetricsShard::status_count(int code) const {
  if (code < kFirstStatus || code > kLastStatus) return 0;
  return status_counts_[code - kFirstStatus];
}

uint64_t MetricsShard::status_class_count(int status_class) const {
  if (status_class < 1 || status_class > kStatusClasses) return 0;
  uint64_t total = 0;
  for (int code = status_class * 100; code < status_class * 100 + 100; ++code) {
    total += status_counts_[code - kFirstStatus];
  }
  return total;
}

uint64_t MetricsShard::status_total() const {
  uint64_t total = 0;
  for (uint64_t n : status_counts_) total += n;
  return total;
}

uint64_t MetricsShard::malformed_total() const {
  uint64_t total = 0;
  for (uint64_t n : malformed) total += n;
  return total;
}

LatencyHistogram MetricsShard::LatencyOverall() const {
  LatencyHistogram all;
  for (const LatencyHistogram& h : latency_by_class_) all.Merge(h);
  return all;
}

}  // namespace sluice
