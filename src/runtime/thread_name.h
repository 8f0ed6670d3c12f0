// Every thread sluice starts is named here (≤ 15 bytes, the kernel's limit), so
// `top -H`, perf and gdb show which stage is which.
#pragma once

namespace sluice {

enum class ThreadRole { kReader, kWorker, kWriter, kProgress, kHttp, kSignals };

// Names the calling thread, e.g. "sluice-work-3".
void SetThreadName(ThreadRole role, int index = 0);

}  // namespace sluice
