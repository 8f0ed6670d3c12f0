// RecordMeasurer: per-worker field discovery and recording for one record at a
// time. The worker's record walk calls it for every scalar member; at the end of
// the record it records the status and latency it found into the worker's shard.
//
// Contract
// - One instance per worker thread; not thread-safe; allocates nothing per record.
// - path: the unescaped member keys from the record's root down to this scalar
//   ({"http", "response", "status_code"}); array elements add no key.
// - number_token: the raw JSON number text ("200", "12.5", "1e3").
// - text: an unescaped string value ("200", "45ms", "1m2.5s").
// - Discovery rules (which names mean status, which mean latency and in what
//   unit) are documented in README.md ("Metrics: field discovery").
// Tests: tests/metrics/record_measurer_test.cpp.
#pragma once

#include <span>
#include <string_view>

#include "metrics/metrics_shard.h"

namespace sluice {

class RecordMeasurer {
 public:
  explicit RecordMeasurer(const FieldDiscovery* discovery);  // not owned; outlives this

  void BeginRecord();
  void OnNumber(std::span<const std::string_view> path, std::string_view number_token);
  void OnString(std::span<const std::string_view> path, std::string_view text);
  // Records what the record held (status count, latency histograms) into *shard.
  void EndRecord(MetricsShard* shard);
};

}  // namespace sluice
