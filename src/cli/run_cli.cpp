#include "cli/run_cli.h"

#include <cstdio>

namespace sluice {
int RunCli(int argc, char** argv) {
  std::puts("sluice: not built yet");
  return 0;
}
}  // namespace sluice
