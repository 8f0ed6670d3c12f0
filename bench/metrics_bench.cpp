// Benchmarks for the metrics stage: the histogram's Record(), and the
// RecordMeasurer callbacks on a realistic mix of record shapes, against the
// same simdjson walk without them. The budget: metrics must add under 5% to a
// ~1 GB/s parse+redact path, i.e. about 12 ns on a 250-byte record.
// Each benchmark checks its results against the known answer before timing.
//
//   nice -n 10 cmake --build build -j1 --target sluice_bench
//   build/bench/sluice_bench --benchmark_filter='Histogram|Measurer|Walk'
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "../tests/metrics/member_walker.h"
#include "metrics/latency_histogram.h"
#include "metrics/record_measurer.h"

namespace sluice {
namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "metrics_bench: check failed: %s\n", what);
    std::abort();
  }
}

std::vector<uint64_t> LogNormalNanos(size_t n) {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> dist(std::log(20e6), 2.0);  // around 20 ms
  std::vector<uint64_t> values(n);
  for (uint64_t& v : values) v = static_cast<uint64_t>(dist(rng));
  return values;
}

void BM_HistogramRecord(benchmark::State& state) {
  std::vector<uint64_t> values = LogNormalNanos(1 << 16);
  LatencyHistogram h;
  for (uint64_t v : values) h.Record(v);
  Check(h.count() == values.size(), "histogram count");
  for (auto _ : state) {
    for (uint64_t v : values) h.Record(v);
    benchmark::DoNotOptimize(h);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * values.size()));
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * values.size() * sizeof(uint64_t)));
}
BENCHMARK(BM_HistogramRecord);

// A realistic mix: plain application logs without a status or latency, and
// access logs from nginx, pino, ECS, zap and Python services.
std::vector<std::string> Records(size_t n, size_t* with_status) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> ms(1, 900);
  const int codes[] = {200, 200, 200, 200, 201, 204, 301, 404, 500, 503};
  std::vector<std::string> records;
  *with_status = 0;
  char buf[1024];
  for (size_t i = 0; i < n; ++i) {
    int code = codes[i % 10];
    int t = ms(rng);
    switch (i % 6) {
      case 0:
      case 1:  // application log, nothing to measure
        std::snprintf(buf, sizeof buf,
                      R"({"ts":"2024-05-01T12:00:%02zu.123Z","level":"info","service":"checkout",)"
                      R"("msg":"cart updated for customer","user_id":"u_%05zu","trace_id":)"
                      R"("4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7",)"
                      R"("items":%d,"cart":{"currency":"EUR","total":%d.50}})",
                      i % 60, i, t % 7, t);
        break;
      case 2:  // nginx json access log
        std::snprintf(buf, sizeof buf,
                      R"({"time_local":"01/May/2024:12:00:00 +0000","remote_addr":"10.1.2.3",)"
                      R"("request":"GET /api/v1/items?page=2 HTTP/1.1","status":"%d",)"
                      R"("body_bytes_sent":"5123","request_time":"0.%03d",)"
                      R"("upstream_response_time":"0.%03d","http_user_agent":"curl/8.0"})",
                      code, t, t > 1 ? t - 1 : t);
        break;
      case 3:  // pino
        std::snprintf(buf, sizeof buf,
                      R"({"level":30,"time":1714564800000,"pid":4242,"hostname":"api-7",)"
                      R"("req":{"id":%zu,"method":"POST","url":"/orders","remoteAddress":"::1"},)"
                      R"("res":{"statusCode":%d},"responseTime":%d,"msg":"request completed"})",
                      i, code, t);
        break;
      case 4:  // ECS
        std::snprintf(buf, sizeof buf,
                      R"({"@timestamp":"2024-05-01T12:00:00.000Z","log.level":"info",)"
                      R"("message":"GET /health","ecs.version":"1.6.0","event":{"dataset":)"
                      R"("app.access","duration":%d000000},"http":{"request":{"method":"GET"},)"
                      R"("response":{"status_code":%d,"body":{"bytes":120}}},"url":{"path":"/"}})",
                      t, code);
        break;
      case 5:  // zap / Python
        std::snprintf(buf, sizeof buf,
                      R"({"level":"info","ts":1714564800.123,"caller":"server/http.go:88",)"
                      R"("msg":"served","method":"GET","path":"/v1/users/42","status_code":%d,)"
                      R"("duration_ms":%d.%d,"bytes":512,"remote":"10.0.0.9:55012"})",
                      code, t, t % 10);
        break;
    }
    if (i % 6 >= 2) ++*with_status;
    records.emplace_back(buf);
  }
  return records;
}

// The walk without metrics: touches the same values so the baseline does the
// same parsing work.
struct NullMeasurer {
  void BeginRecord() {}
  void OnNumber(std::span<const std::string_view> path, std::string_view token) {
    sink += path.size() + token.size();
  }
  void OnString(std::span<const std::string_view> path, std::string_view text) {
    sink += path.size() + text.size();
  }
  size_t sink = 0;
};

// Only the inline prefilter every member goes through.
struct FilterOnly {
  const FieldDiscovery* d;
  void BeginRecord() {}
  void OnNumber(std::span<const std::string_view> path, std::string_view token) {
    sink += d->MayMatch(path.back());
  }
  void OnString(std::span<const std::string_view> path, std::string_view text) {
    sink += d->MayMatch(path.back());
  }
  size_t sink = 0;
};

