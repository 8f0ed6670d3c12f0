// Prometheus text exposition (format 0.0.4) of a MetricsReport, for the
// --metrics-prom file and, later, the /metrics endpoint.
//
// Families (names follow sluice_<what>_<unit>_total; few label values):
//   sluice_lines_in_total, sluice_lines_out_total               counter
//   sluice_malformed_lines_total{cause}                         counter, every cause
//   sluice_input_bytes_total, sluice_output_bytes_total         counter
//   sluice_redactions_total{rule}                               counter, every rule
//   sluice_http_responses_total{class,code}                     counter, codes seen
//   sluice_request_duration_seconds{class}                      histogram
// `class` is "1xx".."5xx", or "none" for records with a latency but no status,
// so sum without(class) gives every latency and sum by(class) of the
// responses gives the per-class counts. Histogram series appear for classes
// with observations. Buckets: PrometheusBucketBounds() (0.0001 s .. 300 s,
// LatencyHistogram::kExportBoundsNs), +Inf, _sum and _count, all exact (the
// histogram counts its export buckets exactly; `le` is inclusive).
//
// Why this design: plain text appended to a string, no client library; the
// output is checked by `promtool check metrics` in the tests.
// Tests: tests/metrics/prometheus_writer_test.cpp.
#pragma once

#include <cstdio>
#include <span>
#include <string>
#include <string_view>

#include "metrics/metrics_report.h"

namespace sluice {

struct PrometheusBucketBound {
  std::string_view le;  // as printed: "0.0001", "2.5", "300"
  uint64_t ns;
};

// The fixed `le` bounds of sluice_request_duration_seconds.
std::span<const PrometheusBucketBound> PrometheusBucketBounds();

void AppendPrometheusMetrics(const MetricsReport& report, std::string* out);

// Returns false on a write error.
bool WritePrometheusMetrics(const MetricsReport& report, std::FILE* out);

}  // namespace sluice
