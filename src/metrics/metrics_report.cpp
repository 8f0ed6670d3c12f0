// MetricsReport: derives the values every exporter needs. Tests:
// tests/metrics/metrics_shard_test.cpp.
#include "metrics/metrics_report.h"

#include <algorithm>

namespace sluice {

MetricsReport::MetricsReport(MetricsShard totals, std::vector<std::string> rule_names,
                             RunFacts facts)
    : totals_(std::move(totals)), facts_(std::move(facts)),
      latency_overall_(totals_.LatencyOverall()) {
  size_t rules = std::max(rule_names.size(), totals_.redactions.size());
  for (size_t id = 0; id < rules; ++id) {
    std::string name = id < rule_names.size() && !rule_names[id].empty()
                           ? rule_names[id]
                           : "rule_" + std::to_string(id);
    uint64_t count = id < totals_.redactions.size() ? totals_.redactions[id] : 0;
    bool merged = false;
    for (RuleCount& seen : redactions_) {
      if (seen.rule == name) {
        seen.count += count;
        merged = true;
        break;
      }
    }
    if (!merged) redactions_.push_back({std::move(name), count});
  }
}

MetricsReport MetricsReport::FromShards(std::span<const MetricsShard* const> shards,
                                        std::vector<std::string> rule_names, RunFacts facts) {
  MetricsShard merged(rule_names.size());
  for (const MetricsShard* shard : shards) merged.Merge(*shard);
  return MetricsReport(std::move(merged), std::move(rule_names), std::move(facts));
}

}  // namespace sluice
