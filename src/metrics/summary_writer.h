// Human summary of a MetricsReport for stderr at the end of a run: small
// aligned plain-text tables (no colours) with lines in/out, malformed lines by
// cause, throughput, status codes with counts and shares, latency quantiles
// overall and per status class, and redactions per rule.
//
// Shares are of the records that had a status. Durations print with three
// significant digits and a unit (ns, us, ms, s); counts with thousands
// separators. Sections with nothing to show (no status, no latency) are left
// out; throughput needs elapsed_seconds > 0.
//
// Why this design: a formatter over the same MetricsReport as the JSON and
// Prometheus exporters, so the three can never disagree.
// Tests: tests/metrics/summary_writer_test.cpp.
#pragma once

#include <cstdio>
#include <string>

#include "metrics/metrics_report.h"

namespace sluice {

void AppendSummary(const MetricsReport& report, std::string* out);

// Returns false on a write error.
bool WriteSummary(const MetricsReport& report, std::FILE* out);

}  // namespace sluice
