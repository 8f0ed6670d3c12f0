// Output on stdout; see stdout_sink.h.
#include "daemon/stdout_sink.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sluice {

bool StdoutSink::Append(std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(STDOUT_FILENO, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = std::string("stdout: ") + std::strerror(n < 0 ? errno : EIO);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace sluice
