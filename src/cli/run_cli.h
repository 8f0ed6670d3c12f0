// RunCli: parses the command line, runs the requested job, returns the exit code.
#pragma once

namespace sluice {
int RunCli(int argc, char** argv);
}
