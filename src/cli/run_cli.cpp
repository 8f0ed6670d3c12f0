// The command line: flags (CLI11), --help, dispatch to the batch run.
#include "cli/run_cli.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <unistd.h>
#include <map>

#include "cli/batch_run.h"
#include "cli/exit_codes.h"
#include "config/batch_config.h"
#include "daemon/daemon_config.h"
#include "daemon/daemon_runner.h"
#include "parse/journal_envelope.h"
#include "redact/redaction_rules.h"

namespace sluice {
namespace {

constexpr const char* kFooter = R"(Examples:
  journalctl -u api -o cat | sluice -o api.ndjson.zst
  sluice /var/log/app/*.log.gz -o clean.ndjson.zst --metrics summary.json --dead-letter bad.ndjson
  zstdcat clean.ndjson.zst | jq .

Inputs are read in order; gzip and zstd inputs are recognised by their content.
Output is newline-delimited JSON in input order; a .zst output (or --compress zstd)
is one zstd frame per chunk, readable by zstd -d and zstdcat.

Exit codes: 0 success; 1 an input could not be read (the others were processed);
2 bad usage; 3 the output could not be written (it is removed); 130 interrupted twice.)";

// Copies into *base the options the user gave on the command line.
void ApplyGivenFlags(const CLI::App& app, const BatchOptions& flags, BatchOptions* base) {
  auto given = [&](const char* name) { return app.count(name) > 0; };
  if (given("inputs")) base->inputs = flags.inputs;
  if (given("--output")) base->output = flags.output;
  if (given("--compress")) base->compression = flags.compression;
  if (given("--level")) base->level = flags.level;
  if (given("--threads")) base->threads = flags.threads;
  if (given("--dead-letter")) base->dead_letter = flags.dead_letter;
  if (given("--metrics")) base->metrics = flags.metrics;
  if (given("--max-line-bytes")) base->max_line_bytes = flags.max_line_bytes;
  if (given("--chunk-bytes")) base->chunk_bytes = flags.chunk_bytes;
  if (given("--input-format")) base->input_format = flags.input_format;
  if (given("--keep-envelope")) base->keep_envelope = flags.keep_envelope;
  if (given("--envelope-fields")) base->envelope_fields = flags.envelope_fields;
  if (given("--envelope-key")) base->envelope_key = flags.envelope_key;
  if (given("--flush-interval")) base->flush_interval = flags.flush_interval;
  if (given("--rules")) base->rules = flags.rules;
  if (given("--no-default-rules")) base->no_default_rules = flags.no_default_rules;
  if (given("--strict")) base->strict = flags.strict;
  if (given("--hash-key-file")) base->hash_key_file = flags.hash_key_file;
  if (given("--summary")) base->summary = flags.summary;
  if (given("--quiet")) base->quiet = flags.quiet;
  if (given("--no-progress")) base->no_progress = flags.no_progress;
  if (given("--force")) base->force = flags.force;
}

// `sluice check`: loads what a run would load and reports the first problem
// with its file and line.
int RunCheck(const std::string& config_path, const std::vector<std::string>& rule_files,
             const std::string& hash_key_file) {
  if (config_path.empty() && rule_files.empty()) {
    std::fprintf(stderr, "sluice check: give -c CONFIG and/or --rules FILE\n");
    return kExitUsage;
  }
  BatchOptions options;
  // What the command line adds to a config, as a run would take it.
  auto add_flags = [&] {
    for (const std::string& f : rule_files) options.rules.push_back(f);
    if (!hash_key_file.empty()) options.hash_key_file = hash_key_file;
  };
  try {
    if (!config_path.empty() && LooksLikeDaemonConfig(config_path)) {
      DaemonConfig daemon;
      LoadDaemonConfig(config_path, &daemon);
      options.rules = daemon.rules;
      options.no_default_rules = !daemon.default_rules;
      options.strict = daemon.strict;
      options.hash_key_file = daemon.hash_key_file;
      add_flags();
      std::shared_ptr<const RedactionRules> rules = LoadRules(options);
      std::printf("ok: daemon config %s, %zu redaction rules\n", config_path.c_str(), rules->rule_count());
      return kExitOk;
    }
    if (!config_path.empty()) LoadBatchConfig(config_path, &options);
    add_flags();
    std::shared_ptr<const RedactionRules> rules = LoadRules(options);
    std::string bad_field;
    std::vector<EnvelopeField> fields;
    if (!ParseEnvelopeFields(options.envelope_fields, &fields, &bad_field)) {
      throw ConfigError(config_path + ": unknown envelope field '" + bad_field + "'");
    }
    std::printf("ok: %zu redaction rules", rules->rule_count());
    if (!config_path.empty()) std::printf(", config %s", config_path.c_str());
    std::printf("\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sluice check: %s\n", e.what());
    return kExitUsage;
  }
  return kExitOk;
}

struct DaemonFlags {
  std::string config;
  std::vector<std::string> tail;
  std::vector<std::string> listen;
  bool stdin_source = false;
  std::string journal;
  std::string output_dir;
  std::string dead_letter;
  bool to_stdout = false;
  std::string compress;
  std::string state_dir;
  std::string http;
  int threads = 0;
  std::string log_level;
};

// The config file (if any) with the flags given on the command line over it.
// Throws ConfigError.
DaemonConfig BuildDaemonConfig(const CLI::App& app, const DaemonFlags& f) {
  DaemonConfig c;
  if (!f.config.empty()) LoadDaemonConfig(f.config, &c);
  auto given = [&](const char* name) { return app.count(name) > 0; };
  if (given("--tail")) c.tail = f.tail;
  if (given("--listen")) c.listen = f.listen;
  if (given("--stdin")) c.stdin_source = f.stdin_source;
  if (given("--journal")) {
    c.journal = true;
    c.journal_directory = f.journal == "system" ? "" : f.journal;
  }
  if (given("--output-dir")) c.output_dir = f.output_dir;
  if (given("--dead-letter")) c.dead_letter = f.dead_letter;
  if (given("--stdout")) c.sink = f.to_stdout ? "stdout" : "file";
  if (given("--compress")) c.compress = f.compress == "zstd";
  if (given("--state-dir")) c.state_dir = f.state_dir;
  if (given("--http")) c.http = f.http;
  if (given("--threads")) c.threads = f.threads;
  if (given("--log-level")) c.log_level = f.log_level;
  return c;
}

int RunDaemonCli(const CLI::App& app, const DaemonFlags& flags) {
  DaemonConfig config;
  try {
    config = BuildDaemonConfig(app, flags);
    config.Validate();
    if (config.sink == "stdout" && config.compress && isatty(STDOUT_FILENO)) {
      throw ConfigError("refusing to write compressed data to a terminal (use --compress none)");
    }
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "sluice daemon: %s\n", e.what());
    return kExitUsage;
  }
  DaemonRunner runner(config, [&app, flags] { return BuildDaemonConfig(app, flags); });
  switch (runner.Run()) {
    case DaemonExit::kOk: return kExitOk;
    case DaemonExit::kBadConfig: return kExitUsage;
    case DaemonExit::kStartFailed: return kExitInputError;
    case DaemonExit::kOutputFailed: return kExitOutputError;
  }
  return kExitOk;
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{"sluice: clean, measure and compress newline-delimited JSON logs", "sluice"};
  app.footer(kFooter);
  app.set_version_flag("-V,--version", "sluice 0.1.0");
  app.get_formatter()->column_width(34);

  BatchOptions o;
  std::string config_path;
  app.add_option("-c,--config", config_path,
                 "Pipeline config (TOML, e.g. pipeline/journal.toml); flags override it");
  app.add_option("inputs", o.inputs, "Input files (gzip/zstd detected); '-' or none: stdin");
  app.add_option("-o,--output", o.output, "Output file; '-' for stdout")->capture_default_str();
  std::map<std::string, Compression> compressions{
      {"auto", Compression::kAuto}, {"none", Compression::kNone}, {"zstd", Compression::kZstd}};
  app.add_option("--compress", o.compression,
                 "auto (zstd when the output ends in .zst), none or zstd")
      ->transform(CLI::CheckedTransformer(compressions, CLI::ignore_case))
      ->option_text("auto|none|zstd")
      ->default_str("auto");
  app.add_option("-l,--level", o.level, "zstd compression level")
      ->check(CLI::Range(-7, 22))
      ->capture_default_str();
  app.add_option("-j,--threads", o.threads, "Worker threads (default: one per core)")
      ->check(CLI::Range(1, 256));
  app.add_option("--dead-letter", o.dead_letter,
                 "Write malformed lines here (scrubbed of secrets), one JSON object each");
  app.add_option("--metrics", o.metrics, "Write run metrics here (.json, or .prom for Prometheus text); repeatable");
  app.add_option("--max-line-bytes", o.max_line_bytes,
                 "Longer lines are malformed (too_long); accepts K, M suffixes")
      ->transform(CLI::AsSizeValue(false))
      ->default_str("1M");
  app.add_option("--chunk-bytes", o.chunk_bytes, "Bytes of input per chunk")
      ->transform(CLI::AsSizeValue(false))
      ->default_str("1M")
      ->group("Tuning");
  std::map<std::string, InputFormatFlag> formats{{"auto", InputFormatFlag::kAuto},
                                                  {"ndjson", InputFormatFlag::kNdjson},
                                                  {"journal", InputFormatFlag::kJournal}};
  app.add_option("--input-format", o.input_format,
                 "auto (journalctl -o json lines are unwrapped), ndjson or journal")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case))
      ->option_text("auto|ndjson|journal")
      ->default_str("auto")
      ->group("Journal");
  app.add_flag("--keep-envelope", o.keep_envelope,
               "Keep journal envelopes whole (MESSAGE redacted in place) instead of unwrapping")
      ->group("Journal");
  app.add_option("--envelope-fields", o.envelope_fields,
                 "Envelope fields kept with an unwrapped record: unit,hostname,pid,priority,"
                 "timestamp,identifier,comm,boot_id,cursor")
      ->capture_default_str()
      ->group("Journal");
  app.add_option("--envelope-key", o.envelope_key, "Key the kept envelope fields go under")
      ->capture_default_str()
      ->group("Journal");
  app.add_option("--flush-interval", o.flush_interval,
                 "Seconds before a line read from a pipe reaches the output at the latest")
      ->check(CLI::Range(0.001, 3600.0))
      ->capture_default_str();
  app.add_option("--rules", o.rules, "Redaction rule pack (TOML); repeatable; adds to the default pack")
      ->group("Redaction");
  app.add_flag("--no-default-rules", o.no_default_rules,
               "Use only the --rules packs, not the built-in default pack")
      ->group("Redaction");
  app.add_flag("--strict", o.strict, "Add the strict pack (IP addresses, national id numbers)")
      ->group("Redaction");
  app.add_option("--hash-key-file", o.hash_key_file,
                 "Key for hash-mode rules (else $SLUICE_HASH_KEY)")
      ->group("Redaction");
  app.add_flag("--summary", o.summary, "Print the run summary on stderr even when it is not a terminal");
  app.add_flag("-q,--quiet", o.quiet, "No summary, no progress");
  app.add_flag("--no-progress", o.no_progress, "No progress line (shown only on a terminal)");
  app.add_flag("-f,--force", o.force, "Write compressed data to a terminal anyway");

  CLI::App* check = app.add_subcommand(
      "check", "Validate a pipeline config and/or rule packs without running; exit 0 if good");
  std::string check_config;
  std::vector<std::string> check_rules;
  check->add_option("-c,--config", check_config, "Pipeline config to validate");
  check->add_option("--rules", check_rules, "Rule pack to validate; repeatable");
  std::string check_hash_key_file;
  check->add_option("--hash-key-file", check_hash_key_file,
                    "Key for hash-mode rules, as a run would take it (else $SLUICE_HASH_KEY)");

  CLI::App* daemon = app.add_subcommand(
      "daemon", "Run as a log-shipping daemon: tail files, listen on sockets, write rotating files");
  DaemonFlags df;
  daemon->add_option("-c,--config", df.config, "Daemon config (TOML, e.g. pipeline/daemon.toml); flags override it");
  daemon->add_option("--tail", df.tail, "Follow files matching GLOB (tail -F); repeatable")->option_text("GLOB");
  daemon->add_option("--listen", df.listen, "Take NDJSON on tcp://HOST:PORT or unix:PATH; repeatable");
  daemon->add_flag("--stdin", df.stdin_source, "Read NDJSON from stdin too");
  daemon->add_option("--journal", df.journal,
                     "Read the systemd journal: 'system', or a directory of journal files")
      ->option_text("system|DIR");
  daemon->add_option("--output-dir", df.output_dir, "Directory of the rotating zstd output files");
  daemon->add_option("--dead-letter", df.dead_letter,
                     "Append malformed lines here (scrubbed of secrets), naming their source and offset");
  daemon->add_flag("--stdout", df.to_stdout, "Write the output to stdout instead of files (at-least-once)");
  daemon->add_option("--compress", df.compress, "zstd (default) or none")
      ->check(CLI::IsMember({"zstd", "none"}));
  daemon->add_option("--state-dir", df.state_dir, "Directory for the checkpoint (state) file");
  daemon->add_option("--http", df.http, "HTTP address for /metrics and /health (default 127.0.0.1:9898; '' disables)");
  daemon->add_option("-j,--threads", df.threads, "Worker threads (default: one per core)")->check(CLI::Range(1, 256));
  daemon->add_option("--log-level", df.log_level, "debug, info, warn or error")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    std::fputs(app.help().c_str(), stdout);
    return kExitOk;
  } catch (const CLI::CallForVersion& e) {
    std::puts("sluice 0.1.0");
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "sluice: %s\nRun 'sluice --help' for usage.\n", e.what());
    return kExitUsage;
  }
  if (check->parsed()) return RunCheck(check_config, check_rules, check_hash_key_file);
  if (daemon->parsed()) return RunDaemonCli(*daemon, df);
  if (!config_path.empty()) {
    // The config is the base; every flag given on the command line wins.
    BatchOptions merged;
    try {
      LoadBatchConfig(config_path, &merged);
    } catch (const ConfigError& e) {
      std::fprintf(stderr, "sluice: %s\n", e.what());
      return kExitUsage;
    }
    ApplyGivenFlags(app, o, &merged);
    o = std::move(merged);
  }
  if (o.max_line_bytes == 0 || o.chunk_bytes < 4096) {
    std::fprintf(stderr, "sluice: --max-line-bytes must be > 0 and --chunk-bytes at least 4K\n");
    return kExitUsage;
  }
  return RunBatch(o);
}

}  // namespace sluice
