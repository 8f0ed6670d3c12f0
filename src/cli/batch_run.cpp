#include "cli/batch_run.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <chrono>
#include <memory>
#include <thread>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/exit_codes.h"
#include "cli/progress_meter.h"
#include "cli/run_report.h"
#include "ingest/chunk_reader.h"
#include "ingest/input_opener.h"
#include "runtime/pipeline.h"
#include "sink/output_file.h"
#include "sink/output_sink.h"
#include "worker/record_worker.h"

namespace sluice {
namespace {

std::atomic<Pipeline*> g_running{nullptr};
std::atomic<int> g_signals{0};

void OnStopSignal(int) {
  if (g_signals.fetch_add(1) > 0) _exit(kExitInterrupted);  // second signal: leave now
  if (Pipeline* p = g_running.load()) p->RequestStop();
}

void InstallSignalHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe shows up as EPIPE instead
}

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Refuses inputs that cannot be read, or that a file this run writes (the
// output, the dead letter, a metrics file) would overwrite, before anything
// is written.
bool CheckInputs(const std::vector<std::string>& inputs, const std::vector<std::string>& writes) {
  std::vector<struct stat> written;
  for (const std::string& path : writes) {
    struct stat st {};
    if (!path.empty() && path != "-" && ::stat(path.c_str(), &st) == 0) written.push_back(st);
  }
  for (const std::string& path : inputs) {
    if (path == "-") continue;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || ::access(path.c_str(), R_OK) != 0) {
      std::fprintf(stderr, "sluice: %s: %s\n", path.c_str(), std::strerror(errno));
      return false;
    }
    if (S_ISDIR(st.st_mode)) {
      std::fprintf(stderr, "sluice: %s: is a directory\n", path.c_str());
      return false;
    }
    for (const struct stat& out_st : written) {
      if (st.st_dev == out_st.st_dev && st.st_ino == out_st.st_ino) {
        std::fprintf(stderr, "sluice: %s: is both an input and an output\n", path.c_str());
        return false;
      }
    }
  }
  return true;
}

// Total size of the inputs when all are regular files; 0 if any size is unknown.
uint64_t TotalInputBytes(const std::vector<std::string>& inputs) {
  uint64_t total = 0;
  for (const std::string& path : inputs) {
    struct stat st {};
    if (path == "-" || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    total += static_cast<uint64_t>(st.st_size);
  }
  return total;
}

}  // namespace

std::shared_ptr<const RedactionRules> LoadRules(const BatchOptions& options) {
  RulesOptions rules;
  rules.files = options.rules;
  rules.extend_default = !options.no_default_rules;
  rules.strict = options.strict;
  rules.hash_key_file = options.hash_key_file;
  return RedactionRules::Shared(rules);
}

int RunBatch(const BatchOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::string> inputs = options.inputs;
  if (inputs.empty()) inputs.push_back("-");
  std::vector<std::string> writes = options.metrics;
  writes.push_back(options.output);
  writes.push_back(options.dead_letter);
  if (!CheckInputs(inputs, writes)) return kExitInputError;

  const bool compress = options.compression == Compression::kZstd ||
                        (options.compression == Compression::kAuto && EndsWith(options.output, ".zst"));
  if (compress && options.output == "-" && isatty(STDOUT_FILENO) && !options.force) {
    std::fprintf(stderr,
                 "sluice: refusing to write compressed data to a terminal (use -o FILE, or -f)\n");
    return kExitUsage;
  }

  std::shared_ptr<const RedactionRules> rules;
  try {
    rules = LoadRules(options);
  } catch (const RulesError& e) {
    std::fprintf(stderr, "sluice: %s\n", e.what());
    return kExitUsage;
  }
  if (rules->rule_count() <= 1 && !options.quiet) {  // only the undecided pseudo-rule
    std::fprintf(stderr, "sluice: warning: no redaction rules (--no-default-rules without --rules "
                         "that add any): nothing will be redacted\n");
  }
  FieldDiscovery discovery;
  for (const std::string& path : options.metrics) {
    if (!IsKnownMetricsFormat(path)) {
      std::fprintf(stderr, "sluice: %s: unknown metrics format (use .json or .prom)\n", path.c_str());
      return kExitUsage;
    }
  }

  OutputFile output;
  if (!output.Open(options.output)) {
    std::fprintf(stderr, "sluice: %s\n", output.error().c_str());
    return kExitOutputError;
  }
  OutputFile dead_letter;
  if (!options.dead_letter.empty() && !dead_letter.Open(options.dead_letter)) {
    std::fprintf(stderr, "sluice: %s\n", dead_letter.error().c_str());
    output.Abandon();
    return kExitOutputError;
  }

  int threads = options.threads > 0 ? options.threads
                                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  WorkerOptions worker_options;
  worker_options.max_line_bytes = options.max_line_bytes;
  worker_options.compress = compress;
  worker_options.level = options.level;
  worker_options.input_format = static_cast<InputFormat>(options.input_format);
  worker_options.keep_envelope = options.keep_envelope;
  worker_options.envelope.key = options.envelope_key;
  std::string bad_field;
  if (!ParseEnvelopeFields(options.envelope_fields, &worker_options.envelope.fields, &bad_field)) {
    std::fprintf(stderr, "sluice: --envelope-fields: unknown field '%s'\n", bad_field.c_str());
    output.Abandon();
    return kExitUsage;
  }
  std::vector<std::unique_ptr<RecordWorker>> workers;
  std::vector<ChunkWorker*> worker_ptrs;
  for (int i = 0; i < threads; ++i) {
    workers.push_back(std::make_unique<RecordWorker>(worker_options, rules, &discovery));
    worker_ptrs.push_back(workers.back().get());
  }

  std::vector<std::string> names;
  for (const std::string& p : inputs) names.push_back(InputDisplayName(p));
  ChunkReader reader(inputs, std::chrono::milliseconds(
                                 static_cast<int64_t>(options.flush_interval * 1000)));
  OutputSink sink(&output, options.dead_letter.empty() ? nullptr : &dead_letter, names, compress);

  PipelineOptions pipeline_options;
  // A chunk must hold the longest line allowed, whole.
  pipeline_options.chunk_capacity = std::max(options.chunk_bytes, options.max_line_bytes + 1);
  Pipeline pipeline(pipeline_options);
  reader.set_stop_signal(&pipeline.stop_signal());
  InstallSignalHandlers();
  g_running.store(&pipeline);
  std::unique_ptr<ProgressMeter> progress;
  const uint64_t total_bytes = TotalInputBytes(inputs);
  if (!options.quiet && !options.no_progress && total_bytes > 0 && isatty(STDERR_FILENO)) {
    progress = std::make_unique<ProgressMeter>(stderr, total_bytes, [&reader, &sink] {
      return ProgressSample{reader.raw_bytes_read(), sink.lines_done(), sink.dead_letters()};
    });
    progress->Start();
  }
  PipelineResult result = pipeline.Run(&reader, worker_ptrs, &sink);
  if (progress) progress->Stop();
  g_running.store(nullptr);

  bool output_failed = result.sink_failed;
  std::string output_error = sink.error();
  if (!output_failed && !output.Close()) {
    output_failed = true;
    output_error = output.error();
  }
  if (!output_failed && !options.dead_letter.empty() && !dead_letter.Close()) {
    output_failed = true;
    output_error = dead_letter.error();
  }
  if (output_failed) {
    if (output.broken_pipe()) return kExitOk;  // `sluice ... | head`: the reader left, fine
    std::fprintf(stderr, "sluice: %s\n", output_error.c_str());
    output.Abandon();
    if (!options.dead_letter.empty()) dead_letter.Abandon();
    return kExitOutputError;
  }

  std::vector<const MetricsShard*> shards;
  for (const auto& w : workers) shards.push_back(&w->metrics());
  std::vector<std::string> rule_names;
  for (size_t i = 0; i < rules->rule_count(); ++i) rule_names.push_back(rules->rule(i).name);
  RunFacts facts;
  facts.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  facts.inputs = inputs;
  RunReport report{MetricsReport::FromShards(shards, rule_names, facts), {}, 0, {}, false};
  report.output_path = options.output;
  report.output_bytes = output.bytes_written();
  report.dead_letter_path = options.dead_letter;
  report.interrupted = pipeline.stop_requested();

  for (const std::string& path : options.metrics) {
    std::string error;
    if (!WriteMetricsFile(report, path, &error)) {
      std::fprintf(stderr, "sluice: %s\n", error.c_str());
      return kExitOutputError;
    }
  }
  for (const std::string& e : reader.errors()) std::fprintf(stderr, "sluice: %s\n", e.c_str());
  if (!options.quiet && (options.summary || isatty(STDERR_FILENO))) {
    std::fputs(FormatSummary(report).c_str(), stderr);
  }
  if (!reader.errors().empty()) return kExitInputError;
  return kExitOk;
}

}  // namespace sluice
