// MetricsReport: what the exporters print. The merged shard of a run (or of
// a scrape), the redaction rule names, and the run's facts.
//
// Why this design: the exporters (JSON, Prometheus, summary) need the same
// derived values (overall latency, redactions by rule name); computing them
// once here keeps each writer a plain formatter. A report is a snapshot: it
// owns copies and never refers back to live shards.
// Thread safety: immutable after construction; readable from any thread.
// Tests: tests/metrics/metrics_shard_test.cpp (MetricsReportTest) and the writers' tests.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "metrics/latency_histogram.h"
#include "metrics/metrics_shard.h"

namespace sluice {

struct RunFacts {
  double elapsed_seconds = 0;       // wall time of the run; 0 if unknown
  std::vector<std::string> inputs;  // input names as given ("-" for stdin)
};

struct RuleCount {
  std::string rule;
  uint64_t count = 0;
};

class MetricsReport {
 public:
  // rule_names[id] names redaction rule `id`.
  MetricsReport(MetricsShard totals, std::vector<std::string> rule_names, RunFacts facts = {});

  // Merges the shards into one report. Call when their workers are not writing.
  static MetricsReport FromShards(std::span<const MetricsShard* const> shards,
                                  std::vector<std::string> rule_names, RunFacts facts = {});

  const MetricsShard& totals() const { return totals_; }
  const RunFacts& facts() const { return facts_; }
  const LatencyHistogram& latency() const { return latency_overall_; }

  // Redactions per rule name, in rule id order, every rule listed (zeros
  // too). A rule id without a name is "rule_<id>"; rules that share a name
  // are summed, so names are unique (a Prometheus label and a JSON key).
  const std::vector<RuleCount>& redactions() const { return redactions_; }

 private:
  MetricsShard totals_;
  RunFacts facts_;
  LatencyHistogram latency_overall_;
  std::vector<RuleCount> redactions_;
};

}  // namespace sluice
