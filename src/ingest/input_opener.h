// OpenInput: opens one input ("-" is stdin) and recognises gzip and zstd by
// their magic bytes, not their names, wrapping the matching decompressor.
// Errors (missing file, permission, a directory) throw InputError naming the
// path and the cause: opening happens at start-up, before any output exists.
// Tests: tests/ingest/input_opener_test.cpp.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "ingest/byte_source.h"

namespace sluice {

enum class InputCompression { kNone, kGzip, kZstd };

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OpenedInput {
  std::unique_ptr<ByteSource> source;
  InputCompression compression = InputCompression::kNone;
  uint64_t file_size = 0;  // 0 when unknown (stdin, pipes)
  // Identity of a regular file, so that writing over an input can be refused.
  uint64_t device = 0;
  uint64_t inode = 0;
};

OpenedInput OpenInput(const std::string& path);

// A name for an input in messages: "stdin" for "-".
std::string InputDisplayName(const std::string& path);

}  // namespace sluice
