// BatchOptions: everything a batch or pipe run is told on the command line.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace sluice {

enum class Compression { kAuto, kNone, kZstd };

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
  bool summary = false;
  bool quiet = false;
  bool force = false;
};

}  // namespace sluice
