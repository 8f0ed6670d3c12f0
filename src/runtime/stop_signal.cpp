#include "runtime/stop_signal.h"

#include <fcntl.h>
#include <unistd.h>

namespace sluice {

StopSignal::StopSignal() {
  if (::pipe2(pipe_, O_NONBLOCK | O_CLOEXEC) != 0) pipe_[0] = pipe_[1] = -1;
}

StopSignal::~StopSignal() {
  if (pipe_[0] >= 0) ::close(pipe_[0]);
  if (pipe_[1] >= 0) ::close(pipe_[1]);
}

void StopSignal::Raise() {
  raised_.store(true, std::memory_order_relaxed);
  if (pipe_[1] >= 0) {
    char byte = 1;
    ssize_t ignored = ::write(pipe_[1], &byte, 1);
    (void)ignored;
  }
}

}  // namespace sluice
