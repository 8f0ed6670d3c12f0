// journalctl pipelines through the built binary: the metrics of a journal
// corpus equal the truth about the app lines inside it; json-pretty is refused;
// a repeated MESSAGE holding bytes is redacted, kept or unwrapped.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "testing/cli_runner.h"
#include "testing/scratch_dir.h"

namespace {

namespace fs = std::filesystem;

int Shell(const std::string& command) {
  int status = std::system(command.c_str());
  return WEXITSTATUS(status);
}

class JournalMetricsTest : public ::testing::TestWithParam<const char*> {};

TEST_P(JournalMetricsTest, MetricsOfJournalSampleEqualTheTruthOfItsAppLines) {
  const fs::path dir = fs::temp_directory_path() / ("sluice-journal-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string src = SLUICE_SOURCE_DIR;
  const fs::path metrics = dir / "m.json";
  ASSERT_EQ(Shell(std::string(SLUICE_BINARY) + " -q " + GetParam() + " " + src + "/samples/journal.ndjson -o " +
                (dir / "out.ndjson").string() + " --metrics " + metrics.string()),
            0);
  simdjson::dom::parser p1, p2;
  simdjson::dom::element got = p1.load(metrics.string());
  simdjson::dom::element truth = p2.load(src + "/samples/journal.truth.json");
  EXPECT_EQ(uint64_t(got["lines_out"]), uint64_t(truth["records"]));
  EXPECT_EQ(uint64_t(got["malformed"]), uint64_t(truth["malformed"]));
  for (auto [code, count] : simdjson::dom::object(truth["status"])) {
    EXPECT_EQ(uint64_t(got["status"][code]), uint64_t(count)) << "status " << code;
  }
  EXPECT_EQ(uint64_t(got["latency_ms"]["count"]), uint64_t(truth["latency_ms"]["count"]));
  for (const char* q : {"p50", "p90", "p99"}) {
    double want = double(truth["latency_ms"][q]);
    double have = double(got["latency_ms"][q]);
    EXPECT_NEAR(have, want, want * 0.01 + 1e-3) << q;
  }
  fs::remove_all(dir);
}

// Unwrapped (the default) and kept envelopes measure the same app records.
INSTANTIATE_TEST_SUITE_P(Modes, JournalMetricsTest, ::testing::Values("", "--keep-envelope"));

TEST(JournalCliTest, JsonPrettyInputIsRefusedWithAClearError) {
  const fs::path dir = fs::temp_directory_path() / ("sluice-pretty-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path in = dir / "pretty.json";
  std::FILE* f = std::fopen(in.c_str(), "w");
  std::fputs("{\n\t\"__CURSOR\" : \"s=1\",\n\t\"MESSAGE\" : \"x\"\n}\n", f);
  std::fclose(f);
  const fs::path err = dir / "err.txt";
  EXPECT_EQ(Shell(std::string(SLUICE_BINARY) + " -q " + in.string() + " -o /dev/null 2>" + err.string()), 1);
  std::FILE* e = std::fopen(err.c_str(), "r");
  char buf[512] = {};
  size_t n = std::fread(buf, 1, sizeof buf - 1, e);
  std::fclose(e);
  std::string message(buf, n);
  EXPECT_NE(message.find("json-pretty"), std::string::npos) << message;
  EXPECT_NE(message.find(in.string()), std::string::npos) << message;
  fs::remove_all(dir);
}

// journalctl writes a field repeated in an entry as an array of its values, a
// value that is not UTF-8 as an array of its bytes (here "pwd=Hunter2Val").
// An adversarial review found this line's bytes kept verbatim with
// --keep-envelope, and the line sent to the dead letter as not_object without.
TEST(JournalCliTest, RepeatedMessageHoldingBytesIsRedactedKeptOrUnwrapped) {
  using sluice::testing::ReadFile;
  using sluice::testing::RunResult;
  using sluice::testing::Sluice;
  using sluice::testing::Stdin;
  sluice::testing::ScratchDir dir;
  const std::string line =
      R"({"__CURSOR":"s=1","__REALTIME_TIMESTAMP":"1",)"
      R"("MESSAGE":["x",[112,119,100,61,72,117,110,116,101,114,50,86,97,108]]})"
      "\n";
  RunResult kept = Sluice({"-q", "-o", "-", "--keep-envelope", "--dead-letter", dir.File("kept.dead")}, dir.path(),
                          Stdin::Pipe(line));
  EXPECT_EQ(kept.exit_code, 0) << kept;
  EXPECT_EQ(kept.out, R"({"__CURSOR":"s=1","__REALTIME_TIMESTAMP":"1","MESSAGE":["x","pwd=[REDACTED]"]})" "\n");
  EXPECT_EQ(ReadFile(dir.File("kept.dead")), "");

  RunResult unwrapped = Sluice({"-q", "-o", "-", "--dead-letter", dir.File("unwrapped.dead")}, dir.path(),
                               Stdin::Pipe(line));
  EXPECT_EQ(unwrapped.exit_code, 0) << unwrapped;
  EXPECT_EQ(unwrapped.out,
            R"({"message":"x\npwd=[REDACTED]","journal":{"timestamp":"1970-01-01T00:00:00.000001Z"}})" "\n");
  EXPECT_EQ(ReadFile(dir.File("unwrapped.dead")), "");
}

}  // namespace
