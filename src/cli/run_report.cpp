#include "cli/run_report.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/json_text.h"

namespace sluice {
namespace {

std::string MetricsJson(const RunReport& r) {
  const MetricsShard& m = r.metrics;
  std::string j = "{";
  j += "\"lines_in\":" + std::to_string(m.lines_in);
  j += ",\"lines_out\":" + std::to_string(m.lines_out);
  j += ",\"malformed\":" + std::to_string(m.malformed_total());
  j += ",\"bytes_in\":" + std::to_string(m.bytes_in);
  j += ",\"bytes_out\":" + std::to_string(m.bytes_out);
  j += ",\"redactions\":{";
  bool first = true;
  for (size_t i = 0; i < m.redactions.size(); ++i) {
    if (!m.redactions[i]) continue;
    if (!first) j += ",";
    first = false;
    j += "\"";
    AppendJsonEscaped(r.rules->rule(i).name, &j);
    j += "\":" + std::to_string(m.redactions[i]);
  }
  j += "},\"status\":{";
  first = true;
  uint64_t classes[6] = {0, 0, 0, 0, 0, 0};
  for (size_t s = 100; s < m.status.size(); ++s) {
    if (!m.status[s]) continue;
    classes[s / 100] += m.status[s];
    if (!first) j += ",";
    first = false;
    j += "\"" + std::to_string(s) + "\":" + std::to_string(m.status[s]);
  }
  j += "},\"status_class\":{";
  first = true;
  for (int c = 1; c <= 5; ++c) {
    if (!classes[c]) continue;
    if (!first) j += ",";
    first = false;
    j += "\"" + std::to_string(c) + "xx\":" + std::to_string(classes[c]);
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", m.latency_sum_ms);
  j += "},\"latency_ms\":{\"count\":" + std::to_string(m.latency_count) + ",\"sum\":" + buf + "}";
  j += "}\n";
  return j;
}

}  // namespace

bool WriteMetricsFile(const RunReport& report, const std::string& path, std::string* error) {
  std::string body = MetricsJson(report);
  std::FILE* f = path == "-" ? stdout : std::fopen(path.c_str(), "w");
  if (!f) {
    *error = path + ": cannot open for writing: " + std::strerror(errno);
    return false;
  }
  bool ok = std::fwrite(body.data(), 1, body.size(), f) == body.size();
  ok = (f == stdout ? std::fflush(f) == 0 : std::fclose(f) == 0) && ok;
  if (!ok) *error = path + ": write failed: " + std::strerror(errno);
  return ok;
}

std::string FormatSummary(const RunReport& r) {
  const MetricsShard& m = r.metrics;
  char buf[512];
  std::string s;
  double secs = r.elapsed_seconds > 0 ? r.elapsed_seconds : 1e-9;
  std::snprintf(buf, sizeof buf,
                "sluice: %s%llu lines in, %llu out, %llu malformed; %.1f MB in %.2f s (%.1f MB/s)\n",
                r.interrupted ? "interrupted: " : "", static_cast<unsigned long long>(m.lines_in),
                static_cast<unsigned long long>(m.lines_out),
                static_cast<unsigned long long>(m.malformed_total()), m.bytes_in / 1e6, secs,
                m.bytes_in / 1e6 / secs);
  s += buf;
  std::snprintf(buf, sizeof buf, "sluice: output: %s (%.1f MB)\n",
                r.output_path == "-" ? "stdout" : r.output_path.c_str(), r.output_bytes / 1e6);
  s += buf;
  if (!r.dead_letter_path.empty()) s += "sluice: dead letter: " + r.dead_letter_path + "\n";
  return s;
}

}  // namespace sluice
