// LoadBatchConfig: reads a pipeline config (TOML, e.g. pipeline/journal.toml)
// into BatchOptions. Flags given on the command line override it (the caller
// applies them after). Unknown tables or keys, wrong types and bad values are
// errors naming the file and line: a typo must not silently change a run.
// The schema is documented in pipeline/README.md.
// Tests: tests/config/batch_config_test.cpp.
#pragma once

#include <string>

#include "config/batch_options.h"
#include "config/config_error.h"

namespace sluice {

// Throws ConfigError.
void LoadBatchConfig(const std::string& path, BatchOptions* options);

}  // namespace sluice
