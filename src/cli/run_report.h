// RunReport: what a finished run tells its user: merged metrics, where the
// output went, how long it took. Written as --metrics files and the summary.
#pragma once

#include <string>

#include "metrics/metrics_shard.h"
#include "redact/redaction_rules.h"

namespace sluice {

struct RunReport {
  explicit RunReport(const RedactionRules* r) : rules(r), metrics(r->rule_count()) {}
  const RedactionRules* rules;
  MetricsShard metrics;
  std::string output_path;
  uint64_t output_bytes = 0;
  std::string dead_letter_path;
  double elapsed_seconds = 0;
  bool interrupted = false;
};

// Writes the report to `path` in the format its extension names (.json).
bool WriteMetricsFile(const RunReport& report, const std::string& path, std::string* error);
// The human summary for stderr.
std::string FormatSummary(const RunReport& report);

}  // namespace sluice
