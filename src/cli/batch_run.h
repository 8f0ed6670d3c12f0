// RunBatch: one run of the pipeline over files or stdin (usage modes 1 and 2 of
// the README): opens the outputs, runs reader → workers → writer, reports.
// Returns an exit code (exit_codes.h); messages go to stderr.
// Tests: tests/cli/cli_test.cpp.
#pragma once

#include <memory>

#include "config/batch_options.h"
#include "redact/redaction_rules.h"

namespace sluice {

int RunBatch(const BatchOptions& options);

// The redaction rules a run's options ask for (throws RulesError).
std::shared_ptr<const RedactionRules> LoadRules(const BatchOptions& options);

}  // namespace sluice
