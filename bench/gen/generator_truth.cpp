// GeneratorTruth: see generator_truth.h. Tests: tests/gen/log_generator_test.cpp.
#include "gen/generator_truth.h"

#include <algorithm>

#include "gen/json_buffer.h"

namespace sluice::gen {
namespace {

constexpr std::string_view kCauseNames[kMalformedCauseCount] = {"invalid_json", "invalid_utf8",
                                                                 "not_object"};

void AppendStringList(const std::vector<std::string>& items, JsonBuffer* out) {
  out->Char('[');
  for (size_t i = 0; i < items.size(); ++i) {
    out->Raw(i == 0 ? "\n    \"" : ",\n    \"");
    out->Escaped(items[i]);
    out->Char('"');
  }
  out->Raw(items.empty() ? "]" : "\n  ]");
}

}  // namespace

void GeneratorTruth::AddBlank() {
  ++lines;
  ++blank;
}

void GeneratorTruth::AddRecord(Shape shape, const LineTruth& line) {
  ++lines;
  ++records;
  ++records_by_shape[static_cast<int>(shape)];
  if (line.status > 0 && line.status < kMaxStatus) ++status_counts[line.status];
  if (line.has_latency) {
    latencies_ms.push_back(line.latency_ms);
    latency_sum_ms += line.latency_ms;
  }
  for (const std::string& secret : line.secrets) {
    if (secrets.size() < kMaxSecrets) secrets.push_back(secret);
    ++secrets_total;
  }
  for (const auto& keyed : line.short_secrets) {
    if (short_secrets.size() < kMaxSecrets) short_secrets.push_back(keyed);
  }
  for (const std::string& survivor : line.survivors) {
    ++survivors_total;
    if (survivors.size() < kMaxSurvivors && survivor_set_.insert(survivor).second) {
      survivors.push_back(survivor);
    }
  }
}

void GeneratorTruth::AddMalformed(MalformedCause cause, const LineTruth& line) {
  ++lines;
  ++malformed;
  ++malformed_by_cause[static_cast<int>(cause)];
  if (malformed_lines.size() < kMaxMalformedLines) malformed_lines.push_back(lines);
  // A dead-lettered line must not leak either, so its secrets count; its
  // status, latency and near misses do not (it is not a record).
  for (const std::string& secret : line.secrets) {
    if (secrets.size() < kMaxSecrets) secrets.push_back(secret);
    ++secrets_total;
  }
  for (const auto& keyed : line.short_secrets) {
    if (short_secrets.size() < kMaxSecrets) short_secrets.push_back(keyed);
  }
}

uint64_t GeneratorTruth::StatusTotal() const {
  uint64_t total = 0;
  for (uint64_t n : status_counts) total += n;
  return total;
}

double GeneratorTruth::LatencyQuantile(int per_ten_thousand) const {
  std::vector<double> sorted = latencies_ms;
  const uint64_t n = sorted.size();
  uint64_t rank = (n * static_cast<uint64_t>(per_ten_thousand) + 9999) / 10000;
  if (rank == 0) rank = 1;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<ptrdiff_t>(rank - 1), sorted.end());
  return sorted[rank - 1];
}

std::string GeneratorTruth::ToJson() const {
  std::string text;
  JsonBuffer out(&text);
  out.Raw("{\n  \"lines\": ");
  out.Uint(lines);
  out.Raw(",\n  \"blank\": ");
  out.Uint(blank);
  out.Raw(",\n  \"records\": ");
  out.Uint(records);
  out.Raw(",\n  \"malformed\": ");
  out.Uint(malformed);
  out.Raw(",\n  \"malformed_lines\": [");
  for (size_t i = 0; i < malformed_lines.size(); ++i) {
    if (i > 0) out.Char(',');
    out.Uint(malformed_lines[i]);
  }
  out.Raw("],\n  \"status\": {");
  bool first = true;
  uint64_t classes[6] = {};
  for (int code = 0; code < kMaxStatus; ++code) {
    if (status_counts[code] == 0) continue;
    out.Raw(first ? "\"" : ", \"");
    first = false;
    out.Int(code);
    out.Raw("\": ");
    out.Uint(status_counts[code]);
    if (code >= 100 && code < 600) classes[code / 100] += status_counts[code];
  }
  out.Raw("},\n  \"status_class\": {");
  first = true;
  for (int c = 1; c < 6; ++c) {
    if (classes[c] == 0) continue;
    out.Raw(first ? "\"" : ", \"");
    first = false;
    out.Int(c);
    out.Raw("xx\": ");
    out.Uint(classes[c]);
  }
  out.Raw("},\n  \"latency_ms\": {\"count\": ");
  out.Uint(latencies_ms.size());
  out.Raw(", \"sum\": ");
  out.Double(latency_sum_ms);
  if (latencies_ms.empty()) {
    out.Raw(", \"min\": null, \"max\": null, \"p50\": null, \"p90\": null, \"p99\": null, "
            "\"p999\": null}");
  } else {
    const auto [min, max] = std::minmax_element(latencies_ms.begin(), latencies_ms.end());
    out.Raw(", \"min\": ");
    out.Double(*min);
    out.Raw(", \"max\": ");
    out.Double(*max);
    out.Raw(", \"p50\": ");
    out.Double(LatencyQuantile(5000));
    out.Raw(", \"p90\": ");
    out.Double(LatencyQuantile(9000));
    out.Raw(", \"p99\": ");
    out.Double(LatencyQuantile(9900));
    out.Raw(", \"p999\": ");
    out.Double(LatencyQuantile(9990));
    out.Char('}');
  }
  out.Raw(",\n  \"secrets\": ");
  AppendStringList(secrets, &out);
  out.Raw(",\n  \"survivors\": ");
  AppendStringList(survivors, &out);

  // Beyond the required schema: figures that help diagnose a mismatch.
  out.Raw(",\n  \"bytes\": ");
  out.Uint(bytes);
  out.Raw(",\n  \"malformed_causes\": {");
  for (int c = 0; c < kMalformedCauseCount; ++c) {
    out.Raw(c == 0 ? "\"" : ", \"");
    out.Raw(kCauseNames[c]);
    out.Raw("\": ");
    out.Uint(malformed_by_cause[c]);
  }
  out.Raw("},\n  \"records_by_shape\": {");
  for (int s = 0; s < kShapeCount; ++s) {
    out.Raw(s == 0 ? "\"" : ", \"");
    out.Raw(ShapeName(static_cast<Shape>(s)));
    out.Raw("\": ");
    out.Uint(records_by_shape[s]);
  }
  out.Raw("},\n  \"secrets_total\": ");
  out.Uint(secrets_total);
  out.Raw(",\n  \"survivors_total\": ");
  out.Uint(survivors_total);
  out.Raw(",\n  \"short_secrets\": [");
  for (size_t i = 0; i < short_secrets.size(); ++i) {
    out.Raw(i == 0 ? "\n    {\"key\": \"" : ",\n    {\"key\": \"");
    out.Escaped(short_secrets[i].first);
    out.Raw("\", \"value\": \"");
    out.Escaped(short_secrets[i].second);
    out.Raw("\"}");
  }
  out.Raw(short_secrets.empty() ? "]\n}\n" : "\n  ]\n}\n");
  return text;
}

}  // namespace sluice::gen
