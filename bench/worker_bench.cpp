// BM_ParseRedact: the hot path, one thread. RecordWorker::Process (parse,
// walk, redact, measure, write the records out, keep malformed lines) over the
// 1 MiB chunks of the bench input, without compression: what one worker
// thread does per chunk in a run, minus zstd.
// BM_ParseRedactNoMetrics: the same with status and latency measurement off
// (no FieldDiscovery); the difference is what metrics cost the hot path
// (budget: under 5%, src/metrics/README.md).
// BM_ParseNoRules: the same with metrics and an empty rule pack (as
// `--no-default-rules` without `--rules`): everything the worker does besides
// redaction (journal envelopes, metrics, writing out), so that the difference
// to BM_ParseRedact is what the default pack costs.
// Check before timing: every line accounted for (as the generator's truth
// says for generated input), one output line per record, some redactions, and
// a record with a password key written without the password; with metrics,
// status and latency counts as the truth says; without, none at all.
// CheckedPass is one untimed pass over the whole input: callgrind counts the
// two variants' instructions on it (bench/README.md, --toggle-collect).
//
//   build/bench/sluice_bench --benchmark_filter=BM_ParseRedact
#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>

#include "bench_input.h"
#include "gen/log_generator.h"
#include "metrics/field_discovery.h"
#include "redact/redaction_rules.h"
#include "worker/record_worker.h"

