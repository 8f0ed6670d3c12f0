// Reads what a sluice run leaves behind: its output's lines, its dead letter
// (one JSON object per malformed line) and the counts of a --metrics .json file.
// Shared by the CLI tests (tests/cli/).
#pragma once

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "testing/scratch_dir.h"

namespace sluice::testing {

inline std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    lines.emplace_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

struct DeadLine {
  std::string source;
  uint64_t line = 0;
  std::string error;
  uint64_t bytes = 0;
};

inline std::vector<DeadLine> ReadDeadLetter(const std::string& path) {
  std::vector<DeadLine> dead;
  simdjson::dom::parser parser;
  for (const std::string& line : SplitLines(ReadFile(path))) {
    simdjson::dom::object o;
    if (parser.parse(line).get_object().get(o) != simdjson::SUCCESS) {
      ADD_FAILURE() << "dead letter line is not a JSON object: " << line;
      continue;
    }
    DeadLine d;
    std::string_view sv;
    EXPECT_EQ(o["source"].get_string().get(sv), simdjson::SUCCESS) << line;
    d.source = std::string(sv);
    EXPECT_EQ(o["line"].get_uint64().get(d.line), simdjson::SUCCESS) << line;
    EXPECT_EQ(o["error"].get_string().get(sv), simdjson::SUCCESS) << line;
    d.error = std::string(sv);
    EXPECT_EQ(o["bytes"].get_uint64().get(d.bytes), simdjson::SUCCESS) << line;
    EXPECT_EQ(o["text"].get_string().get(sv), simdjson::SUCCESS) << line;
    dead.push_back(d);
  }
  return dead;
}

inline std::map<std::string, uint64_t> ReadMetrics(const std::string& path) {
  std::map<std::string, uint64_t> m;
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  const std::string text = ReadFile(path);
  if (parser.parse(text).get_object().get(o) != simdjson::SUCCESS) {
    ADD_FAILURE() << "metrics are not a JSON object: " << text;
    return m;
  }
  for (const char* key : {"lines_in", "lines_out", "malformed", "bytes_in", "bytes_out"}) {
    uint64_t v = 0;
    EXPECT_EQ(o[key].get_uint64().get(v), simdjson::SUCCESS) << key << " in " << text;
    m[key] = v;
  }
  return m;
}

}  // namespace sluice::testing
