// BatchOptions: everything a batch or pipe run is told, by flags or a config
// file (config/batch_config.h). Shared by cli/ and config/.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace sluice {

enum class Compression { kAuto, kNone, kZstd };
enum class InputFormatFlag { kAuto, kNdjson, kJournal };

struct BatchOptions {
  std::vector<std::string> inputs;  // empty: stdin
  std::string output = "-";
  Compression compression = Compression::kAuto;
  int level = 3;
  int threads = 0;  // 0: one per core
  std::string dead_letter;
  std::vector<std::string> metrics;
  size_t max_line_bytes = 1 << 20;
  size_t chunk_bytes = 1 << 20;
  double flush_interval = 1.0;  // seconds
  InputFormatFlag input_format = InputFormatFlag::kAuto;
  bool keep_envelope = false;
  std::string envelope_fields = "unit,hostname,pid,priority,timestamp";
  std::string envelope_key = "journal";
  // Redaction: rule packs (TOML) applied over the built-in default pack, or
  // instead of it; the strict pack; the key for hash-mode rules.
  std::vector<std::string> rules;
  bool no_default_rules = false;
  bool strict = false;
  std::string hash_key_file;
  bool summary = false;
  bool quiet = false;
  bool no_progress = false;
  bool force = false;
};

}  // namespace sluice
