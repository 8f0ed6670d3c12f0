// RecordMeasurer: per-worker field discovery and recording for one record at a
// time. The worker's record walk calls it for every scalar member; at the end of
// the record it records the status and latency it found into the worker's shard.
//
// Contract
// - One instance per worker thread; not thread-safe; allocates nothing per record.
// - path: the unescaped member keys from the record's root down to this scalar
//   ({"http", "response", "status_code"}); array elements add no key. The
//   views need to stay valid only for the duration of the call.
// - number_token: the raw JSON number text ("200", "12.5", "1e3").
// - text: an unescaped string value ("200", "45ms", "1m2.5s").
// - Each record yields at most one status and one latency: among the members
//   that FieldDiscovery matches and whose value is valid (a status is an
//   integer 100-599; a latency a non-negative duration), the highest priority
//   wins, the first seen on a tie. Rules: src/metrics/README.md.
//
// Why this design: OnNumber/OnString are inline and reject almost every member
// with a look at a string's first byte, then FieldDiscovery::MayMatch (a hash
// of the key's last six bytes in a bit filter); the candidate path (classification, value parsing) is out of line,
// and values are parsed only when they could beat the record's current best.
// Tests: tests/metrics/record_measurer_test.cpp; cost: BM_ParseRedact against
// BM_ParseRedactNoMetrics in bench/worker_bench.cpp.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "metrics/field_discovery.h"
#include "metrics/metrics_shard.h"

namespace sluice {

class RecordMeasurer {
 public:
  explicit RecordMeasurer(const FieldDiscovery* discovery);  // not owned; outlives this

  void BeginRecord() {
    status_priority_ = 0;
    latency_priority_ = 0;
  }
  void OnNumber(std::span<const std::string_view> path, std::string_view number_token) {
    if (!path.empty() && discovery_->MayMatch(path.back())) OnCandidate(path, number_token, false);
  }
  void OnString(std::span<const std::string_view> path, std::string_view text) {
    if (MayMeasure(text) && !path.empty() && discovery_->MayMatch(path.back())) {
      OnCandidate(path, text, true);
    }
  }
  // False for a string OnString would ignore whatever its key: a status or a
  // duration string starts like a number ("200", "45ms", ".5s", "+1m",
  // " 0.010, 0.003"), so most strings ("GET", "info", ids) stop at their
  // first byte. Callers may test it before building the path.
  static bool MayMeasure(std::string_view text) {
    if (text.empty()) return false;
    const char c = text.front();
    return static_cast<unsigned char>(c - '0') < 10 || c == '.' || c == '+' || c == ' ' || c == '\t';
  }
  // Records what the record held (status count, latency histograms) into *shard.
  void EndRecord(MetricsShard* shard) {
    int status = status_priority_ != 0 ? status_ : 0;
    if (status != 0) shard->RecordStatus(status);
    if (latency_priority_ != 0) shard->RecordLatency(latency_ns_, status);
  }

  // The current record's findings (for tests): 0 / false when none yet.
  int status() const { return status_priority_ != 0 ? status_ : 0; }
  bool has_latency() const { return latency_priority_ != 0; }
  uint64_t latency_ns() const { return latency_ns_; }

 private:
  void OnCandidate(std::span<const std::string_view> path, std::string_view value,
                   bool is_string);

  const FieldDiscovery* discovery_;
  uint32_t status_priority_ = 0;  // 0: no status in this record yet
  uint32_t latency_priority_ = 0;
  int status_ = 0;
  uint64_t latency_ns_ = 0;
};

}  // namespace sluice
