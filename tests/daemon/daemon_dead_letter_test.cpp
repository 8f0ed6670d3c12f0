// The daemon's dead letter: malformed lines of a tailed file and of a TCP
// connection are appended, scrubbed of secrets, naming their source (and for
// the file the byte offset of the line), while the good lines around them
// reach the output; without --dead-letter they are only counted.
#include <gtest/gtest.h>
#include <simdjson.h>

#include "daemon/daemon_harness.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::DaemonProcess;
using testing::TempDir;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(DaemonDeadLetterTest, MalformedLinesAreKeptScrubbedWithTheirSourceAndOffset) {
  TempDir tmp;
  fs::create_directories(tmp / "logs");
  const std::string app = tmp / "logs/app.log";
  const std::string good = R"({"n":1,"status_code":200})" "\n";
  const std::string bad = R"({"n":2,"password":"hunter2-secret-value","cut)" "\n";
  testing::WriteFile(app, good + bad + R"({"n":3})" "\n");
  const int port = testing::FreePort();
  const int tcp = testing::FreePort();
  const std::string log = tmp / "daemon.log";
  DaemonProcess daemon({"--tail", tmp / "logs/*.log", "--listen", "tcp://127.0.0.1:" + std::to_string(tcp),
                        "--output-dir", tmp / "out", "--state-dir", tmp / "state", "--dead-letter",
                        tmp / "dead.ndjson", "--http", "127.0.0.1:" + std::to_string(port)},
                       log);
  ASSERT_TRUE(testing::WaitFor([&] { return testing::HttpGet(port, "/health/ready") == 200; }, 10s))
      << testing::ReadFile(log);
  ASSERT_TRUE(testing::SendTcp(tcp, "not json at all, token=abcdef123456\n{\"n\":4}\n"));
  ASSERT_TRUE(testing::WaitFor([&] { return Lines(testing::ReadFile(tmp / "dead.ndjson")).size() >= 2; }, 10s))
      << testing::ReadFile(log);
  ASSERT_TRUE(testing::WaitFor([&] { return testing::ScrapeMetric(port, "sluice_lines_out_total") >= 3; }, 10s));
  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.Wait(20s), 0) << testing::ReadFile(log);

  const std::string dead = testing::ReadFile(tmp / "dead.ndjson");
  EXPECT_EQ(dead.find("hunter2-secret-value"), std::string::npos) << dead;
  EXPECT_EQ(dead.find("abcdef123456"), std::string::npos) << dead;
  const std::vector<std::string> lines = Lines(dead);
  ASSERT_EQ(lines.size(), 2u) << dead;
  bool saw_file = false, saw_tcp = false;
  for (const std::string& line : lines) {
    simdjson::dom::parser parser;
    simdjson::dom::element entry;
    ASSERT_EQ(parser.parse(line).get(entry), simdjson::SUCCESS) << line;
    const std::string_view source = entry["source"].get_string().value_unsafe();
    EXPECT_EQ(entry["error"].get_string().value_unsafe(), "invalid_json") << line;
    if (source == app) {
      saw_file = true;
      EXPECT_EQ(entry["offset"].get_uint64().value_unsafe(), good.size()) << line;
      EXPECT_EQ(entry["bytes"].get_uint64().value_unsafe(), bad.size() - 1) << line;
    } else {
      saw_tcp = true;
      EXPECT_EQ(source, "sockets") << line;  // all connections are one source
      EXPECT_TRUE(entry["offset"].error()) << "a socket has no offsets: " << line;
    }
  }
  EXPECT_TRUE(saw_file) << dead;
  EXPECT_TRUE(saw_tcp) << dead;
  // The good lines around the bad ones reach the output.
  const std::string out = testing::ReadOutputDir(tmp / "out");
  for (const char* n : {"\"n\":1", "\"n\":3", "\"n\":4"}) EXPECT_NE(out.find(n), std::string::npos) << n;
}

TEST(DaemonDeadLetterTest, AnUnwritableDeadLetterStopsTheStart) {
  TempDir tmp;
  const std::string log = tmp / "daemon.log";
  DaemonProcess daemon({"--stdin", "--output-dir", tmp / "out", "--state-dir", tmp / "state", "--dead-letter",
                        tmp / "no-such-dir/dead.ndjson", "--http", ""},
                       log);
  EXPECT_EQ(daemon.Wait(10s), 3);
  EXPECT_NE(testing::ReadFile(log).find("no-such-dir/dead.ndjson"), std::string::npos) << testing::ReadFile(log);
}

}  // namespace
}  // namespace sluice
