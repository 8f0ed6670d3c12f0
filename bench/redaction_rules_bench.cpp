// Benchmarks of the redaction rules engine on typical service-log strings:
// ScanValue on clean values (the common case, the one the 1 GB/s budget
// hinges on), on values holding secrets, MatchKey on member keys, and for
// reference the approach it replaces (one RE2::Set over every value), and
// MarkLine, the whole-line prefilter pass, over the bench input's lines.
// Every benchmark checks its results before timing (SkipWithError otherwise).
// Run: build/bench/sluice_bench --benchmark_filter='ScanValue|MatchKey|RE2Set|MarkLine'
#include <benchmark/benchmark.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bench_input.h"
#include "redact/line_marks.h"
#include "redact/redaction_rules.h"

namespace sluice {
namespace {

// Clean string values by kind, as they come out of JSON service logs.
const std::vector<std::vector<std::string>>& CleanCorpus() {
  static const std::vector<std::vector<std::string>> corpus = {
      // 0: log messages
      {"GET /api/v1/users/42 200 15ms", "request completed", "connection established to upstream",
       "cache miss for key user:42:profile", "retrying in 250ms (attempt 2/5)",
       "Processed 1500 records in 2.31s", "worker pool resized from 8 to 16",
       "upstream returned 503 Service Unavailable, failing over to replica-2",
       "user 8812 updated their shipping address", "scheduled job nightly-report finished",
       "slow query detected: SELECT id, name FROM orders WHERE status = $1 LIMIT 100",
       "failed to parse config value, using default timeout of 30s",
       "payment intent created for order 100234 amount=4999 currency=usd",
       "TLS handshake completed with cipher TLS_AES_128_GCM_SHA256",
       "java.lang.IllegalStateException: Connection pool shut down",
       "\tat com.example.orders.OrderService.place(OrderService.java:214)"},
      // 1: identifiers, timestamps, levels, short fields
      {"550e8400-e29b-41d4-a716-446655440000", "2024-01-15T10:30:00.123Z",
       "2024-01-15T10:30:00.123456+01:00", "INFO", "ERROR", "orders-api",
       "orders-api-7d9f8b6c5d-x2k4p", "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
       "eu-west-1", "production", "v2.14.3", "application/json", "POST", "us-east-1a",
       "i-0abcd1234ef567890", "200", "12.5ms"},
      // 2: paths and URLs
      {"/api/v1/orders/100234/items?page=2&per_page=50",
       "/var/log/containers/orders-api-7d9f8b6c5d-x2k4p_default_orders-api-0a1b2c.log",
       "https://api.example.com/v1/customers/cus_9s6XKzkNRiz8i3/invoices",
       "/v2/library/nginx/blobs/sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
       "/static/js/main.4f3c2a1b.chunk.js", "s3://example-logs/2024/01/15/part-00042.json.gz",
       "/healthz", "/metrics"},
      // 3: user agents
      {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/120.0.0.0 Safari/537.36",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
       "Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
       "curl/8.4.0", "Go-http-client/1.1", "python-requests/2.31.0",
       "kube-probe/1.28", "Prometheus/2.48.1"},
  };
  return corpus;
}

std::vector<std::string> AllClean() {
  std::vector<std::string> all;
  for (const auto& kind : CleanCorpus()) all.insert(all.end(), kind.begin(), kind.end());
  return all;
}

std::vector<std::string> SecretValues() {
  return {
      "Authorization failed for Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
      "eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
      "charge failed for card 4111 1111 1111 1111 (insufficient funds)",
      "password reset mail sent to bob.smith@example.com",
      "connecting to postgres://app:s3cr3t-pw@db.internal:5432/orders",
      "GET /oauth/callback?code=abc&access_token=ya29.a0AfH6SMBx-secret&state=xyz",
      "login failed password=hunter2 user=bob",
      "using key AKIAIOSFODNN7EXAMPLE for s3 upload",
      "token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 expired",
      "webhook https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX returned 404",
      "payload {\"api_key\": \"k-9f8e7d6c5b4a\", \"retries\": 3}",
  };
}

std::vector<std::string> Keys() {
  return {"timestamp", "level", "msg", "message", "service", "trace_id", "span_id", "user_id",
          "http.method", "http.status_code", "duration_ms", "url", "user_agent", "host", "pod",
          "region", "request_id", "error", "stack", "tokens_used", "password", "Authorization",
          "X-Api-Key", "session_id"};
}

int64_t TotalBytes(const std::vector<std::string>& values) {
  int64_t n = 0;
  for (const auto& v : values) n += static_cast<int64_t>(v.size());
  return n;
}

// want: the status every value must give; kUndecided to only refuse kUndecided.
void ScanAll(benchmark::State& state, const RedactionRules& rules,
             const std::vector<std::string>& values, ScanStatus want) {
  std::vector<ValueMatch> matches;
  matches.reserve(64);
  for (const auto& v : values) {
    matches.clear();
    const ScanStatus got = rules.ScanValue(v, &matches);
    if (want == ScanStatus::kUndecided ? got == ScanStatus::kUndecided : got != want) {
      state.SkipWithError(("unexpected scan result for: " + v).c_str());
      return;
    }
  }
  for (auto _ : state) {
    for (const auto& v : values) {
      matches.clear();
      benchmark::DoNotOptimize(rules.ScanValue(v, &matches));
    }
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes(values));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(values.size()));
}

void BM_ScanValue_Clean(benchmark::State& state) {
  const auto rules = RedactionRules::Default();
  const int kind = static_cast<int>(state.range(0));
  const std::vector<std::string> values = kind < 0 ? AllClean() : CleanCorpus()[kind];
  static const char* const kNames[] = {"messages", "ids_timestamps", "paths", "user_agents"};
  state.SetLabel(kind < 0 ? "all" : kNames[kind]);
  ScanAll(state, *rules, values, ScanStatus::kClean);
}
BENCHMARK(BM_ScanValue_Clean)->Arg(-1)->Arg(0)->Arg(1)->Arg(2)->Arg(3);

void BM_ScanValue_CleanStrict(benchmark::State& state) {
  RulesOptions options;
  options.strict = true;
  const auto rules = RedactionRules::Load(options);
  // Strict finds the IPv4-shaped "120.0.0.0" of a user agent: accept matches.
  ScanAll(state, *rules, AllClean(), ScanStatus::kUndecided);
}
BENCHMARK(BM_ScanValue_CleanStrict);

void BM_ScanValue_Secrets(benchmark::State& state) {
  const auto rules = RedactionRules::Default();
  ScanAll(state, *rules, SecretValues(), ScanStatus::kMatched);
}
BENCHMARK(BM_ScanValue_Secrets);

// Hostile text: a pair's key repeated with no end to its value (1 MiB of
// "Key="). Each value is read only as far as a name can reach, so this is
// linear; read to its end at each key it took ~40 s.
void BM_ScanValue_RepeatedPairKeys(benchmark::State& state) {
  const auto rules = RedactionRules::Default();
  std::string text;
  while (text.size() < (1u << 20)) text += "Key=";
  std::vector<ValueMatch> matches;
  bench::Check(rules->ScanValue(text, &matches) == ScanStatus::kClean, "BM_ScanValue_RepeatedPairKeys: clean");
  for (auto _ : state) {
    matches.clear();
    benchmark::DoNotOptimize(rules->ScanValue(text, &matches));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ScanValue_RepeatedPairKeys);

void BM_MatchKey(benchmark::State& state) {
  const auto rules = RedactionRules::Default();
  const std::vector<std::string> keys = Keys();
  int sensitive = 0;
  for (const auto& k : keys) sensitive += rules->MatchKey(k) != RedactionRules::kNoRule;
  if (sensitive != 4) {
    state.SkipWithError("unexpected MatchKey results");
    return;
  }
  for (auto _ : state) {
    for (const auto& k : keys) benchmark::DoNotOptimize(rules->MatchKey(k));
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes(keys));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(keys.size()));
}
BENCHMARK(BM_MatchKey);

// RedactionRules::MarkLine over lines of the bench input, as the redactor
// runs it once per record: the cost of the marking pass alone. The worker
// marks a line the parser has just read, from cache; so here a sample of
// about 512 KiB of lines (one in every few), copied side by side as in a
// chunk, which stays in cache, not the whole input streamed from memory.
void BM_MarkLine(benchmark::State& state) {
  constexpr size_t kSampleBytes = 512 * 1024;
  const auto rules = RedactionRules::Default();
  const bench::BenchInput& input = bench::TheBenchInput();
  const size_t sample_every = std::max<size_t>(1, input.text.size() / kSampleBytes);
  std::vector<std::pair<size_t, size_t>> ranges;  // in `sample`
  std::string sample;
  size_t index = 0;
  for (const auto& chunk : input.chunks) {
    std::string_view text(chunk->data(), chunk->size());
    while (!text.empty()) {
      const size_t end = std::min(text.find('\n'), text.size());
      if (end > 0 && index++ % sample_every == 0) {
        ranges.emplace_back(sample.size(), end);
        sample.append(text.substr(0, end));
        sample.push_back('\n');
      }
      text.remove_prefix(std::min(end + 1, text.size()));
    }
  }
  sample.append(64, '\0');  // padding, as chunks have
  std::vector<std::string_view> lines;
  int64_t bytes = 0;
  for (const auto& [begin, size] : ranges) {
    lines.emplace_back(sample.data() + begin, size);
    bytes += static_cast<int64_t>(size);
  }
  // Check: a line holding a JWT's "eyJ" has a mark; some lines have none.
  LineMarks marks;
  size_t quiet_lines = 0;
  for (std::string_view line : lines) {
    rules->MarkLine(line, &marks);
    const bool quiet = marks.Quiet(line);
    quiet_lines += quiet;
    if (quiet && line.find("eyJ") != std::string_view::npos) {
      state.SkipWithError("a line with a JWT prefix has no mark");
      return;
    }
  }
  if (quiet_lines == 0 || quiet_lines == lines.size()) {
    state.SkipWithError("expected both marked and quiet lines");
    return;
  }
  for (auto _ : state) {
    for (std::string_view line : lines) {
      rules->MarkLine(line, &marks);
      benchmark::ClobberMemory();
    }
  }
  state.SetBytesProcessed(state.iterations() * bytes);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(lines.size()));
  state.counters["quiet_lines"] = static_cast<double>(quiet_lines) / static_cast<double>(lines.size());
}
BENCHMARK(BM_MarkLine)->Unit(benchmark::kMicrosecond);

