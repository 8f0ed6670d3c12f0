// LogGenerator: writes realistic newline-delimited JSON service logs (six
// real-world shapes, planted secrets and near misses, malformed and blank
// lines) of about a requested size, deterministically for a seed, and keeps
// the truth a correct sluice run must report for them. Every test, benchmark
// and demo of the project takes its input from here (sluice-gen is the CLI).
//
// Speed: ~2.5 M lines per GB, each appended field by field into one large
// buffer (no DOM, no iostreams, no per-line allocation), written with large
// fwrite calls; see samples/README.md for measured throughput.
//
// Usage
//   GeneratorOptions options;
//   options.bytes = 64 << 20;
//   options.seed = 7;
//   GeneratorTruth truth;
//   std::string log = GenerateString(options, &truth);
//
// Contract
// - Output is a pure function of the options: same options, same bytes (the
//   latency draws use std::exp/log/cos, so a different libm could shift a
//   few values; tests and samples pin the output on the project's platform).
// - A LogGenerator generates once: call Generate or GenerateTo, then read
//   truth()/TruthJson(). Not thread-safe; independent instances may run in
//   parallel.
// - Errors: Generate returns false when a write fails (errno tells why).
//
// Tests: tests/gen/log_generator_test.cpp, tests/gen/log_clock_test.cpp.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "gen/generator_truth.h"
#include "gen/log_shape.h"

namespace sluice::gen {

struct GeneratorOptions {
  uint64_t bytes = 1 << 20;    // stop at the first line end at or past this size
  uint64_t seed = 1;
  std::vector<Shape> shapes;   // shapes to mix, equally often; empty: all six
  double malformed_rate = 0.002;  // per line
  double secret_rate = 0.05;      // per line: one planted secret (two in arrays)
  double near_miss_rate = 0.02;   // per line: near misses that must survive
  double blank_rate = 0.0005;     // per line: whitespace only
  bool crlf = false;              // end lines with \r\n instead of \n
};

class LogGenerator {
 public:
  explicit LogGenerator(GeneratorOptions options);
  ~LogGenerator();
  LogGenerator(const LogGenerator&) = delete;
  LogGenerator& operator=(const LogGenerator&) = delete;

  // Writes the whole log to out (not closed, flushed at the end). Returns false
  // on a write error.
  bool Generate(std::FILE* out);
  // Appends the whole log to *out.
  void GenerateTo(std::string* out);

  const GeneratorTruth& truth() const;
  std::string TruthJson() const { return truth().ToJson(); }

 private:
  class Engine;
  std::unique_ptr<Engine> engine_;
};

// Generates a log in memory; if truth is not null, stores its truth there.
std::string GenerateString(const GeneratorOptions& options, GeneratorTruth* truth = nullptr);

}  // namespace sluice::gen
