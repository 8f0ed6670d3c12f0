// Tests for the JSON metrics export: the output parses (simdjson), has the
// schema's keys in order, exact counters and quantiles within 1%.
#include "metrics/json_metrics_writer.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/sample_report.h"

namespace sluice {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

std::vector<std::string> Keys(object o) {
  std::vector<std::string> keys;
  for (auto field : o) keys.emplace_back(field.key);
  return keys;
}

uint64_t Uint(element e, std::string_view key) {
  uint64_t v = 0;
  EXPECT_EQ(e[key].get_uint64().get(v), simdjson::SUCCESS) << key;
  return v;
}

double Number(element e, std::string_view key) {
  double v = -1;
  EXPECT_EQ(e[key].get_double().get(v), simdjson::SUCCESS) << key;
  return v;
}

TEST(JsonMetricsWriterTest, SchemaKeysAndValues) {
  std::string text;
  AppendJsonMetrics(testing::SampleReport(), &text);
  simdjson::dom::parser parser;
  element root;
  ASSERT_EQ(parser.parse(text).get(root), simdjson::SUCCESS) << text;

  object top;
  ASSERT_EQ(root.get_object().get(top), simdjson::SUCCESS);
  EXPECT_EQ(Keys(top),
            (std::vector<std::string>{"lines_in", "lines_out", "malformed", "bytes_in",
                                      "bytes_out", "redactions", "status", "status_class",
                                      "latency_ms", "malformed_by_cause", "elapsed_s"}));
  EXPECT_EQ(Uint(root, "lines_in"), 1000u);
  EXPECT_EQ(Uint(root, "lines_out"), 990u);
  EXPECT_EQ(Uint(root, "malformed"), 10u);
  EXPECT_EQ(Uint(root, "bytes_in"), 123'456u);
  EXPECT_EQ(Uint(root, "bytes_out"), 65'432u);
  EXPECT_EQ(Uint(root["redactions"], "jwt"), 11u);
  EXPECT_EQ(Uint(root["redactions"], "password"), 22u);

  object status;
  ASSERT_EQ(root["status"].get_object().get(status), simdjson::SUCCESS);
  EXPECT_EQ(Keys(status), (std::vector<std::string>{"200", "404", "503"}));
  EXPECT_EQ(Uint(root["status"], "200"), 900u);
  EXPECT_EQ(Uint(root["status"], "404"), 60u);
  EXPECT_EQ(Uint(root["status"], "503"), 30u);

  object classes;
  ASSERT_EQ(root["status_class"].get_object().get(classes), simdjson::SUCCESS);
  EXPECT_EQ(Keys(classes), (std::vector<std::string>{"1xx", "2xx", "3xx", "4xx", "5xx"}));
  EXPECT_EQ(Uint(root["status_class"], "2xx"), 900u);
  EXPECT_EQ(Uint(root["status_class"], "3xx"), 0u);

  element latency = root["latency_ms"];
  object latency_object;
  ASSERT_EQ(latency.get_object().get(latency_object), simdjson::SUCCESS);
  EXPECT_EQ(Keys(latency_object),
            (std::vector<std::string>{"count", "sum", "min", "max", "p50", "p90", "p99", "p999",
                                      "by_class"}));
  EXPECT_EQ(Uint(latency, "count"), 1000u);
  // 900 * 901 / 2 ms + 60 * 2 ms + 30 * 1500 ms + 10 * 0.25 ms
  EXPECT_DOUBLE_EQ(Number(latency, "sum"), 405'450.0 + 120.0 + 45'000.0 + 2.5);
  EXPECT_DOUBLE_EQ(Number(latency, "min"), 0.25);
  EXPECT_DOUBLE_EQ(Number(latency, "max"), 1500.0);
  // Sorted: 10 x 0.25, 1, 2 x 61 (with the 404s), 3..900 (rank r is r - 70), 30 x 1500.
  // Nearest rank 500 -> 430 ms.
  EXPECT_NEAR(Number(latency, "p50"), 430.0, 430.0 * 0.01);
  EXPECT_NEAR(Number(latency, "p90"), 830.0, 830.0 * 0.01);  // rank 900
  EXPECT_NEAR(Number(latency, "p99"), 1500.0, 1500.0 * 0.01);
  EXPECT_NEAR(Number(latency, "p999"), 1500.0, 1500.0 * 0.01);

  element by_class = latency["by_class"];
  object by_class_object;
  ASSERT_EQ(by_class.get_object().get(by_class_object), simdjson::SUCCESS);
  EXPECT_EQ(Keys(by_class_object), (std::vector<std::string>{"1xx", "2xx", "3xx", "4xx", "5xx"}));
  EXPECT_EQ(Uint(by_class["2xx"], "count"), 900u);
  EXPECT_NEAR(Number(by_class["2xx"], "p50"), 450.0, 4.5);
  EXPECT_NEAR(Number(by_class["2xx"], "p99"), 891.0, 8.91);
  EXPECT_NEAR(Number(by_class["4xx"], "p50"), 2.0, 0.02);
  EXPECT_EQ(Uint(by_class["1xx"], "count"), 0u);
  EXPECT_EQ(Number(by_class["1xx"], "p50"), 0.0);

  EXPECT_EQ(Uint(root["malformed_by_cause"], "invalid_json"), 7u);
  EXPECT_EQ(Uint(root["malformed_by_cause"], "too_long"), 3u);
  EXPECT_EQ(Uint(root["malformed_by_cause"], "not_object"), 0u);
  EXPECT_DOUBLE_EQ(Number(root, "elapsed_s"), 2.5);
}

TEST(JsonMetricsWriterTest, EmptyReportIsValidWithZeros) {
  MetricsReport empty(MetricsShard(0), {});
  std::string text;
  AppendJsonMetrics(empty, &text);
  simdjson::dom::parser parser;
  element root;
  ASSERT_EQ(parser.parse(text).get(root), simdjson::SUCCESS) << text;
  EXPECT_EQ(Uint(root["latency_ms"], "count"), 0u);
  for (std::string_view key : {"sum", "min", "max", "p50", "p90", "p99", "p999"}) {
    EXPECT_EQ(Number(root["latency_ms"], key), 0.0) << key;
  }
  EXPECT_EQ(text.find("nan"), std::string::npos);
  EXPECT_EQ(text.find("inf"), std::string::npos);
}

TEST(JsonMetricsWriterTest, RuleNamesAreEscaped) {
  std::string text;
  AppendJsonMetrics(testing::SampleReport({"quo\"te", "back\\slash\n"}), &text);
  simdjson::dom::parser parser;
  element root;
  ASSERT_EQ(parser.parse(text).get(root), simdjson::SUCCESS) << text;
  EXPECT_EQ(Uint(root["redactions"], "quo\"te"), 11u);
  EXPECT_EQ(Uint(root["redactions"], "back\\slash\n"), 22u);
}

TEST(JsonMetricsWriterTest, WritesOneLineToAFile) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  ASSERT_TRUE(WriteJsonMetrics(testing::SampleReport(), f));
  std::rewind(f);
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  std::fclose(f);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.find('\n'), text.size() - 1);
}

}  // namespace
}  // namespace sluice
