#include "cli/progress_meter.h"

#include <chrono>

#include "runtime/thread_name.h"

namespace sluice {

std::string FormatProgress(const ProgressSample& now, uint64_t total_bytes, double elapsed) {
  char buf[200];
  const double secs = elapsed > 1e-3 ? elapsed : 1e-3;
  const double mbps = now.bytes_done / 1e6 / secs;
  const double lps = now.lines / secs;
  const double pct = total_bytes ? 100.0 * now.bytes_done / total_bytes : 0;
  std::string eta = "--:--";
  if (now.bytes_done > 0 && total_bytes > now.bytes_done) {
    uint64_t left = static_cast<uint64_t>((total_bytes - now.bytes_done) / (now.bytes_done / secs));
    char t[32];
    std::snprintf(t, sizeof t, "%llu:%02llu", static_cast<unsigned long long>(left / 60),
                  static_cast<unsigned long long>(left % 60));
    eta = t;
  }
  std::snprintf(buf, sizeof buf, "sluice: %3.0f%% %.2f/%.2f GB  %.0f MB/s  %.0fk lines/s  ETA %s  malformed %llu",
                pct, now.bytes_done / 1e9, total_bytes / 1e9, mbps, lps / 1e3, eta.c_str(),
                static_cast<unsigned long long>(now.malformed));
  return buf;
}

ProgressMeter::ProgressMeter(std::FILE* out, uint64_t total_bytes,
                             std::function<ProgressSample()> sample)
    : out_(out), total_bytes_(total_bytes), sample_(std::move(sample)) {}

ProgressMeter::~ProgressMeter() { Stop(); }

void ProgressMeter::Start() {
  const auto started = std::chrono::steady_clock::now();
  thread_ = std::thread([this, started] {
    SetThreadName(ThreadRole::kProgress);
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stop_; })) {
      double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::string line = FormatProgress(sample_(), total_bytes_, elapsed);
      std::fprintf(out_, "\r%s\033[K", line.c_str());
      std::fflush(out_);
    }
    std::fputs("\r\033[K", out_);
    std::fflush(out_);
  });
}

void ProgressMeter::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace sluice
