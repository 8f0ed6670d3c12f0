// `sluice daemon`; see daemon_runner.h.
// Tests: tests/daemon/*_test.cpp (the end-to-end ones run the built binary).
#include "daemon/daemon_runner.h"

#include <pthread.h>
#include <signal.h>
#include <systemd/sd-daemon.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <thread>

#include "daemon/checkpoint_store.h"
#include "daemon/checkpoint_writer.h"
#include "daemon/daemon_log.h"
#include "daemon/daemon_metrics.h"
#include "daemon/daemon_pipeline.h"
#include "daemon/file_tailer.h"
#include "daemon/http_server.h"
#include "daemon/journal_source.h"
#include "daemon/rotating_file_sink.h"
#include "daemon/snapshot_worker.h"
#include "daemon/socket_listener.h"
#include "daemon/stdout_sink.h"
#include "metrics/metrics_report.h"
#include "metrics/prometheus_writer.h"
#include "redact/redaction_rules.h"
#include "runtime/thread_name.h"

namespace sluice {
namespace {

using Clock = std::chrono::steady_clock;

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

std::chrono::milliseconds Ms(double seconds) {
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
}

LogLevel ParseLevel(const std::string& s) {
  if (s == "debug") return LogLevel::kDebug;
  if (s == "warn") return LogLevel::kWarn;
  if (s == "error") return LogLevel::kError;
  return LogLevel::kInfo;
}

// Throws RulesError.
std::shared_ptr<const RedactionRules> LoadDaemonRules(const DaemonConfig& c) {
  RulesOptions rules;
  rules.files = c.rules;
  rules.extend_default = c.default_rules;
  rules.strict = c.strict;
  rules.hash_key_file = c.hash_key_file;
  return RedactionRules::Shared(rules);
}

// The settings a reload cannot change in a running daemon.
std::vector<std::string> NeedsRestart(const DaemonConfig& a, const DaemonConfig& b) {
  std::vector<std::string> out;
  if (a.listen != b.listen) out.push_back("listen");
  if (a.stdin_source != b.stdin_source) out.push_back("stdin");
  if (a.output_dir != b.output_dir || a.sink != b.sink || a.FilePattern() != b.FilePattern()) out.push_back("output");
  if (a.dead_letter != b.dead_letter) out.push_back("dead_letter");
  if (a.compress != b.compress || a.level != b.level) out.push_back("compression");
  if (a.max_file_bytes != b.max_file_bytes || a.max_file_age != b.max_file_age || a.retain != b.retain) {
    out.push_back("output rotation");
  }
  if (a.commit_interval != b.commit_interval || a.commit_bytes != b.commit_bytes) out.push_back("state commits");
  if (a.scan_interval != b.scan_interval || a.poll_interval != b.poll_interval || a.rotate_wait != b.rotate_wait ||
      a.read_from_end != b.read_from_end) {
    out.push_back("tail timing");
  }
  if (a.max_connections != b.max_connections || a.flush_interval != b.flush_interval) out.push_back("sockets");
  if (a.state_dir != b.state_dir) out.push_back("state dir");
  if (a.http != b.http) out.push_back("http");
  if (a.threads != b.threads || a.chunk_bytes != b.chunk_bytes || a.max_line_bytes != b.max_line_bytes) {
    out.push_back("run");
  }
  if (a.journal != b.journal || a.journal_directory != b.journal_directory) out.push_back("journal");
  if (a.tail.empty() != b.tail.empty()) out.push_back("tail (adding or removing all globs)");
  return out;
}

}  // namespace

DaemonRunner::DaemonRunner(DaemonConfig config, std::function<DaemonConfig()> reload)
    : config_(std::move(config)), reload_(std::move(reload)) {}

DaemonExit DaemonRunner::Run() {
  const auto started = Clock::now();
  DaemonLog::SetLevel(ParseLevel(config_.log_level));
  // Signals go to one thread (below); block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGTERM, SIGINT, SIGHUP, SIGUSR1}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  std::shared_ptr<const RedactionRules> rules;
  try {
    rules = LoadDaemonRules(config_);
  } catch (const RulesError& e) {
    LogError("cannot load the redaction rules", {{"error", e.what()}});
    return DaemonExit::kBadConfig;
  }
  RulesBox rules_box(rules);

  CheckpointStore store(config_.state_dir);
  DaemonState state;
  bool have_state = false;
  if (!store.Open() || !store.Load(&state, &have_state)) {
    LogError("cannot use the state directory", {{"error", store.error()}});
    return DaemonExit::kStartFailed;
  }
  LogInfo(have_state ? "resuming from the checkpoint" : "first start: no checkpoint",
          {{"state", store.state_path()}, {"files", static_cast<uint64_t>(state.files.size())},
           {"output", state.sink.active_file}, {"committed", state.sink.committed_length}});

  std::unique_ptr<DaemonSink> sink;
  RotatingFileSink* file_sink = nullptr;
  if (config_.sink == "stdout") {
    sink = std::make_unique<StdoutSink>();
  } else {
    RotatingFileOptions fo;
    fo.dir = config_.output_dir;
    fo.pattern = config_.FilePattern();
    fo.max_bytes = config_.max_file_bytes;
    fo.max_age_seconds = config_.max_file_age;
    fo.retain = config_.retain;
    auto rotating = std::make_unique<RotatingFileSink>(fo);
    file_sink = rotating.get();
    sink = std::move(rotating);
  }
  if (!sink->Recover(state.sink)) {
    LogError("cannot open the output", {{"error", sink->error()}});
    return DaemonExit::kOutputFailed;
  }
  (void)file_sink;

  DaemonMetrics metrics;
  SourceRegistry registry;
  DaemonPipelineOptions po;
  po.chunk_capacity = std::max(config_.chunk_bytes, config_.max_line_bytes + 1);
  po.chunks_in_flight = config_.chunks_in_flight;
  DaemonPipeline pipeline(po, &metrics);

  std::vector<DaemonSource*> sources;
  std::unique_ptr<FileTailer> tailer;
  if (!config_.tail.empty()) {
    FileTailerOptions to;
    to.globs = config_.tail;
    to.read_from_end = config_.read_from_end;
    to.scan_interval = Ms(config_.scan_interval);
    to.poll_interval = Ms(config_.poll_interval);
    to.rotate_wait = Ms(config_.rotate_wait);
    tailer = std::make_unique<FileTailer>(to, &registry, &metrics, &pipeline.stop_signal());
    tailer->Restore(state.files, have_state);
    registry.SetPendingFiles(state.files);  // kept in checkpoints until the first scan resolves them
    sources.push_back(tailer.get());
  } else if (!state.files.empty()) {
    LogWarn("the checkpoint has file positions but no tail globs are configured",
            {{"files", static_cast<uint64_t>(state.files.size())}});
  }
  std::unique_ptr<SocketListener> listener;
  if (!config_.listen.empty() || config_.stdin_source) {
    SocketListenerOptions so;
    for (const std::string& l : config_.listen) {
      ListenAddress a;
      std::string error;
      if (!ParseListenAddress(l, &a, &error)) {
        LogError("bad listen address", {{"error", error}});
        return DaemonExit::kBadConfig;
      }
      so.addresses.push_back(a);
    }
    so.read_stdin = config_.stdin_source;
    so.max_connections = config_.max_connections;
    so.max_line_bytes = config_.max_line_bytes;
    so.flush_interval = Ms(config_.flush_interval);
    listener = std::make_unique<SocketListener>(so, &registry, &metrics, &pipeline.stop_signal());
    std::string error;
    if (!listener->Open(&error)) {
      LogError("cannot listen", {{"error", error}});
      return DaemonExit::kStartFailed;
    }
    sources.push_back(listener.get());
  }
  std::unique_ptr<JournalSource> journal;
  if (config_.journal) {
    JournalSourceOptions jo;
    jo.directory = config_.journal_directory;
    jo.read_from_end = config_.read_from_end && !have_state;
    jo.flush_interval = Ms(config_.flush_interval);
    journal = std::make_unique<JournalSource>(jo, &registry, &metrics, &pipeline.stop_signal());
    std::string error;
    if (!journal->Open(state.journal_cursor, &error)) {
      LogError("cannot read the journal", {{"error", error}});
      return DaemonExit::kStartFailed;
    }
    sources.push_back(journal.get());
  }

  WorkerOptions wo;
  wo.compress = config_.compress;
  wo.level = config_.level;
  wo.max_line_bytes = config_.max_line_bytes;
  wo.input_format = config_.input_format == "ndjson"    ? InputFormat::kNdjson
                    : config_.input_format == "journal" ? InputFormat::kJournal
                                                        : InputFormat::kAuto;
  FieldDiscovery discovery;
  const int threads = config_.threads > 0 ? config_.threads
                                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::unique_ptr<SnapshotWorker>> workers;
  std::vector<SnapshotWorker*> worker_ptrs;
  for (int i = 0; i < threads; ++i) {
    workers.push_back(std::make_unique<SnapshotWorker>(wo, &discovery, &rules_box));
    worker_ptrs.push_back(workers.back().get());
  }

  CheckpointWriterOptions cwo;
  cwo.compressed = config_.compress;
  cwo.commit_interval = Ms(config_.commit_interval);
  cwo.commit_bytes = config_.commit_bytes;
  CheckpointWriter writer(cwo, sink.get(), &store, &registry, &metrics, &pipeline.stop_signal());
  writer.set_journal_cursor(state.journal_cursor);
  DeadLetterFile dead_letter;
  if (!config_.dead_letter.empty()) {
    std::string error;
    if (!dead_letter.Open(config_.dead_letter, &error)) {
      LogError("cannot open the dead letter", {{"error", error}});
      return DaemonExit::kOutputFailed;
    }
    writer.set_dead_letter(&dead_letter);
  }
  // First start: name the active output file in the state before anything is
  // appended to it (a file no state names would keep uncommitted lines).
  if (!have_state && !writer.Commit()) {
    LogError("cannot save the first checkpoint", {{"error", store.error()}});
    return DaemonExit::kStartFailed;
  }

  auto metrics_text = [&] {
    uint64_t generation = 0;
    std::vector<std::string> names = RuleNames(*rules_box.Get(&generation));
    MetricsShard total(names.size());
    for (SnapshotWorker* w : worker_ptrs) {
      SnapshotWorker::Snapshot s = w->GetSnapshot();
      if (s.rule_names != names) RemapRedactions(s.rule_names, names, &s.shard);
      total.Merge(s.shard);
    }
    RunFacts facts;
    facts.elapsed_seconds = std::chrono::duration<double>(Clock::now() - started).count();
    MetricsReport report(std::move(total), names, facts);
    std::string out;
    AppendPrometheusMetrics(report, &out);
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    metrics.AppendPrometheus(now_ms, &out);
    return out;
  };
  auto ready = [&](std::string* why) {
    if (!metrics.sources_open.load()) *why = "sources not open yet";
    else if (!metrics.sink_up.load()) *why = "the sink is failing: " + std::string("see the log");
    else return true;
    return false;
  };
  std::unique_ptr<HttpServer> http;
  if (!config_.http.empty()) {
    std::string host, error;
    int port = 0;
    ParseHostPort(config_.http, &host, &port, &error);
    http = std::make_unique<HttpServer>(metrics_text, ready);
    if (!http->Start(host, port, &error)) {
      LogError("cannot start the HTTP server", {{"error", error}});
      return DaemonExit::kStartFailed;
    }
    LogInfo("http: serving /metrics, /health/live, /health/ready", {{"address", host + ":" + std::to_string(http->port())}});
  }

  // The signal thread: stop, reload, watchdog.
  std::atomic<bool> quitting{false};
  uint64_t watchdog_usec = 0;
  const bool watchdog = sd_watchdog_enabled(0, &watchdog_usec) > 0 && watchdog_usec > 0;
  metrics.writer_heartbeat_ms.store(SteadyMs());
  std::thread signal_thread([&] {
    SetThreadName(ThreadRole::kSignals);
    auto next_ping = Clock::now();
    int stops = 0;
    for (;;) {
      struct timespec ts = {0, 250 * 1000 * 1000};
      siginfo_t info;
      const int sig = sigtimedwait(&signals, &info, &ts);
      if (quitting.load()) break;
      if (sig == SIGTERM || sig == SIGINT) {
        if (++stops == 1) {
          LogInfo("stopping: draining what was read", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
          sd_notify(0, "STOPPING=1\nSTATUS=draining");
          pipeline.RequestStop();
        }
      } else if (sig == SIGHUP) {
        sd_notify(0, "RELOADING=1\nSTATUS=reloading");
        try {
          DaemonConfig next = reload_();
          next.Validate();
          std::shared_ptr<const RedactionRules> next_rules = LoadDaemonRules(next);
          for (const std::string& what : NeedsRestart(config_, next)) {
            LogWarn("reload: this change needs a restart; keeping the running value", {{"setting", what}});
          }
          rules_box.Set(next_rules);
          if (tailer && !next.tail.empty()) tailer->SetGlobs(next.tail);
          DaemonLog::SetLevel(ParseLevel(next.log_level));
          config_.tail = next.tail;
          config_.rules = next.rules;
          config_.log_level = next.log_level;
          metrics.reloads_ok.fetch_add(1);
          LogInfo("reload: config and rules applied", {{"rules", static_cast<uint64_t>(next_rules->rule_count())}});
        } catch (const std::exception& e) {
          metrics.reloads_failed.fetch_add(1);
          LogError("reload: refused a bad config; keeping the running one", {{"error", e.what()}});
        }
        sd_notify(0, "READY=1\nSTATUS=running");
      }
      if (watchdog && Clock::now() >= next_ping) {
        // Ping only while the writer makes progress (it beats even while retrying a failing sink).
        const int64_t age_ms = SteadyMs() - metrics.writer_heartbeat_ms.load();
        if (age_ms < static_cast<int64_t>(watchdog_usec / 1000)) sd_notify(0, "WATCHDOG=1");
        next_ping = Clock::now() + std::chrono::microseconds(watchdog_usec / 3);
      }
    }
  });

  LogInfo("daemon started", {{"sources", static_cast<uint64_t>(sources.size())}, {"workers", threads},
                             {"output", config_.sink == "stdout" ? std::string("stdout") : config_.output_dir}});
  sd_notify(0, "READY=1\nSTATUS=running");
  pipeline.Run(sources, worker_ptrs, &writer, [&] { metrics.writer_heartbeat_ms.store(SteadyMs()); });

  quitting.store(true);
  pthread_kill(signal_thread.native_handle(), SIGUSR1);
  signal_thread.join();
  if (http) http->Stop();
  if (writer.given_up()) {
    LogError("stopped with the sink failing; lines not written are counted as dropped");
    return DaemonExit::kOutputFailed;
  }
  LogInfo("stopped: everything read is written and checkpointed");
  return DaemonExit::kOk;
}

}  // namespace sluice
