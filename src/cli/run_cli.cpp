// The command line: flags (CLI11), --help, dispatch to the batch run.
#include "cli/run_cli.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <map>

#include "cli/batch_run.h"
#include "cli/exit_codes.h"

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

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{"sluice: clean, measure and compress newline-delimited JSON logs", "sluice"};
  app.footer(kFooter);
  app.set_version_flag("-V,--version", "sluice 0.1.0");
  app.get_formatter()->column_width(34);

  BatchOptions o;
  app.add_option("inputs", o.inputs, "Input files (gzip/zstd detected); '-' or none: stdin");
  app.add_option("-o,--output", o.output, "Output file; '-' for stdout")->capture_default_str();
  std::map<std::string, Compression> compressions{
      {"auto", Compression::kAuto}, {"none", Compression::kNone}, {"zstd", Compression::kZstd}};
  app.add_option("--compress", o.compression,
                 "auto (zstd when the output ends in .zst), none or zstd")
      ->transform(CLI::CheckedTransformer(compressions, CLI::ignore_case))
      ->default_str("auto");
  app.add_option("-l,--level", o.level, "zstd compression level")
      ->check(CLI::Range(-7, 22))
      ->capture_default_str();
  app.add_option("-j,--threads", o.threads, "Worker threads (default: one per core)")
      ->check(CLI::Range(1, 256));
  app.add_option("--dead-letter", o.dead_letter,
                 "Write malformed lines here (scrubbed of secrets), one JSON object each");
  app.add_option("--metrics", o.metrics, "Write run metrics here (.json); repeatable");
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
  app.add_flag("--summary", o.summary, "Print the run summary on stderr even when it is not a terminal");
  app.add_flag("-q,--quiet", o.quiet, "No summary, no progress");
  app.add_flag("--no-progress", o.no_progress, "No progress line (shown only on a terminal)");
  app.add_flag("-f,--force", o.force, "Write compressed data to a terminal anyway");

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
  if (o.max_line_bytes == 0 || o.chunk_bytes < 4096) {
    std::fprintf(stderr, "sluice: --max-line-bytes must be > 0 and --chunk-bytes at least 4K\n");
    return kExitUsage;
  }
  return RunBatch(o);
}

}  // namespace sluice
