// sluice's exit codes, documented in `sluice --help` and README.md.
#pragma once

namespace sluice {

enum ExitCode : int {
  kExitOk = 0,
  kExitInputError = 1,   // an input could not be read (the others were processed)
  kExitUsage = 2,        // bad flags, bad config or rules: nothing was run
  kExitOutputError = 3,  // the output or dead letter could not be written (removed)
  kExitInterrupted = 130,
};

}  // namespace sluice
