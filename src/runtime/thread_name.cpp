#include "runtime/thread_name.h"

#include <pthread.h>

#include <cstdio>

namespace sluice {

void SetThreadName(ThreadRole role, int index) {
  char name[16];
  switch (role) {
    case ThreadRole::kReader: std::snprintf(name, sizeof name, "sluice-read"); break;
    case ThreadRole::kWorker: std::snprintf(name, sizeof name, "sluice-work-%d", index % 100); break;
    case ThreadRole::kWriter: std::snprintf(name, sizeof name, "sluice-write"); break;
    case ThreadRole::kProgress: std::snprintf(name, sizeof name, "sluice-progress"); break;
    case ThreadRole::kHttp: std::snprintf(name, sizeof name, "sluice-http"); break;
    case ThreadRole::kSignals: std::snprintf(name, sizeof name, "sluice-signals"); break;
  }
  pthread_setname_np(pthread_self(), name);
}

}  // namespace sluice
