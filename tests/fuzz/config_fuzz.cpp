// Fuzz target: bytes as a config file, read both as a batch config
// (LoadBatchConfig) and as a daemon config (LoadDaemonConfig, then Validate
// and LooksLikeDaemonConfig). Each must load or be refused with ConfigError
// naming the file; any other exception, crash or sanitizer report is a finding.
// Batch configs expand globs in [input] paths against the real filesystem, so
// an input with an absolute glob ("/*") is read as a daemon config only: a
// walk over / is slow, not wrong.
// Replayed by ctest over tests/fuzz/corpus/config_fuzz/ (fuzz_replay.config_fuzz).
#include <cstdint>
#include <string>
#include <string_view>

#include "config/batch_config.h"
#include "daemon/daemon_config.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/scratch_file.h"

namespace {

bool HasAbsoluteGlob(std::string_view text) {
  for (size_t i = text.find('/'); i != std::string_view::npos && i + 1 < text.size();
       i = text.find('/', i + 1)) {
    const char next = text[i + 1];
    if (next == '*' || next == '?' || next == '[' || next == '\\') return true;
  }
  return false;
}

void CheckRefusal(const sluice::ConfigError& e, const std::string& path) {
  FUZZ_CHECK(std::string_view(e.what()).starts_with(path));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sluice;
  static fuzz::ScratchFile* file = new fuzz::ScratchFile("sluice.toml");
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string& path = file->Write(text);

  if (!HasAbsoluteGlob(text)) {
    BatchOptions batch;
    try {
      LoadBatchConfig(path, &batch);
      FUZZ_CHECK(batch.level >= -7 && batch.level <= 22);
      FUZZ_CHECK(batch.threads >= 0 && batch.threads <= 256);
    } catch (const ConfigError& e) {
      CheckRefusal(e, path);
    }
  }

  DaemonConfig daemon;
  try {
    LoadDaemonConfig(path, &daemon);
    try {
      daemon.Validate();
    } catch (const ConfigError&) {
      // A file alone may lack what a run needs (a source, a state directory).
    }
  } catch (const ConfigError& e) {
    CheckRefusal(e, path);
  }
  LooksLikeDaemonConfig(path);
  return 0;
}
