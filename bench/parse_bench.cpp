// BM_Parse: the parse stage alone. ChunkParser (iterate_many in windows, the
// per-line fallback for anomalies) over the 1 MiB chunks of the bench input,
// with a handler that walks every record fully (RecordWalker, every key,
// string and number shown to a visitor that only counts), without redaction,
// metrics or output. It is the floor under BM_ParseRedact.
// Check before timing: lines, records and malformed lines as the generator's
// truth says (or, for a file, records + malformed = non-blank lines).
//
//   build/bench/sluice_bench --benchmark_filter=BM_Parse$
#include <benchmark/benchmark.h>

#include "bench_input.h"
#include "parse/chunk_parser.h"
#include "parse/record_walker.h"

namespace sluice::bench {
namespace {

class WalkOnlyHandler {
 public:
  // --- ChunkParser handler ---
  simdjson::error_code WalkRecord(std::string_view line, ondemand::object& object) {
    return walker_.Walk(object, line.data() + line.size(), this);
  }
  void CommitRecord(uint64_t, std::string_view) { ++records; }
  void AbortRecord() {}
  void OnMalformed(uint64_t, std::string_view, Malformed) { ++malformed; }

  // --- RecordWalker visitor ---
  KeyDecision OnKey(std::string_view key) {
    sink += key.size();
    return {};
  }
  void OnString(const KeyPath& path, std::string_view body) { sink += body.size() + path.depth(); }
  void OnNumber(const KeyPath& path, std::string_view token) { sink += token.size() + path.depth(); }
  void OnReplaceValue(int, const char*, const char*) {}
  void OnRemove(int, const char*, const char*) {}

  uint64_t records = 0;
  uint64_t malformed = 0;
  uint64_t sink = 0;

 private:
  RecordWalker<WalkOnlyHandler> walker_;
};

void BM_Parse(benchmark::State& state) {
  const BenchInput& input = TheBenchInput();
  ChunkParser parser(1 << 20);
  WalkOnlyHandler handler;
  uint64_t lines = 0;
  for (const auto& chunk : input.chunks) lines += parser.Parse(chunk->data(), chunk->size(), &handler);
  Check(lines == input.lines, "BM_Parse: line count");
  if (input.truth) {
    Check(handler.records == input.truth->records, "BM_Parse: record count (truth)");
    Check(handler.malformed == input.truth->malformed, "BM_Parse: malformed count (truth)");
  }
  Check(handler.records > 0, "BM_Parse: some records");
  state.counters["fallback_share"] =
      static_cast<double>(parser.fallback_lines()) / static_cast<double>(input.lines);

  size_t i = 0;
  uint64_t bytes = 0;
  lines = 0;
  for (auto _ : state) {
    const Chunk& chunk = *input.chunks[i];
    lines += parser.Parse(chunk.data(), chunk.size(), &handler);
    bytes += chunk.size();
    if (++i == input.chunks.size()) i = 0;
  }
  benchmark::DoNotOptimize(handler.sink);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(lines));
}
BENCHMARK(BM_Parse)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace sluice::bench
