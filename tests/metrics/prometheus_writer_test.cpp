// Tests for the Prometheus exposition: promtool accepts it (lint included),
// and the samples carry the expected names, labels and values.
#include "metrics/prometheus_writer.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "metrics/sample_report.h"

namespace sluice {
namespace {

bool HavePromtool() { return std::system("command -v promtool >/dev/null 2>&1") == 0; }

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs `promtool check metrics` on `exposition` (given on stdin, as documented).
CommandResult Promtool(const std::string& exposition) {
  char path[] = "/tmp/sluice_prom_XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, exposition.data(), exposition.size()),
            static_cast<ssize_t>(exposition.size()));
  close(fd);
  std::string command = "promtool check metrics < " + std::string(path) + " 2>&1";
  CommandResult result;
  std::FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) result.output.append(buf, n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  unlink(path);
  return result;
}

bool HasLine(const std::string& text, std::string_view line) {
  size_t at = text.find(std::string(line) + "\n");
  return at != std::string::npos && (at == 0 || text[at - 1] == '\n');
}

TEST(PrometheusMetricsTest, PromtoolAcceptsTheExposition) {
  if (!HavePromtool()) GTEST_SKIP() << "promtool not installed (.ci/install-deps installs it)";
  for (const MetricsReport& report :
       {testing::SampleReport(), MetricsReport(MetricsShard(0), {}),
        testing::SampleReport({"we\"ird\\", "new\nline"})}) {
    std::string text;
    AppendPrometheusMetrics(report, &text);
    CommandResult r = Promtool(text);
    EXPECT_EQ(r.exit_code, 0) << r.output << "\n--- exposition:\n" << text;
    EXPECT_EQ(r.output, "") << "\n--- exposition:\n" << text;
  }
}

TEST(PrometheusMetricsTest, CountersAndLabels) {
  std::string text;
  AppendPrometheusMetrics(testing::SampleReport(), &text);
  for (std::string_view line : {
           "# TYPE sluice_lines_in_total counter",
           "sluice_lines_in_total 1000",
           "sluice_lines_out_total 990",
           "sluice_malformed_lines_total{cause=\"invalid_json\"} 7",
           "sluice_malformed_lines_total{cause=\"too_long\"} 3",
           "sluice_malformed_lines_total{cause=\"not_object\"} 0",
           "sluice_input_bytes_total 123456",
           "sluice_output_bytes_total 65432",
           "sluice_redactions_total{rule=\"jwt\"} 11",
           "sluice_redactions_total{rule=\"password\"} 22",
           "sluice_http_responses_total{class=\"2xx\",code=\"200\"} 900",
           "sluice_http_responses_total{class=\"4xx\",code=\"404\"} 60",
           "sluice_http_responses_total{class=\"5xx\",code=\"503\"} 30",
           "# TYPE sluice_request_duration_seconds histogram",
       }) {
    EXPECT_TRUE(HasLine(text, line)) << line << "\n--- exposition:\n" << text;
  }
}

TEST(PrometheusMetricsTest, HistogramBucketsSumAndCount) {
  std::string text;
  AppendPrometheusMetrics(testing::SampleReport(), &text);
  // 2xx: 1..900 ms. le=0.0025 holds 1 and 2 ms; le=0.1 holds 1..100 ms.
  for (std::string_view line : {
           "sluice_request_duration_seconds_bucket{class=\"2xx\",le=\"0.0001\"} 0",
           "sluice_request_duration_seconds_bucket{class=\"2xx\",le=\"0.0025\"} 2",
           "sluice_request_duration_seconds_bucket{class=\"2xx\",le=\"0.1\"} 100",
           "sluice_request_duration_seconds_bucket{class=\"2xx\",le=\"1\"} 900",
           "sluice_request_duration_seconds_bucket{class=\"2xx\",le=\"300\"} 900",
           "sluice_request_duration_seconds_bucket{class=\"2xx\",le=\"+Inf\"} 900",
           "sluice_request_duration_seconds_sum{class=\"2xx\"} 405.45",
           "sluice_request_duration_seconds_count{class=\"2xx\"} 900",
           "sluice_request_duration_seconds_bucket{class=\"5xx\",le=\"1\"} 0",
           "sluice_request_duration_seconds_bucket{class=\"5xx\",le=\"2.5\"} 30",
           "sluice_request_duration_seconds_sum{class=\"5xx\"} 45",
           "sluice_request_duration_seconds_bucket{class=\"none\",le=\"0.00025\"} 10",
           "sluice_request_duration_seconds_count{class=\"none\"} 10",
       }) {
    EXPECT_TRUE(HasLine(text, line)) << line << "\n--- exposition:\n" << text;
  }
  // Classes without observations have no series.
  EXPECT_EQ(text.find("class=\"1xx\""), std::string::npos);
  EXPECT_EQ(text.find("class=\"3xx\""), std::string::npos);
}

TEST(PrometheusMetricsTest, BucketBoundsAreAscendingAndReadable) {
  auto bounds = PrometheusBucketBounds();
  ASSERT_GE(bounds.size(), 15u);
  EXPECT_EQ(bounds.front().le, "0.0001");
  EXPECT_EQ(bounds.back().le, "300");
  for (size_t i = 0; i < bounds.size(); ++i) {
    EXPECT_DOUBLE_EQ(std::strtod(std::string(bounds[i].le).c_str(), nullptr) * 1e9,
                     static_cast<double>(bounds[i].ns));
    if (i > 0) {
      EXPECT_LT(bounds[i - 1].ns, bounds[i].ns);
    }
  }
}

}  // namespace
}  // namespace sluice
