// BM_Pipeline/threads:T/level:L: end to end in process. The Pipeline (reader
// thread, T worker threads, the calling thread writing in order) over the
// whole bench input, every stage on: parse, redact, measure and, for L > 0,
// one zstd frame per chunk at level L (L = 0: no compression). The source
// copies from memory into pooled chunks (as the reader copies from read()),
// the sink only counts, so this is sluice minus file I/O; bench/compare.sh
// runs the real binary on a file. Wall-clock time (UseRealTime), since the
// work is on other threads; sweeps threads as RE2's benchmarks do.
// Check before timing: the frames decompress to one line per record of the
// input, and the chunks arrive in order.
//
//   build/bench/sluice_bench --benchmark_filter=BM_Pipeline
#include <benchmark/benchmark.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bench_input.h"
#include "metrics/field_discovery.h"
#include "redact/redaction_rules.h"
#include "runtime/pipeline.h"
#include "worker/record_worker.h"

namespace sluice::bench {
namespace {

// Fills chunks from the bench input's pre-cut chunks (so the cut points are
// those of the stage benchmarks), copying the bytes as a reader would.
class MemorySource : public ChunkSource {
 public:
  explicit MemorySource(const BenchInput& input) : input_(input) {}
  bool Fill(Chunk* chunk) override {
    if (next_ == input_.chunks.size()) return false;
    const Chunk& from = *input_.chunks[next_++];
    Check(from.size() <= chunk->capacity(), "BM_Pipeline: chunk fits");
    std::memcpy(chunk->data(), from.data(), from.size());
    std::memset(chunk->data() + from.size(), 0, kChunkPadding);
    chunk->set_size(from.size());
    chunk->end_of_source = from.end_of_source;
    return true;
  }

 private:
  const BenchInput& input_;
  size_t next_ = 0;
};

class CountingSink : public ChunkSink {
 public:
  CountingSink(bool compressed, bool verify) : compressed_(compressed), verify_(verify) {}
  bool Write(const Chunk& chunk) override {
    Check(chunk.seq == next_seq_++, "BM_Pipeline: chunks in order");
    const std::string& bytes = compressed_ ? chunk.frame : chunk.out;
    bytes_out += bytes.size();
    lines += chunk.line_count;
    if (verify_) {
      std::string plain = chunk.out;
      if (compressed_ && !chunk.out.empty()) {
        plain.assign(chunk.out.size() + 1, '\0');
        size_t n = ZSTD_decompress(plain.data(), plain.size(), chunk.frame.data(), chunk.frame.size());
        Check(!ZSTD_isError(n), "BM_Pipeline: frame decompresses");
        plain.resize(n);
        Check(plain == chunk.out, "BM_Pipeline: frame round trip");
      }
      records_out += static_cast<uint64_t>(std::count(plain.begin(), plain.end(), '\n'));
    }
    return true;
  }
  const std::string& error() const override { return error_; }

  uint64_t bytes_out = 0;
  uint64_t lines = 0;
  uint64_t records_out = 0;

 private:
  bool compressed_;
  bool verify_;
  uint64_t next_seq_ = 0;
  std::string error_;
};

struct RunResult {
  uint64_t lines = 0;
  uint64_t records_out = 0;
  uint64_t bytes_out = 0;
  uint64_t records_measured = 0;
};

RunResult RunOnce(const BenchInput& input, int threads, int level, bool verify) {
  std::shared_ptr<const RedactionRules> rules = RedactionRules::Default();
  FieldDiscovery discovery;
  WorkerOptions options;
  options.compress = level > 0;
  options.level = level;
  std::vector<std::unique_ptr<RecordWorker>> workers;
  std::vector<ChunkWorker*> worker_ptrs;
  for (int t = 0; t < threads; ++t) {
    workers.push_back(std::make_unique<RecordWorker>(options, rules, &discovery));
    worker_ptrs.push_back(workers.back().get());
  }
  MemorySource source(input);
  CountingSink sink(level > 0, verify);
  PipelineOptions pipeline_options;
  pipeline_options.chunk_capacity = kChunkBytes;
  for (const auto& c : input.chunks) {
    pipeline_options.chunk_capacity = std::max(pipeline_options.chunk_capacity, c->size());
  }
  Pipeline pipeline(pipeline_options);
  PipelineResult result = pipeline.Run(&source, worker_ptrs, &sink);
  Check(!result.sink_failed, "BM_Pipeline: sink");
  RunResult r;
  r.lines = sink.lines;
  r.records_out = sink.records_out;
  r.bytes_out = sink.bytes_out;
  for (const auto& w : workers) r.records_measured += w->metrics().lines_out;
  return r;
}

void BM_Pipeline(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const int level = static_cast<int>(state.range(1));
  const BenchInput& input = TheBenchInput();
  RunResult check = RunOnce(input, threads, level, /*verify=*/true);
  Check(check.lines == input.lines, "BM_Pipeline: line count");
  Check(check.records_out == check.records_measured, "BM_Pipeline: one output line per record");
  if (input.truth) Check(check.records_out == input.truth->records, "BM_Pipeline: records (truth)");

  uint64_t out = 0;
  for (auto _ : state) out += RunOnce(input, threads, level, /*verify=*/false).bytes_out;
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * input.text.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * input.lines));
  state.counters["ratio"] = static_cast<double>(state.iterations() * input.text.size()) /
                            static_cast<double>(out);
}
BENCHMARK(BM_Pipeline)
    ->ArgNames({"threads", "level"})
    ->ArgsProduct({{1, 2}, {0, 1, 3}})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sluice::bench
