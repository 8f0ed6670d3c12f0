#include "cli/run_report.h"

#include <cstdio>

#include "metrics/json_metrics_writer.h"
#include "metrics/prometheus_writer.h"
#include "metrics/summary_writer.h"
#include "sink/output_file.h"

namespace sluice {
namespace {

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool IsKnownMetricsFormat(const std::string& path) {
  return EndsWith(path, ".json") || EndsWith(path, ".prom");
}

bool WriteMetricsFile(const RunReport& report, const std::string& path, std::string* error) {
  std::string body;
  if (EndsWith(path, ".prom")) {
    AppendPrometheusMetrics(report.metrics, &body);
  } else {
    AppendJsonMetrics(report.metrics, &body);
  }
  // Through OutputFile, as the output: a metrics file that could not be
  // written whole (a full disk) is removed, never left half-written or empty.
  OutputFile file;
  if (!file.Open(path) || !file.Write(body) || !file.Close()) {
    *error = file.error();
    file.Abandon();
    return false;
  }
  return true;
}

std::string FormatSummary(const RunReport& r) {
  std::string s;
  if (r.interrupted) s += "sluice: interrupted: the output holds every line read before the signal\n";
  AppendSummary(r.metrics, &s);
  char buf[256];
  std::snprintf(buf, sizeof buf, "output: %s (%.1f MB written)\n",
                r.output_path == "-" ? "stdout" : r.output_path.c_str(), r.output_bytes / 1e6);
  s += buf;
  if (!r.dead_letter_path.empty()) s += "dead letter: " + r.dead_letter_path + "\n";
  return s;
}

}  // namespace sluice
