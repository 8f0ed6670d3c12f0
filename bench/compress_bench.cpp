// BM_CompressChunk/LEVEL: the compression stage alone. ZstdFrameEncoder at
// levels 1 and 3 on the 1 MiB chunks of worker output (the redacted records
// RecordWorker writes for the bench input), one frame per chunk as in a run.
// Bytes/s are of the uncompressed input to zstd; items are its lines.
// Check before timing: every frame decompresses back to its chunk.
//
//   build/bench/sluice_bench --benchmark_filter=BM_CompressChunk
#include <benchmark/benchmark.h>
#include <zstd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bench_input.h"
#include "metrics/field_discovery.h"
#include "redact/redaction_rules.h"
#include "sink/zstd_frame_encoder.h"
#include "worker/record_worker.h"

namespace sluice::bench {
namespace {

struct WorkerOutput {
  std::vector<std::string> chunks;
  std::vector<uint64_t> lines;
};

const WorkerOutput& TheWorkerOutput() {
  static const WorkerOutput output = [] {
    const BenchInput& input = TheBenchInput();
    FieldDiscovery discovery;
    RecordWorker worker(WorkerOptions{}, RedactionRules::Default(), &discovery);
    WorkerOutput o;
    for (const auto& chunk : input.chunks) {
      ClearOutput(chunk.get());
      worker.Process(chunk.get());
      if (chunk->out.empty()) continue;
      o.lines.push_back(static_cast<uint64_t>(std::count(chunk->out.begin(), chunk->out.end(), '\n')));
      o.chunks.push_back(chunk->out);
    }
    Check(!o.chunks.empty(), "BM_CompressChunk: worker output");
    return o;
  }();
  return output;
}

void BM_CompressChunk(benchmark::State& state) {
  const int level = static_cast<int>(state.range(0));
  const WorkerOutput& input = TheWorkerOutput();
  ZstdFrameEncoder encoder(level);
  std::string frame;
  std::string back;
  uint64_t in_bytes = 0;
  uint64_t out_bytes = 0;
  for (const std::string& chunk : input.chunks) {
    Check(encoder.Encode(chunk, &frame), "BM_CompressChunk: encode");
    back.resize(chunk.size() + 1);
    const size_t n = ZSTD_decompress(back.data(), back.size(), frame.data(), frame.size());
    Check(!ZSTD_isError(n) && n == chunk.size(), "BM_CompressChunk: decompressed size");
    back.resize(n);
    Check(back == chunk, "BM_CompressChunk: round trip");
    in_bytes += chunk.size();
    out_bytes += frame.size();
  }
  state.counters["ratio"] = static_cast<double>(in_bytes) / static_cast<double>(out_bytes);

  size_t i = 0;
  uint64_t bytes = 0;
  uint64_t lines = 0;
  for (auto _ : state) {
    encoder.Encode(input.chunks[i], &frame);
    bytes += input.chunks[i].size();
    lines += input.lines[i];
    if (++i == input.chunks.size()) i = 0;
  }
  benchmark::DoNotOptimize(frame.data());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(lines));
}
BENCHMARK(BM_CompressChunk)->Arg(1)->Arg(3)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace sluice::bench
