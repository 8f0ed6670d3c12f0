// DaemonConfig: what `sluice daemon` is told, by pipeline/daemon.toml and by
// flags that override it; LoadDaemonConfig reads the TOML file.
//
// Like the batch config (config/batch_config.h), an unknown table or key, a
// wrong type or a bad value is a ConfigError naming the file and line, so a
// typo never changes what the daemon does; `sluice check -c FILE` reports it
// without starting anything, and SIGHUP refuses such a file and keeps the old
// config. The schema is documented in pipeline/README.md.
// Tests: tests/daemon/daemon_config_test.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "config/config_error.h"

namespace sluice {

struct ListenAddress {
  enum class Kind { kTcp, kUnix };
  Kind kind = Kind::kTcp;
  std::string host;  // tcp
  int port = 0;      // tcp
  std::string path;  // unix
  std::string text;  // as written: "tcp://127.0.0.1:5170", "unix:/run/sluice.sock"
};

// Parses "tcp://HOST:PORT" or "unix:PATH"; false with *error set otherwise.
bool ParseListenAddress(const std::string& text, ListenAddress* out, std::string* error);
// Parses "HOST:PORT" (the HTTP address).
bool ParseHostPort(const std::string& text, std::string* host, int* port, std::string* error);

struct DaemonConfig {
  // [sources]
  std::vector<std::string> tail;         // globs, with tail -F semantics
  std::vector<std::string> listen;       // tcp://HOST:PORT, unix:PATH
  bool stdin_source = false;
  bool read_from_end = false;            // files present at the first start (no state)
  // [journal]
  bool journal = false;
  std::string journal_directory;         // empty: the system journal
  // [tail]
  double scan_interval = 0.25;           // seconds between glob scans
  double poll_interval = 0.05;           // seconds between checks of idle files
  double rotate_wait = 1.0;              // a file gone from its path is closed after this long idle
  // [output]
  std::string sink = "file";             // "file" or "stdout"
  std::string output_dir;
  std::string dead_letter;  // malformed lines appended here; empty: counted and logged only
  // Empty: "sluice-%Y%m%dT%H%M%S-{seq}.ndjson", with ".zst" when compressed
  // (FilePattern()).
  std::string pattern;
  bool compress = true;
  int level = 3;
  uint64_t max_file_bytes = 256ull << 20;  // 0: no size rotation
  double max_file_age = 3600;              // seconds; 0: no age rotation
  int retain = 0;                          // closed files kept; 0: all
  // [state]
  std::string state_dir;
  double commit_interval = 1.0;          // seconds between checkpoints (while data flows)
  uint64_t commit_bytes = 16ull << 20;   // or after this many output bytes
  // [http]
  std::string http = "127.0.0.1:9898";   // "" disables
  // [run]
  int threads = 0;                       // 0: one per core
  size_t chunk_bytes = 1 << 20;
  size_t max_line_bytes = 1 << 20;
  double flush_interval = 0.2;           // seconds before socket lines are handed on
  size_t chunks_in_flight = 0;           // 0: 2 per worker + 4
  int max_connections = 256;
  std::string log_level = "info";
  // [redact]
  std::vector<std::string> rules;
  bool default_rules = true;
  bool strict = false;
  std::string hash_key_file;
  // [input]
  std::string input_format = "auto";     // auto, ndjson, journal

  // Checks what a run needs that a file alone cannot (a source, a state
  // directory...). Throws ConfigError.
  void Validate() const;
  // The output file name pattern: `pattern`, or the default for `compress`.
  std::string FilePattern() const;
};

// True if the TOML file at `path` has a table only daemon configs have
// ([sources], [state], [tail], [http]); false if not (or unreadable).
bool LooksLikeDaemonConfig(const std::string& path);

// Reads `path` over the defaults in *config. Throws ConfigError.
void LoadDaemonConfig(const std::string& path, DaemonConfig* config);

}  // namespace sluice