struct Corpus {
  std::vector<simdjson::padded_string> records;
  size_t bytes = 0;
  size_t with_status = 0;
};

const Corpus& TheCorpus() {
  static const Corpus corpus = [] {
    Corpus c;
    for (std::string& r : Records(6000, &c.with_status)) {
      c.bytes += r.size() + 1;  // with its newline
      c.records.emplace_back(r);
    }
    return c;
  }();
  return corpus;
}

// The members of every record as the walk reports them, copied into one
// flat arena (as the parser's string buffer is), to time the callbacks alone.
struct Member {
  uint32_t path_begin;  // into Recorder::paths
  uint32_t path_size;
  std::string_view value;
  bool is_string;
};

struct Recorder {
  explicit Recorder(size_t arena_bytes) { arena.reserve(arena_bytes); }
  void BeginRecord() { records.push_back(members.size()); }
  void OnNumber(std::span<const std::string_view> path, std::string_view token) {
    Add(path, token, false);
  }
  void OnString(std::span<const std::string_view> path, std::string_view text) {
    Add(path, text, true);
  }
  std::string_view Copy(std::string_view s) {
    Check(arena.size() + s.size() <= arena.capacity(), "arena large enough");
    arena.append(s);
    return std::string_view(arena).substr(arena.size() - s.size());
  }
  void Add(std::span<const std::string_view> path, std::string_view v, bool is_string) {
    Member m{static_cast<uint32_t>(paths.size()), static_cast<uint32_t>(path.size()), Copy(v),
             is_string};
    for (std::string_view key : path) paths.push_back(Copy(key));
    members.push_back(m);
  }
  std::string arena;
  std::vector<std::string_view> paths;
  std::vector<Member> members;
  std::vector<size_t> records;  // index of each record's first member
};

void BM_MeasurerCallbacks(benchmark::State& state) {
  const Corpus& corpus = TheCorpus();
  Recorder recorder(corpus.bytes * 4);
  testing::MemberWalker<Recorder> walker(&recorder);
  simdjson::ondemand::parser parser;
  for (const auto& r : corpus.records) Check(walker.Walk(&parser, r), "walk");
  recorder.records.push_back(recorder.members.size());
  size_t record_count = recorder.records.size() - 1;

  FieldDiscovery discovery;
  RecordMeasurer measurer(&discovery);
  auto run = [&](MetricsShard* shard) {
    const std::string_view* paths = recorder.paths.data();
    for (size_t r = 0; r < record_count; ++r) {
      measurer.BeginRecord();
      for (size_t i = recorder.records[r]; i < recorder.records[r + 1]; ++i) {
        const Member& m = recorder.members[i];
        std::span<const std::string_view> path(paths + m.path_begin, m.path_size);
        if (m.is_string) {
          measurer.OnString(path, m.value);
        } else {
          measurer.OnNumber(path, m.value);
        }
      }
      measurer.EndRecord(shard);
    }
  };
  MetricsShard check(0);
  run(&check);
  Check(check.status_total() == corpus.with_status, "status count");
  Check(check.LatencyOverall().count() == corpus.with_status, "latency count");
  MetricsShard shard(0);
  for (auto _ : state) {
    run(&shard);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * record_count));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
  state.counters["members/record"] =
      static_cast<double>(recorder.members.size()) / static_cast<double>(record_count);
  state.counters["ns/record"] = benchmark::Counter(
      static_cast<double>(record_count),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_MeasurerCallbacks);

template <bool kMeasure>
void BM_ParseWalk(benchmark::State& state) {
  const Corpus& corpus = TheCorpus();
  simdjson::ondemand::parser parser;
  FieldDiscovery discovery;
  RecordMeasurer measurer(&discovery);
  NullMeasurer null_measurer;
  testing::MemberWalker<RecordMeasurer> measuring(&measurer);
  testing::MemberWalker<NullMeasurer> plain(&null_measurer);
  MetricsShard shard(0);
  auto run = [&] {
    for (const auto& r : corpus.records) {
      if constexpr (kMeasure) {
        Check(measuring.Walk(&parser, r), "walk");
        measurer.EndRecord(&shard);
      } else {
        Check(plain.Walk(&parser, r), "walk");
      }
    }
  };
  run();
  if constexpr (kMeasure) Check(shard.status_total() == corpus.with_status, "status count");
  for (auto _ : state) {
    run();
    benchmark::DoNotOptimize(null_measurer.sink);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * corpus.records.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
  state.counters["ns/record"] = benchmark::Counter(
      static_cast<double>(corpus.records.size()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_ParseWalk<false>)->Name("BM_ParseWalk");
void BM_ParseWalkFilter(benchmark::State& state) {
  const Corpus& corpus = TheCorpus();
  simdjson::ondemand::parser parser;
  FieldDiscovery discovery;
  FilterOnly f{&discovery};
  testing::MemberWalker<FilterOnly> w(&f);
  for (const auto& r : corpus.records) Check(w.Walk(&parser, r), "walk");
  for (auto _ : state) {
    for (const auto& r : corpus.records) w.Walk(&parser, r);
    benchmark::DoNotOptimize(f.sink);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * corpus.records.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
  state.counters["ns/record"] = benchmark::Counter(
      static_cast<double>(corpus.records.size()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_ParseWalkFilter);
BENCHMARK(BM_ParseWalk<true>)->Name("BM_ParseWalkMeasure");

}  // namespace
}  // namespace sluice
