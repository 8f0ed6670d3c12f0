// The UTF-8 byte-order mark that editors on Windows write at the start of a
// file. As the first bytes of an input it would make the first line invalid
// JSON, so the readers drop it there (ChunkReader for batch inputs,
// FileTailer for tailed files); anywhere else it stays, and its line is
// malformed. Tests: tests/cli/cli_test.cpp, tests/daemon/daemon_tail_test.cpp.
#pragma once

#include <string_view>

namespace sluice {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

inline bool StartsWithUtf8Bom(const char* data, size_t size) {
  return size >= kUtf8Bom.size() && std::string_view(data, kUtf8Bom.size()) == kUtf8Bom;
}

}  // namespace sluice
