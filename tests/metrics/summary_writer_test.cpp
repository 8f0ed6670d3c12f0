// Tests for the human summary: the sections and the status table are there,
// aligned, with counts and shares.
#include "metrics/summary_writer.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "metrics/sample_report.h"

namespace sluice {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

const std::string* FindLine(const std::vector<std::string>& lines, std::string_view start) {
  for (const std::string& line : lines) {
    if (line.rfind(start, 0) == 0) return &line;
  }
  return nullptr;
}

TEST(MetricsSummaryTest, ContainsTheStatusTable) {
  std::string text;
  AppendSummary(testing::SampleReport(), &text);
  std::vector<std::string> lines = Lines(text);
  const std::string* header = FindLine(lines, "  status ");
  ASSERT_NE(header, nullptr) << text;
  EXPECT_NE(header->find("count"), std::string::npos);
  EXPECT_NE(header->find("share"), std::string::npos);
  const std::string* ok = FindLine(lines, "  200 ");
  const std::string* not_found = FindLine(lines, "  404 ");
  const std::string* unavailable = FindLine(lines, "  503 ");
  ASSERT_TRUE(ok && not_found && unavailable) << text;
  EXPECT_NE(ok->find("900"), std::string::npos);
  EXPECT_NE(ok->find("90.9%"), std::string::npos);  // 900 of 990 with a status
  EXPECT_NE(not_found->find("6.1%"), std::string::npos);
  EXPECT_NE(unavailable->find("3.0%"), std::string::npos);
  // Aligned: the rows and the header end at the same column.
  EXPECT_EQ(ok->size(), header->size());
  EXPECT_EQ(not_found->size(), header->size());
  ASSERT_NE(FindLine(lines, "  2xx "), nullptr);
  ASSERT_NE(FindLine(lines, "  5xx "), nullptr);
}

TEST(MetricsSummaryTest, ContainsCountsThroughputLatencyAndRedactions) {
  std::string text;
  AppendSummary(testing::SampleReport(), &text);
  std::vector<std::string> lines = Lines(text);
  EXPECT_NE(FindLine(lines, "  lines in "), nullptr) << text;
  EXPECT_NE(text.find("1,000"), std::string::npos);
  EXPECT_NE(FindLine(lines, "    invalid_json "), nullptr) << text;
  EXPECT_NE(FindLine(lines, "    too_long "), nullptr) << text;
  EXPECT_EQ(FindLine(lines, "    not_object "), nullptr) << text;  // zero: left out
  const std::string* throughput = FindLine(lines, "  throughput ");
  ASSERT_NE(throughput, nullptr) << text;
  EXPECT_NE(throughput->find("0.0 MB/s"), std::string::npos) << *throughput;  // 123 kB / 2.5 s
  EXPECT_NE(throughput->find("400 lines/s"), std::string::npos) << *throughput;
  const std::string* latency = FindLine(lines, "  latency ");
  ASSERT_NE(latency, nullptr) << text;
  for (std::string_view column : {"p50", "p90", "p99", "p999", "max"}) {
    EXPECT_NE(latency->find(column), std::string::npos) << column;
  }
  const std::string* all = FindLine(lines, "  all ");
  ASSERT_NE(all, nullptr) << text;
  EXPECT_NE(all->find("1.50s"), std::string::npos) << *all;  // max
  EXPECT_EQ(all->size(), latency->size());
  EXPECT_NE(FindLine(lines, "  none "), nullptr) << text;
  EXPECT_NE(FindLine(lines, "  jwt "), nullptr) << text;
  EXPECT_NE(FindLine(lines, "  password "), nullptr) << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos);  // no colours
}

TEST(MetricsSummaryTest, EmptyReportHasNoStatusOrLatencySection) {
  std::string text;
  AppendSummary(MetricsReport(MetricsShard(0), {}), &text);
  EXPECT_NE(text.find("lines in"), std::string::npos);
  EXPECT_EQ(text.find("status"), std::string::npos);
  EXPECT_EQ(text.find("p50"), std::string::npos);
  EXPECT_EQ(text.find("throughput"), std::string::npos);
}

}  // namespace
}  // namespace sluice
