// Tests for MetricsShard (exact counters, merge) and MetricsReport (overall
// latency, redactions by rule name).
#include "metrics/metrics_shard.h"

#include <gtest/gtest.h>

#include <vector>

#include "metrics/metrics_report.h"

namespace sluice {
namespace {

MetricsShard Filled(uint64_t k) {
  MetricsShard s(3);
  s.lines_in = 10 * k;
  s.lines_out = 9 * k;
  s.bytes_in = 1000 * k;
  s.bytes_out = 900 * k;
  s.malformed[static_cast<int>(Malformed::kInvalidJson)] = k;
  s.malformed[static_cast<int>(Malformed::kTooLong)] = 2 * k;
  s.redactions[0] = k;
  s.redactions[2] = 5 * k;
  for (uint64_t i = 0; i < k; ++i) {
    s.RecordStatus(200);
    s.RecordLatency(1'000'000 * (i + 1), 200);
  }
  s.RecordStatus(404);
  s.RecordStatus(599);
  s.RecordStatus(100);
  s.RecordLatency(5'000, 0);
  return s;
}

TEST(MetricsShardTest, CountsAreExact) {
  MetricsShard s = Filled(4);
  EXPECT_EQ(s.status_count(200), 4u);
  EXPECT_EQ(s.status_count(404), 1u);
  EXPECT_EQ(s.status_count(599), 1u);
  EXPECT_EQ(s.status_count(100), 1u);
  EXPECT_EQ(s.status_count(99), 0u);
  EXPECT_EQ(s.status_count(600), 0u);
  EXPECT_EQ(s.status_class_count(1), 1u);
  EXPECT_EQ(s.status_class_count(2), 4u);
  EXPECT_EQ(s.status_class_count(3), 0u);
  EXPECT_EQ(s.status_class_count(4), 1u);
  EXPECT_EQ(s.status_class_count(5), 1u);
  EXPECT_EQ(s.status_total(), 7u);
  EXPECT_EQ(s.malformed_total(), 12u);
  EXPECT_EQ(s.latency_for_class(2).count(), 4u);
  EXPECT_EQ(s.latency_for_class(MetricsShard::kNoStatusClass).count(), 1u);
  LatencyHistogram all = s.LatencyOverall();
  EXPECT_EQ(all.count(), 5u);
  EXPECT_EQ(all.min_ns(), 5'000u);
  EXPECT_EQ(all.max_ns(), 4'000'000u);
}

TEST(MetricsShardTest, MergeAddsEverything) {
  MetricsShard a = Filled(2);
  MetricsShard b = Filled(3);
  MetricsShard small(1);  // fewer rules: redactions grow on merge
  small.redactions[0] = 7;
  MetricsShard total(0);
  total.Merge(a);
  total.Merge(b);
  total.Merge(small);
  EXPECT_EQ(total.lines_in, 50u);
  EXPECT_EQ(total.lines_out, 45u);
  EXPECT_EQ(total.bytes_in, 5000u);
  EXPECT_EQ(total.bytes_out, 4500u);
  EXPECT_EQ(total.malformed_total(), 15u);
  ASSERT_EQ(total.redactions.size(), 3u);
  EXPECT_EQ(total.redactions[0], 12u);
  EXPECT_EQ(total.redactions[1], 0u);
  EXPECT_EQ(total.redactions[2], 25u);
  EXPECT_EQ(total.status_count(200), 5u);
  EXPECT_EQ(total.status_count(404), 2u);
  EXPECT_EQ(total.latency_for_class(2).count(), 5u);
  EXPECT_EQ(total.latency_for_class(2).max_ns(), 3'000'000u);
  EXPECT_EQ(total.LatencyOverall().count(), 7u);
}

TEST(MetricsReportTest, FromShardsMergesAndNamesRules) {
  MetricsShard a = Filled(2);
  MetricsShard b = Filled(3);
  std::vector<const MetricsShard*> shards = {&a, &b};
  MetricsReport report =
      MetricsReport::FromShards(shards, {"jwt", "", "jwt"}, RunFacts{2.0, {"a.log"}});
  EXPECT_EQ(report.totals().lines_in, 50u);
  EXPECT_EQ(report.latency().count(), 7u);
  EXPECT_DOUBLE_EQ(report.facts().elapsed_seconds, 2.0);
  // Rule 1 has no name; rules 0 and 2 share one and are summed.
  ASSERT_EQ(report.redactions().size(), 2u);
  EXPECT_EQ(report.redactions()[0].rule, "jwt");
  EXPECT_EQ(report.redactions()[0].count, 30u);
  EXPECT_EQ(report.redactions()[1].rule, "rule_1");
  EXPECT_EQ(report.redactions()[1].count, 0u);
}

TEST(MetricsReportTest, RuleIdsBeyondTheNamesGetNumbers) {
  MetricsShard s(2);
  s.redactions[1] = 4;
  MetricsReport report(s, {"password"});
  ASSERT_EQ(report.redactions().size(), 2u);
  EXPECT_EQ(report.redactions()[1].rule, "rule_1");
  EXPECT_EQ(report.redactions()[1].count, 4u);
}

}  // namespace
}  // namespace sluice