namespace sluice::bench {
namespace {

uint64_t Redactions(const MetricsShard& m) {
  uint64_t n = 0;
  for (uint64_t r : m.redactions) n += r;
  return n;
}

// A record whose password must not survive any rule pack.
void CheckPasswordRedacted(std::shared_ptr<const RedactionRules> rules, const FieldDiscovery* d) {
  const std::string line = R"({"level":"info","user":"ann","password":"hunter2-Very-Secret","msg":"login"})" "\n";
  auto chunks = CutIntoChunks(line, 4096);
  RecordWorker worker(WorkerOptions{}, rules, d);
  worker.Process(chunks[0].get());
  const std::string& out = chunks[0]->out;
  Check(out.find("hunter2-Very-Secret") == std::string::npos, "worker: password redacted");
  Check(out.find("\"msg\":\"login\"") != std::string::npos, "worker: other members kept");
  Check(Redactions(worker.metrics()) == 1, "worker: one redaction counted");
}

// Status and latency counts equal the generator's truth on the app shapes
// (journal envelopes aside).
void CheckMetricsOnAppShapes(std::shared_ptr<const RedactionRules> rules, const FieldDiscovery* d) {
  gen::GeneratorOptions options;
  options.bytes = 4 << 20;
  options.seed = kGeneratedSeed;
  for (int s = 0; s < gen::kAppShapeCount; ++s) options.shapes.push_back(static_cast<gen::Shape>(s));
  gen::GeneratorTruth truth;
  auto chunks = CutIntoChunks(gen::GenerateString(options, &truth), kChunkBytes);
  RecordWorker worker(WorkerOptions{}, rules, d);
  for (const auto& chunk : chunks) worker.Process(chunk.get());
  const MetricsShard& m = worker.metrics();
  Check(m.lines_out == truth.records, "worker: records (app shapes truth)");
  Check(m.status_total() == truth.StatusTotal(), "worker: status count (app shapes truth)");
  Check(m.LatencyOverall().count() == truth.latencies_ms.size(),
        "worker: latency count (app shapes truth)");
}

// One pass over the bench input with a fresh worker, its output and metrics
// checked against the input (and its truth when generated).
[[gnu::noinline]] void CheckedPass(const BenchInput& input, const WorkerOptions& options,
                                    std::shared_ptr<const RedactionRules> rules,
                                    const FieldDiscovery* discovery) {
  RecordWorker worker(options, rules, discovery);
  uint64_t lines = 0;
  uint64_t out_lines = 0;
  uint64_t out_bytes = 0;
  for (const auto& chunk : input.chunks) {
    ClearOutput(chunk.get());
    worker.Process(chunk.get());
    lines += chunk->line_count;
    out_lines += static_cast<uint64_t>(std::count(chunk->out.begin(), chunk->out.end(), '\n'));
    out_bytes += chunk->out.size();
  }
  const MetricsShard& m = worker.metrics();
  Check(lines == input.lines, "BM_ParseRedact: line count");
  Check(out_lines == m.lines_out, "BM_ParseRedact: one output line per record");
  // Every line read counts in lines_in; blank lines are neither records nor malformed.
  Check(m.lines_in == lines, "BM_ParseRedact: lines in");
  Check(m.lines_out + m.malformed_total() <= m.lines_in, "BM_ParseRedact: records + malformed");
  Check(out_bytes == m.bytes_out, "BM_ParseRedact: bytes out");
  if (discovery == nullptr) {
    Check(m.status_total() == 0 && m.LatencyOverall().count() == 0,
          "BM_ParseRedactNoMetrics: nothing measured");
  }
  if (input.truth) {
    Check(m.lines_out == input.truth->records, "BM_ParseRedact: records (truth)");
    Check(m.malformed_total() == input.truth->malformed, "BM_ParseRedact: malformed (truth)");
    Check(m.lines_in == m.lines_out + m.malformed_total() + input.truth->blank,
          "BM_ParseRedact: records + malformed + blank (truth)");
    // Journal envelopes carry their status inside MESSAGE, which metrics do
    // not look into: the exact check is CheckMetricsOnAppShapes.
    if (discovery != nullptr) {
      Check(m.status_total() > 0 && m.status_total() <= input.truth->StatusTotal(),
            "BM_ParseRedact: status count (truth)");
    }
    // With no rules only the undecided rule is left: it masks the cut ends of
    // dead-letter lines, and nothing in records.
    if (rules->rule_count() > 1) {
      Check(Redactions(m) > 0, "BM_ParseRedact: some redactions");
    } else {
      Check(Redactions(m) == m.redactions[rules->undecided_rule()], "BM_ParseNoRules: only undecided redactions");
    }
  }
}

// measure: with status and latency measurement (the run's default) or without;
// redact: the default pack, or no rules at all.
void ParseRedact(benchmark::State& state, bool measure, bool redact = true) {
  const BenchInput& input = TheBenchInput();
  RulesOptions no_rules;
  no_rules.extend_default = false;
  std::shared_ptr<const RedactionRules> rules =
      redact ? RedactionRules::Default() : RedactionRules::Load(no_rules);
  FieldDiscovery discovery;
  const FieldDiscovery* used = measure ? &discovery : nullptr;
  if (redact) CheckPasswordRedacted(rules, used);
  if (input.truth && measure) CheckMetricsOnAppShapes(rules, &discovery);

  WorkerOptions options;
  options.compress = false;
  CheckedPass(input, options, rules, used);

  RecordWorker worker(options, rules, used);
  size_t i = 0;
  uint64_t bytes = 0;
  uint64_t lines = 0;
  for (auto _ : state) {
    Chunk* chunk = input.chunks[i].get();
    ClearOutput(chunk);
    worker.Process(chunk);
    bytes += chunk->size();
    lines += chunk->line_count;
    if (++i == input.chunks.size()) i = 0;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(lines));
  state.counters["redactions_per_1k_lines"] =
      1000.0 * static_cast<double>(Redactions(worker.metrics())) /
      static_cast<double>(std::max<uint64_t>(lines, 1));
}

void BM_ParseRedact(benchmark::State& state) { ParseRedact(state, true); }
void BM_ParseRedactNoMetrics(benchmark::State& state) { ParseRedact(state, false); }
BENCHMARK(BM_ParseRedact)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ParseRedactNoMetrics)->Unit(benchmark::kMicrosecond);
void BM_ParseNoRules(benchmark::State& state) { ParseRedact(state, true, false); }
BENCHMARK(BM_ParseNoRules)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace sluice::bench
