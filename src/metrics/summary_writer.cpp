// Human summary: see summary_writer.h. Tests: tests/metrics/summary_writer_test.cpp.
#include "metrics/summary_writer.h"

#include <cstdarg>
#include <string_view>

#include "core/malformed.h"

namespace sluice {
namespace {

void Appendf(std::string* out, const char* format, ...) __attribute__((format(printf, 2, 3)));
void Appendf(std::string* out, const char* format, ...) {
  char buf[256];
  va_list args;
  va_start(args, format);
  int n = std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  if (n > 0) out->append(buf, static_cast<size_t>(n) < sizeof buf ? n : sizeof buf - 1);
}

// 1234567 -> "1,234,567"
std::string Grouped(uint64_t v) {
  std::string digits = std::to_string(v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// Three significant digits and a unit: "850ns", "12.3us", "45.0ms", "1.20s".
std::string Duration(uint64_t ns) {
  static constexpr struct { double scale; const char* unit; } kUnits[] = {
      {1e9, "s"}, {1e6, "ms"}, {1e3, "us"}, {1, "ns"}};
  for (const auto& u : kUnits) {
    double v = static_cast<double>(ns) / u.scale;
    if (v >= 1 || u.scale == 1) {
      char buf[32];
      const char* format = v >= 100 ? "%.0f%s" : v >= 10 ? "%.1f%s" : "%.2f%s";
      if (u.scale == 1) format = "%.0f%s";
      std::snprintf(buf, sizeof buf, format, v, u.unit);
      return buf;
    }
  }
  return "0ns";
}

double Share(uint64_t part, uint64_t whole) {
  return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

void AppendLatencyRow(std::string_view label, const LatencyHistogram& h, std::string* out) {
  Appendf(out, "  %-7.*s %13s %9s %9s %9s %9s %9s\n", static_cast<int>(label.size()),
          label.data(), Grouped(h.count()).c_str(), Duration(h.ValueAtQuantile(0.5)).c_str(),
          Duration(h.ValueAtQuantile(0.9)).c_str(), Duration(h.ValueAtQuantile(0.99)).c_str(),
          Duration(h.ValueAtQuantile(0.999)).c_str(), Duration(h.max_ns()).c_str());
}

const char* const kClassNames[] = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};

}  // namespace

void AppendSummary(const MetricsReport& report, std::string* out) {
  const MetricsShard& t = report.totals();
  const RunFacts& facts = report.facts();

  out->append("sluice summary\n");
  Appendf(out, "  %-14s %15s\n", "lines in", Grouped(t.lines_in).c_str());
  Appendf(out, "  %-14s %15s\n", "lines out", Grouped(t.lines_out).c_str());
  Appendf(out, "  %-14s %15s\n", "malformed", Grouped(t.malformed_total()).c_str());
  for (int i = 0; i < kMalformedCauses; ++i) {
    if (t.malformed[i] == 0) continue;
    std::string_view cause = MalformedName(static_cast<Malformed>(i));
    Appendf(out, "    %-12.*s %15s\n", static_cast<int>(cause.size()), cause.data(),
            Grouped(t.malformed[i]).c_str());
  }
  Appendf(out, "  %-14s %15s\n", "bytes in", Grouped(t.bytes_in).c_str());
  Appendf(out, "  %-14s %15s\n", "bytes out", Grouped(t.bytes_out).c_str());
  if (facts.elapsed_seconds > 0) {
    double s = facts.elapsed_seconds;
    Appendf(out, "  %-14s %15.3f s\n", "elapsed", s);
    Appendf(out, "  %-14s %15.1f MB/s  %s lines/s\n", "throughput",
            static_cast<double>(t.bytes_in) / s / 1e6,
            Grouped(static_cast<uint64_t>(static_cast<double>(t.lines_in) / s + 0.5)).c_str());
  }

  uint64_t with_status = t.status_total();
  if (with_status > 0) {
    Appendf(out, "\n  %-6s %13s %7s\n", "status", "count", "share");
    for (int code = MetricsShard::kFirstStatus; code <= MetricsShard::kLastStatus; ++code) {
      uint64_t n = t.status_count(code);
      if (n == 0) continue;
      Appendf(out, "  %-6d %13s %6.1f%%\n", code, Grouped(n).c_str(), Share(n, with_status));
    }
    for (int c = 1; c <= MetricsShard::kStatusClasses; ++c) {
      uint64_t n = t.status_class_count(c);
      if (n == 0) continue;
      Appendf(out, "  %-6s %13s %6.1f%%\n", kClassNames[c], Grouped(n).c_str(),
              Share(n, with_status));
    }
  }

  if (report.latency().count() > 0) {
    Appendf(out, "\n  %-7s %13s %9s %9s %9s %9s %9s\n", "latency", "count", "p50", "p90",
            "p99", "p999", "max");
    AppendLatencyRow("all", report.latency(), out);
    for (int c = 1; c <= MetricsShard::kStatusClasses; ++c) {
      if (t.latency_for_class(c).count() > 0) {
        AppendLatencyRow(kClassNames[c], t.latency_for_class(c), out);
      }
    }
    const LatencyHistogram& none = t.latency_for_class(MetricsShard::kNoStatusClass);
    if (none.count() > 0 && none.count() != report.latency().count()) {
      AppendLatencyRow(kClassNames[0], none, out);
    }
  }

  if (!report.redactions().empty()) {
    Appendf(out, "\n  %-20s %13s\n", "redactions", "count");
    for (const RuleCount& r : report.redactions()) {
      Appendf(out, "  %-20s %13s\n", r.rule.c_str(), Grouped(r.count).c_str());
    }
  }
}

bool WriteSummary(const MetricsReport& report, std::FILE* out) {
  std::string text;
  AppendSummary(report, &text);
  return std::fwrite(text.data(), 1, text.size(), out) == text.size() && std::fflush(out) == 0;
}

}  // namespace sluice
