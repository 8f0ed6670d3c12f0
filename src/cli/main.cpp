// Entry point: everything lives in cli/ (RunCli), so tests can call it too.
#include "cli/run_cli.h"

int main(int argc, char** argv) { return sluice::RunCli(argc, argv); }
