// MetricsShard: one worker's counters and latency histograms.
//
// Why this design: every worker owns a shard and updates it with plain
// (non-atomic) increments, so the hot path takes no lock and shares no cache
// line; shards are combined on the reading thread with Merge(), as DuckDB's
// per-thread Sink/Combine. Latency is kept per status class plus one
// histogram for records without a status; the overall histogram is their
// merge (MetricsReport does it once), so each record touches one histogram.
//
// Thread safety: a shard is written by its worker only. Merge() and the
// getters may read it only when that worker is not writing (after the run,
// or on a copy the worker hands over).
// Allocation: the constructor allocates everything (about 110 KiB); the
// Record* calls allocate nothing.
// Tests: tests/metrics/metrics_shard_test.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/malformed.h"
#include "metrics/latency_histogram.h"

namespace sluice {

class MetricsShard {
 public:
  static constexpr int kFirstStatus = 100;
  static constexpr int kLastStatus = 599;
  static constexpr int kStatusClasses = 5;  // 1xx .. 5xx
  // Index into the per-class histograms: 0 = no status, 1..5 = 1xx..5xx.
  static constexpr int kNoStatusClass = 0;

  // redaction_rules: the size of `redactions` (rule ids 0..n-1).
  explicit MetricsShard(size_t redaction_rules);

  // Counters the worker increments directly.
  uint64_t lines_in = 0;
  uint64_t lines_out = 0;
  uint64_t bytes_in = 0;
  uint64_t bytes_out = 0;
  std::array<uint64_t, kMalformedCauses> malformed{};  // indexed by Malformed
  std::vector<uint64_t> redactions;                    // indexed by redaction rule id

  // code must be in [kFirstStatus, kLastStatus] (RecordMeasurer ensures it).
  void RecordStatus(int code) { ++status_counts_[code - kFirstStatus]; }
  // status_code: the record's status, or 0 when it has none.
  void RecordLatency(uint64_t ns, int status_code) {
    latency_by_class_[status_code / 100].Record(ns);
  }

  // Adds other's counts; `redactions` grows to the longer of the two.
  void Merge(const MetricsShard& other);

  uint64_t status_count(int code) const;  // 0 outside [100, 599]
  uint64_t status_class_count(int status_class) const;  // class 1..5
  uint64_t status_total() const;                        // records with a status
  uint64_t malformed_total() const;
  // Latency of records in status class 1..5, or kNoStatusClass.
  const LatencyHistogram& latency_for_class(int status_class) const {
    return latency_by_class_[status_class];
  }
  // All latencies: the merge of the per-class histograms (allocates).
  LatencyHistogram LatencyOverall() const;

 private:
  std::array<uint64_t, kLastStatus - kFirstStatus + 1> status_counts_{};
  std::array<LatencyHistogram, kStatusClasses + 1> latency_by_class_;
};

}  // namespace sluice
