// JSON metrics export: the fixed schema other tools read (the run's
// --metrics-json file, the final report).
//
// Schema, keys in this order (the last two are additions at the end):
//   {"lines_in":N,"lines_out":N,"malformed":N,"bytes_in":N,"bytes_out":N,
//    "redactions":{"RULE":N,...},            every rule, in rule id order
//    "status":{"200":N,...},                 codes seen, ascending
//    "status_class":{"1xx":N,...,"5xx":N},   always all five
//    "latency_ms":{"count":N,"sum":X,"min":X,"max":X,
//                  "p50":X,"p90":X,"p99":X,"p999":X,
//                  "by_class":{"1xx":{"count":N,"p50":X,"p99":X},...,"5xx":{...}}},
//    "malformed_by_cause":{"invalid_json":N,...},  every cause
//    "elapsed_s":X}
// Integers print as integers; other numbers in the shortest form that reads
// back to the same double. Empty histograms print 0 for every statistic
// (keys never disappear, never NaN), so a reader checks "count".
// Latency quantiles are nearest-rank, within 1% (LatencyHistogram).
//
// Why this design: hand-written, no JSON library, because the schema is
// fixed and small; functions rather than a class because there is no state.
// Tests: tests/metrics/json_metrics_writer_test.cpp (parses the output back).
#pragma once

#include <cstdio>
#include <string>

#include "metrics/metrics_report.h"

namespace sluice {

// Appends the report as one JSON object (no trailing newline) to *out.
void AppendJsonMetrics(const MetricsReport& report, std::string* out);

// Writes the object and a newline to `out`. Returns false on a write error.
bool WriteJsonMetrics(const MetricsReport& report, std::FILE* out);

}  // namespace sluice
