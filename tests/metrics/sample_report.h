// Test helper: a small, fully known MetricsReport for the exporter tests
// (json_metrics_writer_test, prometheus_writer_test, summary_writer_test).
#pragma once

#include <string>
#include <vector>

#include "metrics/metrics_report.h"

namespace sluice::testing {

// 1000 lines in, 990 out; 7 invalid_json + 3 too_long; 2 rules;
// statuses 200 x 900, 404 x 60, 503 x 30; latency 1..900 ms for the 200s,
// 2 ms for the 404s, 1.5 s for the 503s, 250 µs for 10 records with no status.
inline MetricsReport SampleReport(std::vector<std::string> rules = {"jwt", "password"}) {
  MetricsShard s(rules.size());
  s.lines_in = 1000;
  s.lines_out = 990;
  s.bytes_in = 123'456;
  s.bytes_out = 65'432;
  s.malformed[static_cast<int>(Malformed::kInvalidJson)] = 7;
  s.malformed[static_cast<int>(Malformed::kTooLong)] = 3;
  for (size_t i = 0; i < s.redactions.size(); ++i) s.redactions[i] = 11 * (i + 1);
  for (uint64_t i = 1; i <= 900; ++i) {
    s.RecordStatus(200);
    s.RecordLatency(i * 1'000'000, 200);
  }
  for (int i = 0; i < 60; ++i) {
    s.RecordStatus(404);
    s.RecordLatency(2'000'000, 404);
  }
  for (int i = 0; i < 30; ++i) {
    s.RecordStatus(503);
    s.RecordLatency(1'500'000'000, 503);
  }
  for (int i = 0; i < 10; ++i) s.RecordLatency(250'000, 0);
  return MetricsReport(std::move(s), std::move(rules), RunFacts{2.5, {"app.log"}});
}

}  // namespace sluice::testing
