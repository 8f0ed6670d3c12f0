// MetricsShard: one worker's counters (interim: counts and a latency sum until
// the histogram engine lands). Owned by one worker thread; merged on read.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/malformed.h"

namespace sluice {

class MetricsShard {
 public:
  explicit MetricsShard(size_t redaction_rules) : redactions(redaction_rules, 0) {}

  uint64_t lines_in = 0;
  uint64_t lines_out = 0;
  uint64_t bytes_in = 0;
  uint64_t bytes_out = 0;
  std::array<uint64_t, kMalformedCauses> malformed{};
  std::vector<uint64_t> redactions;
  std::array<uint64_t, 600> status{};
  uint64_t latency_count = 0;
  double latency_sum_ms = 0;

  uint64_t malformed_total() const {
    uint64_t n = 0;
    for (uint64_t m : malformed) n += m;
    return n;
  }

  void Merge(const MetricsShard& other) {
    lines_in += other.lines_in;
    lines_out += other.lines_out;
    bytes_in += other.bytes_in;
    bytes_out += other.bytes_out;
    for (int i = 0; i < kMalformedCauses; ++i) malformed[i] += other.malformed[i];
    for (size_t i = 0; i < redactions.size() && i < other.redactions.size(); ++i) {
      redactions[i] += other.redactions[i];
    }
    for (size_t i = 0; i < status.size(); ++i) status[i] += other.status[i];
    latency_count += other.latency_count;
    latency_sum_ms += other.latency_sum_ms;
  }
};

}  // namespace sluice
