// ProgressMeter: one status line on stderr, redrawn a few times a second while
// a batch run works through files of known size:
//   sluice: 45% 1.21/2.68 GB  351 MB/s  902k lines/s  ETA 0:04  malformed 12
// Shown only when stderr is a terminal (the caller decides); erased at the end
// so that the summary follows on a clean line.
// Thread safety: Start/Stop from one thread; the sampler runs on the meter's
// own thread and must only read atomics.
// Tests: tests/cli/progress_meter_test.cpp.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace sluice {

struct ProgressSample {
  uint64_t bytes_done = 0;  // of total_bytes (raw input bytes)
  uint64_t lines = 0;
  uint64_t malformed = 0;
};

// Formats one progress line (without the carriage return).
std::string FormatProgress(const ProgressSample& now, uint64_t total_bytes, double elapsed_seconds);

class ProgressMeter {
 public:
  ProgressMeter(std::FILE* out, uint64_t total_bytes, std::function<ProgressSample()> sample);
  ~ProgressMeter();
  void Start();
  void Stop();

 private:
  std::FILE* out_;
  uint64_t total_bytes_;
  std::function<ProgressSample()> sample_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
};

}  // namespace sluice
