// JSON metrics export: see json_metrics_writer.h for the schema. Tests:
// tests/metrics/json_metrics_writer_test.cpp.
#include "metrics/json_metrics_writer.h"

#include <charconv>
#include <cmath>
#include <string_view>

#include "core/malformed.h"

namespace sluice {
namespace {

void AppendUint(uint64_t v, std::string* out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, end);
}

// Shortest round-trip form; non-finite values (which the report never holds)
// become 0 so that the output is always valid JSON.
void AppendDouble(double v, std::string* out) {
  if (!std::isfinite(v)) v = 0;
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, end);
}

void AppendString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u < 0x20) {
      out->append("\\u00");
      out->push_back(kHex[u >> 4]);
      out->push_back(kHex[u & 15]);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

void AppendKey(std::string_view key, std::string* out) {
  AppendString(key, out);
  out->push_back(':');
}

double Millis(uint64_t ns) { return static_cast<double>(ns) / 1e6; }

const char* const kClassNames[] = {"", "1xx", "2xx", "3xx", "4xx", "5xx"};

}  // namespace

void AppendJsonMetrics(const MetricsReport& report, std::string* out) {
  const MetricsShard& t = report.totals();
  out->append("{\"lines_in\":");
  AppendUint(t.lines_in, out);
  out->append(",\"lines_out\":");
  AppendUint(t.lines_out, out);
  out->append(",\"malformed\":");
  AppendUint(t.malformed_total(), out);
  out->append(",\"bytes_in\":");
  AppendUint(t.bytes_in, out);
  out->append(",\"bytes_out\":");
  AppendUint(t.bytes_out, out);

  out->append(",\"redactions\":{");
  bool first = true;
  for (const RuleCount& r : report.redactions()) {
    if (!first) out->push_back(',');
    first = false;
    AppendKey(r.rule, out);
    AppendUint(r.count, out);
  }

  out->append("},\"status\":{");
  first = true;
  for (int code = MetricsShard::kFirstStatus; code <= MetricsShard::kLastStatus; ++code) {
    uint64_t n = t.status_count(code);
    if (n == 0) continue;
    if (!first) out->push_back(',');
    first = false;
    out->push_back('"');
    AppendUint(static_cast<uint64_t>(code), out);
    out->append("\":");
    AppendUint(n, out);
  }

  out->append("},\"status_class\":{");
  for (int c = 1; c <= MetricsShard::kStatusClasses; ++c) {
    if (c > 1) out->push_back(',');
    AppendKey(kClassNames[c], out);
    AppendUint(t.status_class_count(c), out);
  }

  const LatencyHistogram& all = report.latency();
  out->append("},\"latency_ms\":{\"count\":");
  AppendUint(all.count(), out);
  out->append(",\"sum\":");
  AppendDouble(static_cast<double>(all.sum_ns()) / 1e6, out);
  out->append(",\"min\":");
  AppendDouble(Millis(all.min_ns()), out);
  out->append(",\"max\":");
  AppendDouble(Millis(all.max_ns()), out);
  out->append(",\"p50\":");
  AppendDouble(Millis(all.ValueAtQuantile(0.5)), out);
  out->append(",\"p90\":");
  AppendDouble(Millis(all.ValueAtQuantile(0.9)), out);
  out->append(",\"p99\":");
  AppendDouble(Millis(all.ValueAtQuantile(0.99)), out);
  out->append(",\"p999\":");
  AppendDouble(Millis(all.ValueAtQuantile(0.999)), out);
  out->append(",\"by_class\":{");
  for (int c = 1; c <= MetricsShard::kStatusClasses; ++c) {
    const LatencyHistogram& h = t.latency_for_class(c);
    if (c > 1) out->push_back(',');
    AppendKey(kClassNames[c], out);
    out->append("{\"count\":");
    AppendUint(h.count(), out);
    out->append(",\"p50\":");
    AppendDouble(Millis(h.ValueAtQuantile(0.5)), out);
    out->append(",\"p99\":");
    AppendDouble(Millis(h.ValueAtQuantile(0.99)), out);
    out->push_back('}');
  }

  out->append("}},\"malformed_by_cause\":{");
  for (int i = 0; i < kMalformedCauses; ++i) {
    if (i > 0) out->push_back(',');
    AppendKey(MalformedName(static_cast<Malformed>(i)), out);
    AppendUint(t.malformed[i], out);
  }
  out->append("},\"elapsed_s\":");
  AppendDouble(report.facts().elapsed_seconds, out);
  out->push_back('}');
}

bool WriteJsonMetrics(const MetricsReport& report, std::FILE* out) {
  std::string text;
  AppendJsonMetrics(report, &text);
  text.push_back('\n');
  return std::fwrite(text.data(), 1, text.size(), out) == text.size() && std::fflush(out) == 0;
}

}  // namespace sluice
