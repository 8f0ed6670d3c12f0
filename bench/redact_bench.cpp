// BM_Redact: the redaction stage alone, on already-parsed input.
//
// What is timed: a RecordRedactor fed the exact calls the record walk makes in
// a run (BeginRecord, OnKey and OnRawKey for every key, OnString and OnNumber
// for every string and number, OnPairName for a name/value pair's name,
// OnProgramArgument for an argument array's elements, OnCommandLineNext,
// OnReplaceValue / OnRemove where a key rule fired), replayed from a recording,
// then AppendRedacted writing each record out. So it costs key matching, value
// scanning, edits and output assembly, and no simdjson. The recording is made
// once by walking the bench input with a RecordRedactor deciding (so the
// replace/drop calls are the ones the rules really ask for); only the public
// RecordRedactor / RedactionRules API is used, so it keeps working when the
// rules engine changes.
// Check before timing: the replayed output equals RecordWorker's output for
// every chunk, byte for byte.
//
//   build/bench/sluice_bench --benchmark_filter=BM_Redact$
#include <benchmark/benchmark.h>

#include <cstdio>
#include <deque>
#include <unordered_map>
#include <string>
#include <vector>

#include "bench_input.h"
#include "metrics/field_discovery.h"
#include "parse/chunk_parser.h"
#include "parse/record_walker.h"
#include "redact/record_redactor.h"
#include "redact/redaction_rules.h"
#include "worker/record_worker.h"

namespace sluice::bench {
namespace {

struct Event {
  // kCommandLineNext's rule is its argument; kProgramArgument's index is the
  // element's, and its reader the address of the array's reader when
  // recorded, which names the reader the replay keeps for it.
  enum Kind : uint8_t {
    kKey, kRawKey, kPairName, kProgramArgument, kCommandLineNext, kString, kNumber, kReplace, kRemove
  } kind;
  int16_t rule;
  const char* begin;  // into the chunk, or into Recording::keys for unescaped keys
  const char* end;
  uint32_t index = 0;
  const void* reader = nullptr;
};

struct RecordedLine {
  const char* line;
  uint32_t size;
  uint32_t first_event;
};

struct Recording {
  std::vector<Event> events;
  std::vector<RecordedLine> records;  // committed records only, in order
  std::vector<size_t> chunk_first_record;
  std::deque<std::string> keys;       // unescaped keys (rare), kept alive (stable addresses)
  uint64_t bytes = 0;                 // bytes of the recorded records, with newlines
};

// ChunkParser handler and RecordWalker visitor that lets a real RecordRedactor
// decide and writes down every call made to it.
class RecordingHandler {
 public:
  RecordingHandler(const RedactionRules* rules, Recording* rec) : redactor_(rules), rec_(rec) {}

  simdjson::error_code WalkRecord(std::string_view line, ondemand::object& object) {
    first_event_ = rec_->events.size();
    line_ = line;
    redactor_.BeginRecord(line);
    simdjson::error_code error = walker_.Walk(object, line.data() + line.size(), this);
    if (!error && redactor_.failed()) error = simdjson::STRING_ERROR;
    return error;
  }
  void CommitRecord(uint64_t, std::string_view line) {
    rec_->records.push_back({line.data(), static_cast<uint32_t>(line.size()),
                             static_cast<uint32_t>(first_event_)});
    rec_->bytes += line.size() + 1;
    first_event_ = rec_->events.size();
  }
  // Also called when parsing failed before any walk: then there is nothing to drop.
  void AbortRecord() { rec_->events.resize(first_event_); }
  void OnMalformed(uint64_t, std::string_view, Malformed) {}

  KeyDecision OnKey(std::string_view key) {
    const char* begin = key.data();
    if (begin < line_.data() || begin >= line_.data() + line_.size()) {
      rec_->keys.emplace_back(key);  // unescaped into the walker's scratch: keep a copy
      begin = rec_->keys.back().data();
    }
    rec_->events.push_back({Event::kKey, -1, begin, begin + key.size()});
    return redactor_.OnKey(key);
  }
  void OnRawKey(std::string_view body) {
    rec_->events.push_back({Event::kRawKey, -1, body.data(), body.data() + body.size()});
    redactor_.OnRawKey(body);
  }
  KeyDecision OnPairName(std::string_view body) {
    rec_->events.push_back({Event::kPairName, -1, body.data(), body.data() + body.size()});
    return redactor_.OnPairName(body);
  }
  using ProgramReader = RecordRedactor::ProgramReader;
  ArgumentRole OnProgramArgument(ProgramReader* reader, size_t index, const char* begin, const char* end) {
    rec_->events.push_back({Event::kProgramArgument, -1, begin, end, static_cast<uint32_t>(index), reader});
    return redactor_.OnProgramArgument(reader, index, begin, end);
  }
  void OnCommandLineNext(bool next) {
    rec_->events.push_back({Event::kCommandLineNext, static_cast<int16_t>(next), nullptr, nullptr});
    redactor_.OnCommandLineNext(next);
  }
  void OnString(const KeyPath&, std::string_view body) {
    rec_->events.push_back({Event::kString, -1, body.data(), body.data() + body.size()});
    redactor_.OnString(body);
  }
  void OnNumber(const KeyPath&, std::string_view token) {
    rec_->events.push_back({Event::kNumber, -1, token.data(), token.data() + token.size()});
    redactor_.OnNumber(token);
  }
  void OnReplaceValue(int rule, const char* begin, const char* end) {
    rec_->events.push_back({Event::kReplace, static_cast<int16_t>(rule), begin, end});
    redactor_.OnReplaceValue(rule, begin, end);
  }
  void OnRemove(int rule, const char* begin, const char* end) {
    rec_->events.push_back({Event::kRemove, static_cast<int16_t>(rule), begin, end});
    redactor_.OnRemove(rule, begin, end);
  }

