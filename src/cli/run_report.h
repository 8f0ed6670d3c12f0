// RunReport: what a finished run tells its user: merged metrics, where the
// output went, how long it took. Written as --metrics files (format by
// extension: .json, .prom) and as the summary on stderr.
#pragma once

#include <string>

#include "metrics/metrics_report.h"

namespace sluice {

struct RunReport {
  MetricsReport metrics;
  std::string output_path;
  uint64_t output_bytes = 0;
  std::string dead_letter_path;
  bool interrupted = false;
};

// Writes the metrics to `path` in the format its extension names. On failure
// sets *error (the path and the cause) and leaves no file it created.
bool WriteMetricsFile(const RunReport& report, const std::string& path, std::string* error);
// True when `path` names a format WriteMetricsFile knows.
bool IsKnownMetricsFormat(const std::string& path);
// The human summary for stderr.
std::string FormatSummary(const RunReport& report);

}  // namespace sluice
