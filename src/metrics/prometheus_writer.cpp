// Prometheus text exposition: see prometheus_writer.h for the families.
// Tests: tests/metrics/prometheus_writer_test.cpp (runs promtool).
#include "metrics/prometheus_writer.h"

#include <array>
#include <charconv>
#include <cmath>

#include "core/malformed.h"

namespace sluice {
namespace {

// The `le` labels of LatencyHistogram::kExportBoundsNs, written as people
// write them (prometheus_writer_test checks that they agree).
constexpr std::string_view kBoundLabels[] = {
    "0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01",
    "0.025",  "0.05",    "0.1",    "0.25",  "0.5",    "1",     "2.5",
    "5",      "10",      "30",     "60",    "120",    "300"};
constexpr size_t kBoundCount = std::size(kBoundLabels);
static_assert(kBoundCount == LatencyHistogram::kExportBoundsNs.size());

constexpr std::array<PrometheusBucketBound, kBoundCount> kBounds = [] {
  std::array<PrometheusBucketBound, kBoundCount> bounds{};
  for (size_t i = 0; i < kBoundCount; ++i) {
    bounds[i] = {kBoundLabels[i], LatencyHistogram::kExportBoundsNs[i]};
  }
  return bounds;
}();

const char* const kClassLabels[] = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};

void AppendUint(uint64_t v, std::string* out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, end);
}

void AppendDouble(double v, std::string* out) {
  if (!std::isfinite(v)) v = 0;
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, end);
}

// Label values escape backslash, double quote and newline.
void AppendLabelValue(std::string_view v, std::string* out) {
  for (char c : v) {
    if (c == '\\') {
      out->append("\\\\");
    } else if (c == '"') {
      out->append("\\\"");
    } else if (c == '\n') {
      out->append("\\n");
    } else {
      out->push_back(c);
    }
  }
}

void AppendHeader(std::string_view name, std::string_view type, std::string_view help,
                  std::string* out) {
  out->append("# HELP ").append(name).append(" ").append(help).append("\n");
  out->append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void AppendCounter(std::string_view name, std::string_view help, uint64_t value,
                   std::string* out) {
  AppendHeader(name, "counter", help, out);
  out->append(name).append(" ");
  AppendUint(value, out);
  out->push_back('\n');
}

void AppendHistogram(const LatencyHistogram& h, std::string_view class_label, std::string* out) {
  constexpr std::string_view kName = "sluice_request_duration_seconds";
  auto series = [&](std::string_view suffix) {
    out->append(kName).append(suffix).append("{class=\"").append(class_label).append("\"");
  };
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kBoundCount; ++i) {
    cumulative += h.export_bucket_count(i);
    series("_bucket");
    out->append(",le=\"").append(kBounds[i].le).append("\"} ");
    AppendUint(cumulative, out);
    out->push_back('\n');
  }
  series("_bucket");
  out->append(",le=\"+Inf\"} ");
  AppendUint(h.count(), out);
  out->push_back('\n');
  series("_sum");
  out->append("} ");
  AppendDouble(h.sum_seconds(), out);
  out->push_back('\n');
  series("_count");
  out->append("} ");
  AppendUint(h.count(), out);
  out->push_back('\n');
}

}  // namespace

std::span<const PrometheusBucketBound> PrometheusBucketBounds() { return kBounds; }

void AppendPrometheusMetrics(const MetricsReport& report, std::string* out) {
  const MetricsShard& t = report.totals();
  AppendCounter("sluice_lines_in_total", "Input lines read.", t.lines_in, out);
  AppendCounter("sluice_lines_out_total", "Records written to the output.", t.lines_out, out);

  AppendHeader("sluice_malformed_lines_total", "counter",
               "Input lines that could not be processed as records, by cause.", out);
  for (int i = 0; i < kMalformedCauses; ++i) {
    out->append("sluice_malformed_lines_total{cause=\"")
        .append(MalformedName(static_cast<Malformed>(i)))
        .append("\"} ");
    AppendUint(t.malformed[i], out);
    out->push_back('\n');
  }

  AppendCounter("sluice_input_bytes_total", "Input bytes read.", t.bytes_in, out);
  AppendCounter("sluice_output_bytes_total", "Output bytes written.", t.bytes_out, out);

  AppendHeader("sluice_redactions_total", "counter", "Secrets redacted, by rule.", out);
  for (const RuleCount& r : report.redactions()) {
    out->append("sluice_redactions_total{rule=\"");
    AppendLabelValue(r.rule, out);
    out->append("\"} ");
    AppendUint(r.count, out);
    out->push_back('\n');
  }

  AppendHeader("sluice_http_responses_total", "counter",
               "Records with an HTTP status code, by class and code.", out);
  for (int code = MetricsShard::kFirstStatus; code <= MetricsShard::kLastStatus; ++code) {
    uint64_t n = t.status_count(code);
    if (n == 0) continue;
    out->append("sluice_http_responses_total{class=\"")
        .append(kClassLabels[code / 100])
        .append("\",code=\"");
    AppendUint(static_cast<uint64_t>(code), out);
    out->append("\"} ");
    AppendUint(n, out);
    out->push_back('\n');
  }

  AppendHeader("sluice_request_duration_seconds", "histogram",
               "Request latency found in records, by status class (none: no status).", out);
  for (int c = 1; c <= MetricsShard::kStatusClasses; ++c) {
    if (t.latency_for_class(c).count() > 0) {
      AppendHistogram(t.latency_for_class(c), kClassLabels[c], out);
    }
  }
  const LatencyHistogram& none = t.latency_for_class(MetricsShard::kNoStatusClass);
  if (none.count() > 0) AppendHistogram(none, kClassLabels[0], out);
}

bool WritePrometheusMetrics(const MetricsReport& report, std::FILE* out) {
  std::string text;
  AppendPrometheusMetrics(report, &text);
  return std::fwrite(text.data(), 1, text.size(), out) == text.size() && std::fflush(out) == 0;
}

}  // namespace sluice
