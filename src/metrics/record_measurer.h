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
// of the key's last six bytes in a bit filter); the candidate path
// (classification, value parsing) is out of line, and values are parsed only
// when they could beat the record's current best. Candidates up to three keys
// deep keep their classification in a small per-worker table indexed by the
// filter's hash and checked with fixed-size loads, so a repeated path skips
// Classify.
// Tests: tests/metrics/record_measurer_test.cpp; cost: BM_ParseRedact against
// BM_ParseRedactNoMetrics in bench/worker_bench.cpp.
#pragma once

#include <array>
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
    uint32_t hash;
    if (!path.empty() && discovery_->MayMatch(path.back(), &hash)) {
      OnCandidate(path, hash, number_token, false);
    }
  }
  // Strings that fail MayMeasure are never a status or a duration: callers
  // on the hot path skip them before building the path.
  void OnString(std::span<const std::string_view> path, std::string_view text) {
    uint32_t hash;
    if (!path.empty() && discovery_->MayMatch(path.back(), &hash)) {
      OnCandidate(path, hash, text, true);
    }
  }
  // False for a string OnString would ignore whatever its key: a status or a
  // duration string starts with a digit, '.', '+', a space or a tab ("200",
  // "45ms", ".5s", "+1m", " 0.010, 0.003"), so most strings ("GET", "info",
  // "/api/v1/users", ids) stop at their first byte.
  static bool MayMeasure(std::string_view text) {
    constexpr uint64_t kFirstBytes = (uint64_t{0x3FF} << '0') | (uint64_t{1} << '.') |
                                     (uint64_t{1} << '+') | (uint64_t{1} << ' ') |
                                     (uint64_t{1} << '\t');
    if (text.empty()) return false;
    const auto c = static_cast<unsigned char>(text.front());
    return c < 64 && ((kFirstBytes >> c) & 1) != 0;
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
  // hash: FieldDiscovery's filter hash of the last key.
  void OnCandidate(std::span<const std::string_view> path, uint32_t hash, std::string_view value,
                   bool is_string);
  // FieldDiscovery::Classify, remembered for members up to
  // kMaxRememberedDepth keys deep (whose answer depends on those keys alone):
  // a service writes the same few status and latency paths on every line.
  FieldMatch ClassifyRemembered(std::span<const std::string_view> path, uint32_t hash);

  static constexpr size_t kMaxRememberedKeyBytes = 32;
  static constexpr size_t kMaxRememberedDepth = 3;
  static constexpr size_t kRememberedSlots = 256;
  // A path of up to kMaxRememberedDepth keys of up to kMaxRememberedKeyBytes
  // each, and what Classify said of it.
  struct Remembered {
    uint64_t words[kMaxRememberedDepth][4] = {};  // KeyWords of each key
    uint8_t sizes[kMaxRememberedDepth] = {};
    uint8_t depth = 0;  // 0: empty slot
    FieldMatch match;
  };

  const FieldDiscovery* discovery_;
  std::array<Remembered, kRememberedSlots> remembered_{};  // by the filter hash
  uint32_t status_priority_ = 0;  // 0: no status in this record yet
  uint32_t latency_priority_ = 0;
  int status_ = 0;
  uint64_t latency_ns_ = 0;
};

}  // namespace sluice
