// GeneratorTruth: what a correct pipeline must report for a generated file
// (line, record and malformed counts, status and latency figures, every planted
// secret and every near miss that must survive redaction), and its JSON form
// written by `sluice-gen --truth`. LineTruth stages one line's contribution
// until the generator knows whether the line is a record or malformed.
// Schema: samples/README.md. Tests: tests/gen/log_generator_test.cpp recounts
// a generated file and compares.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "gen/log_shape.h"

namespace sluice::gen {

// Why a malformed line is malformed, named as sluice's dead letter names causes.
enum class MalformedCause : uint8_t { kInvalidJson, kInvalidUtf8, kNotObject };
constexpr int kMalformedCauseCount = 3;

struct LineTruth {
  int status = 0;  // HTTP status the record carries; 0: none
  bool has_latency = false;
  double latency_ms = 0;  // as a pipeline reads it back from the written text
  std::vector<std::string> secrets;    // unescaped values planted in the line
  std::vector<std::pair<std::string, std::string>> short_secrets;  // {key, value}
  std::vector<std::string> survivors;  // near misses, verbatim as written

  void Clear() {
    status = 0;
    has_latency = false;
    secrets.clear();
    short_secrets.clear();
    survivors.clear();
  }
};

struct GeneratorTruth {
  static constexpr size_t kMaxMalformedLines = 10000;
  static constexpr size_t kMaxSecrets = 100000;
  static constexpr size_t kMaxSurvivors = 10000;
  static constexpr int kMaxStatus = 1000;

  uint64_t bytes = 0;
  uint64_t lines = 0;
  uint64_t blank = 0;
  uint64_t records = 0;
  uint64_t malformed = 0;
  uint64_t malformed_by_cause[kMalformedCauseCount] = {};
  std::vector<uint64_t> malformed_lines;  // 1-based, the first kMaxMalformedLines
  uint64_t records_by_shape[kShapeCount] = {};
  uint64_t status_counts[kMaxStatus] = {};
  std::vector<double> latencies_ms;  // one per record with a latency, in file order
  double latency_sum_ms = 0;
  std::vector<std::string> secrets;  // the first kMaxSecrets planted
  uint64_t secrets_total = 0;
  std::vector<std::pair<std::string, std::string>> short_secrets;  // cvv and such
  std::vector<std::string> survivors;  // distinct, the first kMaxSurvivors
  uint64_t survivors_total = 0;        // near misses planted in records, with repeats

  void AddBlank();
  void AddRecord(Shape shape, const LineTruth& line);
  void AddMalformed(MalformedCause cause, const LineTruth& line);

  uint64_t StatusTotal() const;
  // Nearest rank: the smallest recorded latency v with at least
  // ceil(per_ten_thousand / 10000 * count) values <= v. Requires a latency.
  double LatencyQuantile(int per_ten_thousand) const;
  std::string ToJson() const;

 private:
  std::unordered_set<std::string> survivor_set_;
};

}  // namespace sluice::gen