 private:
  RecordRedactor redactor_;
  RecordWalker<RecordingHandler> walker_;
  Recording* rec_;
  std::string_view line_;
  size_t first_event_ = 0;
};

// Replays records [first, last) into `redactor`, appending the output to *out.
void Replay(const Recording& rec, size_t first, size_t last, RecordRedactor* redactor,
            std::string* out) {
  // The readers of the argument arrays, by the address they had when recorded.
  std::unordered_map<const void*, RecordRedactor::ProgramReader> reader_of;
  for (size_t r = first; r < last; ++r) {
    const RecordedLine& line = rec.records[r];
    const size_t end_event = r + 1 < rec.records.size() ? rec.records[r + 1].first_event
                                                        : rec.events.size();
    redactor->BeginRecord(std::string_view(line.line, line.size));
    for (size_t e = line.first_event; e < end_event; ++e) {
      const Event& ev = rec.events[e];
      switch (ev.kind) {
        case Event::kKey:
          benchmark::DoNotOptimize(
              redactor->OnKey(std::string_view(ev.begin, static_cast<size_t>(ev.end - ev.begin))));
          break;
        case Event::kRawKey:
          redactor->OnRawKey(std::string_view(ev.begin, static_cast<size_t>(ev.end - ev.begin)));
          break;
        case Event::kPairName:
          benchmark::DoNotOptimize(
              redactor->OnPairName(std::string_view(ev.begin, static_cast<size_t>(ev.end - ev.begin))));
          break;
        case Event::kProgramArgument:
          redactor->OnProgramArgument(&reader_of[ev.reader], ev.index, ev.begin, ev.end);
          break;
        case Event::kCommandLineNext:
          redactor->OnCommandLineNext(ev.rule != 0);
          break;
        case Event::kString:
          redactor->OnString(std::string_view(ev.begin, static_cast<size_t>(ev.end - ev.begin)));
          break;
        case Event::kNumber:
          redactor->OnNumber(std::string_view(ev.begin, static_cast<size_t>(ev.end - ev.begin)));
          break;
        case Event::kReplace:
          redactor->OnReplaceValue(ev.rule, ev.begin, ev.end);
          break;
        case Event::kRemove:
          redactor->OnRemove(ev.rule, ev.begin, ev.end);
          break;
      }
    }
    redactor->AppendRedacted(std::string_view(line.line, line.size), out);
    out->push_back('\n');
  }
}

void BM_Redact(benchmark::State& state) {
  const BenchInput& input = TheBenchInput();
  std::shared_ptr<const RedactionRules> rules = RedactionRules::Default();

  Recording rec;
  {
    ChunkParser parser(1 << 20);
    RecordingHandler handler(rules.get(), &rec);
    for (const auto& chunk : input.chunks) {
      rec.chunk_first_record.push_back(rec.records.size());
      parser.Parse(chunk->data(), chunk->size(), &handler);
    }
    rec.chunk_first_record.push_back(rec.records.size());
  }
  Check(!rec.records.empty(), "BM_Redact: some records");
  if (input.truth) Check(rec.records.size() == input.truth->records, "BM_Redact: records (truth)");

  // Reference: the worker's own output, chunk by chunk.
  RecordRedactor redactor(rules.get());
  {
    FieldDiscovery discovery;
    // Journal envelopes stay whole records here, as the recording walks them
    // (unwrapping is the worker's business, not the redactor's).
    WorkerOptions options;
    options.input_format = InputFormat::kNdjson;
    RecordWorker worker(options, rules, &discovery);
    std::string out;
    for (size_t c = 0; c < input.chunks.size(); ++c) {
      Chunk* chunk = input.chunks[c].get();
      ClearOutput(chunk);
      worker.Process(chunk);
      out.clear();
      Replay(rec, rec.chunk_first_record[c], rec.chunk_first_record[c + 1], &redactor, &out);
      if (out != chunk->out) {
        size_t k = 0;
        while (k < out.size() && k < chunk->out.size() && out[k] == chunk->out[k]) ++k;
        size_t from = k > 300 ? k - 300 : 0;
        std::fprintf(stderr, "chunk %zu differs at %zu (sizes %zu %zu)\nreplay: %s\nworker: %s\n", c, k,
                     out.size(), chunk->out.size(), out.substr(from, 400).c_str(),
                     chunk->out.substr(from, 400).c_str());
      }
      Check(out == chunk->out, "BM_Redact: replayed output equals RecordWorker's");
    }
  }

  std::string out;
  out.reserve(2 * kChunkBytes);
  size_t c = 0;
  uint64_t bytes = 0;
  uint64_t lines = 0;
  const size_t chunks = rec.chunk_first_record.size() - 1;
  for (auto _ : state) {
    const size_t first = rec.chunk_first_record[c];
    const size_t last = rec.chunk_first_record[c + 1];
    out.clear();
    Replay(rec, first, last, &redactor, &out);
    for (size_t r = first; r < last; ++r) bytes += rec.records[r].size + 1;
    lines += last - first;
    if (++c == chunks) c = 0;
  }
  benchmark::DoNotOptimize(out.data());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(lines));
  state.counters["events_per_record"] =
      static_cast<double>(rec.events.size()) / static_cast<double>(rec.records.size());
}
BENCHMARK(BM_Redact)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace sluice::bench
