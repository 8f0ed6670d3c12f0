// WorkerThread (see worker_thread.h).
// Tests: tests/runtime/worker_thread_test.cpp.
#include "runtime/worker_thread.h"

#include <system_error>

namespace sluice {

WorkerThread::WorkerThread(std::function<void()> fn, size_t stack_bytes) : fn_(std::move(fn)) {
  int rc = -1;
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) == 0) {
    if (pthread_attr_setstacksize(&attr, stack_bytes) == 0) {
      rc = pthread_create(&thread_, &attr, &WorkerThread::Run, this);
      if (rc == 0) stack_bytes_ = stack_bytes;
    }
    pthread_attr_destroy(&attr);
  }
  if (rc != 0) {
    // No room for that stack (address space limits): the default one.
    rc = pthread_create(&thread_, nullptr, &WorkerThread::Run, this);
    if (rc != 0) throw std::system_error(rc, std::generic_category(), "cannot start a worker thread");
    pthread_attr_t actual;
    if (pthread_getattr_np(thread_, &actual) == 0) {
      pthread_attr_getstacksize(&actual, &stack_bytes_);
      pthread_attr_destroy(&actual);
    }
  }
  joinable_ = true;
}

WorkerThread::~WorkerThread() { Join(); }

void WorkerThread::Join() {
  if (!joinable_) return;
  pthread_join(thread_, nullptr);
  joinable_ = false;
}

void* WorkerThread::Run(void* self) {
  static_cast<WorkerThread*>(self)->fn_();
  return nullptr;
}

}  // namespace sluice
