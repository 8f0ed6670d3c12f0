// OutputFile: where processed bytes go: a file or stdout ("-").
//
// - Writes retry on EINTR and partial writes; a failure (disk full, EIO, a
//   closed pipe) is reported with the path and the cause.
// - A closed stdout (`sluice ... | head`) is not an error worth a message:
//   broken_pipe() tells the caller to end quietly.
// - Abandon() removes the file this run wrote, so a fatal error never leaves a
//   truncated output that looks complete (as zstd does). Only a regular file is
//   removed: never stdout, never a device such as /dev/full.
// Thread safety: writer thread only.
// Tests: tests/sink/output_file_test.cpp.
#pragma once

#include <string>
#include <string_view>

namespace sluice {

class OutputFile {
 public:
  OutputFile() = default;
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Opens `path` for writing (truncating), or stdout for "-". False on error.
  bool Open(const std::string& path);
  bool Write(std::string_view bytes);
  // Flushes to the kernel and closes; with `sync`, also to the disk.
  bool Close(bool sync = false);
  void Abandon();

  bool is_stdout() const { return path_ == "-"; }
  bool broken_pipe() const { return broken_pipe_; }
  const std::string& error() const { return error_; }
  const std::string& path() const { return path_; }
  uint64_t bytes_written() const { return bytes_written_; }

 private:
  std::string DisplayName() const { return is_stdout() ? "stdout" : path_; }

  std::string path_;
  int fd_ = -1;
  bool created_ = false;
  bool broken_pipe_ = false;
  uint64_t bytes_written_ = 0;
  std::string error_;
};

}  // namespace sluice