// The approach the prefilter replaces: every value through one RE2::Set of
// nine of the default patterns.
void BM_RE2SetBaseline_Clean(benchmark::State& state) {
  RE2::Options options;
  options.set_log_errors(false);
  RE2::Set set(options, RE2::UNANCHORED);
  for (const char* re : {
           R"(\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{2,}(?:\.[A-Za-z0-9_-]*){1,3})",
           R"((?i)\bbearer\s+([A-Za-z0-9._~+/=-]{16,}))",
           R"((?:^|[^0-9])((?:[0-9][ -]?){12,18}[0-9])(?:$|[^0-9]))",
           R"((?i)([a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}))",
           R"((?i)\b[a-z][a-z0-9+.-]*://[^\s/?#@:]*:([^\s/?#]+)@)",
           R"(\b(?:AKIA|ASIA)[A-Z0-9]{16}\b)",
           R"(\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255}))",
           R"(\bxox[abposr]-[A-Za-z0-9-]{10,})",
           R"((?i)(?:password|passwd|secret|token|api_?key)\s*[=:]\s*\S+)"}) {
    set.Add(re, nullptr);
  }
  set.Compile();
  const std::vector<std::string> values = AllClean();
  for (auto _ : state) {
    for (const auto& v : values) benchmark::DoNotOptimize(set.Match(v, nullptr));
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes(values));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(values.size()));
}
BENCHMARK(BM_RE2SetBaseline_Clean);

}  // namespace
}  // namespace sluice
