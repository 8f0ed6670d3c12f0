// CLI tests: run the built sluice binary as a user would (fork/exec, files in
// a scratch directory, stdin from a file or a pipe) and check its output,
// dead letter, metrics, messages and exit codes. Inputs come from the sample
// generator (gen/log_generator.h), whose truth says what a correct run reports.
// Running the binary and reading its outputs: testing/cli_runner.h, testing/run_outputs.h.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <vector>

#include "gen/log_generator.h"
#include "testing/cli_runner.h"
#include "testing/compress.h"
#include "testing/run_outputs.h"
#include "testing/scratch_dir.h"

namespace sluice {
namespace {

using testing::FileExists;
using testing::GzipMember;
using testing::ReadFile;
using testing::ScratchDir;
using testing::WriteFile;
using testing::ZstdFrame;
using testing::ArgvOf;
using testing::DeadLine;
using testing::ExecChild;
using testing::Finish;
using testing::ReadDeadLetter;
using testing::ReadMetrics;
using testing::RunProgram;
using testing::RunResult;
using testing::SplitLines;
using testing::Stdin;
using testing::Sluice;

// `sluice-gen gen_args | sluice sluice_args`; the result is sluice's.
RunResult GenPipedIntoSluice(std::vector<std::string> gen_args, std::vector<std::string> sluice_args,
                             const std::string& dir) {
  gen_args.insert(gen_args.begin(), SLUICE_GEN_BINARY);
  sluice_args.insert(sluice_args.begin(), SLUICE_BINARY);
  std::vector<char*> gen_argv = ArgvOf(gen_args);
  std::vector<char*> sluice_argv = ArgvOf(sluice_args);
  int fds[2];
  EXPECT_EQ(pipe2(fds, O_CLOEXEC), 0);
  const std::string out_path = dir + "/.stdout", err_path = dir + "/.stderr";
  const int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int gen_err = open((dir + "/.gen-stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int null_in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t gen = fork();
  if (gen == 0) ExecChild(null_in, fds[1], gen_err, nullptr, gen_argv.data());
  const pid_t sluice = fork();
  if (sluice == 0) ExecChild(fds[0], out_fd, err_fd, nullptr, sluice_argv.data());
  for (int fd : {fds[0], fds[1], out_fd, err_fd, gen_err, null_in}) close(fd);
  RunResult r = Finish(sluice, out_path, err_path);
  int status = 0;
  EXPECT_EQ(waitpid(gen, &status, 0), gen);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "sluice-gen failed: " << ReadFile(dir + "/.gen-stderr");
  return r;
}

std::string ZstdDecompressFile(const std::string& path) {
  bool ok = false;
  std::string text = testing::ZstdDecompress(ReadFile(path), &ok);
  EXPECT_TRUE(ok) << path << " is not a complete zstd stream";
  return text;
}

// A generated log and its truth.
struct Sample {
  std::string text;
  gen::GeneratorTruth truth;
};

Sample Generate(uint64_t bytes, uint64_t seed, double malformed_rate = 0.002, double blank_rate = 0.0005) {
  gen::GeneratorOptions options;
  options.bytes = bytes;
  options.seed = seed;
  options.malformed_rate = malformed_rate;
  options.blank_rate = blank_rate;
  Sample s;
  s.text = gen::GenerateString(options, &s.truth);
  return s;
}

// The lines of a sample that are records (neither blank nor malformed), as a
// correct run writes them: without '\r', each ending in '\n'.
std::vector<std::string> ExpectedRecords(const Sample& s) {
  EXPECT_LT(s.truth.malformed, gen::GeneratorTruth::kMaxMalformedLines) << "truth lists only some malformed lines";
  const std::set<uint64_t> malformed(s.truth.malformed_lines.begin(), s.truth.malformed_lines.end());
  std::vector<std::string> records;
  uint64_t number = 0;
  for (std::string line : SplitLines(s.text)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (malformed.count(number)) continue;
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    records.push_back(line);
  }
  EXPECT_EQ(records.size(), s.truth.records);
  return records;
}

// The dead letter without its "source" fields, to compare runs over inputs
// of different names.
std::string WithoutSources(const std::string& dead_letter) {
  std::string out;
  for (const DeadLine& d : ReadDeadLetter(dead_letter)) {
    out += std::to_string(d.line) + " " + d.error + " " + std::to_string(d.bytes) + "\n";
  }
  return out;
}

// True when `out` is `in` with some values redacted: the same members in the
// same order (some may be gone), and every value equal, a redaction of it, or
// replaced by a string.
bool IsRedactionOf(simdjson::dom::element in, simdjson::dom::element out) {
  using simdjson::dom::element_type;
  if (out.type() == element_type::STRING && in.type() != element_type::STRING) return true;
  if (in.type() != out.type()) return false;
  switch (in.type()) {
    case element_type::OBJECT: {
      simdjson::dom::object in_object, out_object;
      if (in.get_object().get(in_object) || out.get_object().get(out_object)) return false;
      auto it = in_object.begin();
      for (auto field : out_object) {
        while (it != in_object.end() && it.key() != field.key) ++it;
        if (it == in_object.end()) return false;
        if (!IsRedactionOf(it.value(), field.value)) return false;
        ++it;
      }
      return true;
    }
    case element_type::ARRAY: {
      simdjson::dom::array a, b;
      if (in.get_array().get(a) || out.get_array().get(b) || a.size() != b.size()) return false;
      for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
        if (!IsRedactionOf(*ia, *ib)) return false;
      }
      return true;
    }
    case element_type::STRING:
      return true;  // a string may hold a redacted part
    default:
      return simdjson::minify(in) == simdjson::minify(out);
  }
}

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { std::signal(SIGPIPE, SIG_IGN); }  // pipes to children that left
  ScratchDir dir_;
  std::string File(std::string_view name) const { return dir_.File(name); }
};

TEST_F(CliTest, HelpGoesToStdoutWithExitZero) {
  RunResult r = Sluice({"--help"}, dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.out.find("Usage"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--dead-letter"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Exit codes"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");

  RunResult version = Sluice({"--version"}, dir_.path());
  EXPECT_EQ(version.exit_code, 0) << version;
  EXPECT_NE(version.out.find("sluice"), std::string::npos);
}

TEST_F(CliTest, BadUsageExitsTwoWithAMessageOnStderr) {
  WriteFile(File("in.ndjson"), "{\"a\":1}\n");
  const std::vector<std::vector<std::string>> cases = {
      {"--no-such-flag"}, {"-j", "0"}, {"-j", "many"}, {"--chunk-bytes", "1K"}, {"--compress", "lz4"},
      {"--level", "99"},  {"--max-line-bytes", "0"},   {"-o"},
  };
  for (std::vector<std::string> args : cases) {
    const std::string shown = ::testing::PrintToString(args);
    if (args != std::vector<std::string>{"-o"}) {
      args.push_back(File("in.ndjson"));
      args.insert(args.end(), {"-o", File("out.ndjson")});
    }
    RunResult r = Sluice(args, dir_.path());
    EXPECT_EQ(r.exit_code, 2) << shown << ": " << r;
    EXPECT_NE(r.err.find("sluice: "), std::string::npos) << shown << ": " << r;
    EXPECT_EQ(r.out, "") << shown;
    EXPECT_FALSE(FileExists(File("out.ndjson"))) << shown << ": an output was created";
  }
}

TEST_F(CliTest, WritesToStdoutByDefault) {
  WriteFile(File("in.ndjson"), "{\"a\":1}\n{\"b\":2}\n");
  RunResult r = Sluice({File("in.ndjson")}, dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "{\"a\":1}\n{\"b\":2}\n");
  EXPECT_EQ(r.err, "") << "no summary when stderr is not a terminal";
  RunResult summary = Sluice({File("in.ndjson"), "--summary"}, dir_.path());
  EXPECT_NE(summary.err.find("lines in                     2"), std::string::npos) << summary.err;
}

// Running with no rule at all redacts nothing: said on stderr, not silent.
// A hash rule without a key names the flags that give one.
TEST_F(CliTest, NoRulesWarnsAndAHashRuleWithoutAKeyNamesTheFlags) {
  WriteFile(File("in.ndjson"), "{\"password\":\"hunter2\"}\n");
  RunResult none = Sluice({File("in.ndjson"), "--no-default-rules"}, dir_.path());
  EXPECT_EQ(none.exit_code, 0) << none;
  EXPECT_EQ(none.out, "{\"password\":\"hunter2\"}\n");
  EXPECT_NE(none.err.find("warning: no redaction rules"), std::string::npos) << none.err;
  RunResult with_default = Sluice({File("in.ndjson")}, dir_.path());
  EXPECT_EQ(with_default.err, "");
  WriteFile(File("hash.toml"), "[[key_rule]]\nname = \"pin\"\nkeys = [\"pin\"]\nmode = \"hash\"\n");
  RunResult no_key = Sluice({File("in.ndjson"), "--rules", File("hash.toml")}, dir_.path());
  EXPECT_EQ(no_key.exit_code, 2) << no_key;
  EXPECT_NE(no_key.err.find("--hash-key-file, $SLUICE_HASH_KEY"), std::string::npos) << no_key.err;
  EXPECT_EQ(no_key.err.find("RulesOptions"), std::string::npos) << no_key.err;
}

// `sluice check` validates what a run would load, names the file and line
// of the first problem, and exits 2 on it; a run refuses the same pack.
TEST_F(CliTest, CheckReportsBadRulesWithFileAndLine) {
  RunResult builtin = Sluice({"check", "--rules", std::string(SLUICE_SOURCE_DIR) + "/pipeline/rules/strict.toml"},
                             dir_.path());
  EXPECT_EQ(builtin.exit_code, 0) << builtin;
  EXPECT_EQ(builtin.out.rfind("ok: ", 0), 0u) << builtin.out;

  WriteFile(File("regex.toml"), "[[pattern]]\nname = \"acme\"\nregex = \"acme_(\"\nprefilter = [\"acme_\"]\n");
  WriteFile(File("option.toml"), "[[key_rule]]\nname = \"pin\"\nkeys = [\"pin\"]\nmdoe = \"mask\"\n");
  for (const char* pack : {"regex.toml", "option.toml"}) {
    SCOPED_TRACE(pack);
    RunResult bad = Sluice({"check", "--rules", File(pack)}, dir_.path());
    EXPECT_EQ(bad.exit_code, 2) << bad;
    EXPECT_EQ(bad.out, "");
    const std::string where = File(pack) + (std::string(pack) == "regex.toml" ? ":3" : ":4");
    EXPECT_NE(bad.err.find(where), std::string::npos) << bad.err;
    WriteFile(File("in.ndjson"), "{\"password\":\"hunter2\"}\n");
    RunResult run = Sluice({File("in.ndjson"), "--rules", File(pack)}, dir_.path());
    EXPECT_EQ(run.exit_code, 2) << run;
    EXPECT_EQ(run.out, "") << "a pack that does not load runs nothing";
  }
  RunResult regex = Sluice({"check", "--rules", File("regex.toml")}, dir_.path());
  EXPECT_NE(regex.err.find("missing )"), std::string::npos) << regex.err;
  RunResult option = Sluice({"check", "--rules", File("option.toml")}, dir_.path());
  EXPECT_NE(option.err.find("mdoe"), std::string::npos) << option.err;

  // A hash-mode pack is checked with the key a run would use.
  WriteFile(File("hash.toml"), "[[key_rule]]\nname = \"pin\"\nkeys = [\"pin\"]\nmode = \"hash\"\n");
  WriteFile(File("key.txt"), "0123456789abcdef0123\n");
  RunResult no_key = Sluice({"check", "--rules", File("hash.toml")}, dir_.path());
  EXPECT_EQ(no_key.exit_code, 2) << no_key;
  EXPECT_NE(no_key.err.find("--hash-key-file"), std::string::npos) << no_key.err;
  RunResult keyed = Sluice({"check", "--rules", File("hash.toml"), "--hash-key-file", File("key.txt")}, dir_.path());
  EXPECT_EQ(keyed.exit_code, 0) << keyed;
  EXPECT_EQ(keyed.err.find("0123456789abcdef"), std::string::npos) << "the key is never printed";
}

TEST_F(CliTest, ClosedStdoutEndsQuietly) {
  // `sluice big.log | head -1`: the reader of stdout has gone.
  const Sample s = Generate(4 << 20, 31);
  WriteFile(File("in.ndjson"), s.text);
  std::vector<std::string> args = {SLUICE_BINARY, File("in.ndjson")};
  std::vector<char*> argv = ArgvOf(args);
  int fds[2];
  ASSERT_EQ(pipe2(fds, O_CLOEXEC), 0);
  ::close(fds[0]);  // nobody will read
  const int null_in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  const int err_fd = open(File(".stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const pid_t pid = fork();
  if (pid == 0) ExecChild(null_in, fds[1], err_fd, nullptr, argv.data());
  for (int fd : {fds[1], null_in, err_fd}) ::close(fd);
  WriteFile(File(".stdout"), "");
  RunResult r = Finish(pid, File(".stdout"), File(".stderr"));
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.signal, 0) << r;
  EXPECT_EQ(r.err, "");
}

TEST_F(CliTest, GzipAndZstdInputsGiveTheSameOutputAsPlain) {
  const Sample s = Generate(2 << 20, 21);
  // Members and frames split at line ends, as concatenated files give.
  const size_t a = s.text.find('\n', s.text.size() / 3) + 1, b = s.text.find('\n', 2 * s.text.size() / 3) + 1;
  const std::string parts[] = {s.text.substr(0, a), s.text.substr(a, b - a), s.text.substr(b)};
  WriteFile(File("plain.ndjson"), s.text);
  WriteFile(File("single.gz"), GzipMember(s.text));
  WriteFile(File("multi.gz"), GzipMember(parts[0]) + GzipMember(parts[1]) + GzipMember(parts[2]));
  WriteFile(File("multi.zst"), ZstdFrame(parts[0]) + testing::ZstdSkippableFrame("meta") + ZstdFrame(parts[1]) +
                                   ZstdFrame(parts[2], 19));
  WriteFile(File("zstd-named.log"), ZstdFrame(s.text));
  WriteFile(File("gzip-named.zst"), GzipMember(s.text));

  RunResult plain = Sluice({File("plain.ndjson"), "-o", File("plain.out"), "--dead-letter", File("plain.dead"),
                            "--metrics", File("plain.json")},
                           dir_.path());
  ASSERT_EQ(plain.exit_code, 0) << plain;
  const std::string expected = ReadFile(File("plain.out"));
  ASSERT_EQ(SplitLines(expected).size(), s.truth.records);
  for (const char* input : {"single.gz", "multi.gz", "multi.zst", "zstd-named.log", "gzip-named.zst"}) {
    SCOPED_TRACE(input);
    RunResult r = Sluice({File(input), "-o", File("x.out"), "--dead-letter", File("x.dead"), "--metrics",
                          File("x.json")},
                         dir_.path());
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_TRUE(ReadFile(File("x.out")) == expected) << "output differs from the plain input's";
    EXPECT_EQ(WithoutSources(File("x.dead")), WithoutSources(File("plain.dead")));
    EXPECT_EQ(ReadMetrics(File("x.json")), ReadMetrics(File("plain.json")));
  }
  // Compressed data on stdin, through a pipe.
  RunResult piped = Sluice({"-o", File("piped.out")}, dir_.path(), Stdin::Pipe(ReadFile(File("multi.zst"))));
  ASSERT_EQ(piped.exit_code, 0) << piped;
  EXPECT_TRUE(ReadFile(File("piped.out")) == expected);
}

TEST_F(CliTest, TruncatedCompressedInputFailsNamingItAndKeepsWhatWasRead) {
  std::string text;
  for (int i = 0; i < 40000; ++i) text += "{\"i\":" + std::to_string(i) + ",\"msg\":\"no secret here\"}\n";
  const std::string gz = GzipMember(text);
  WriteFile(File("cut.ndjson.gz"), gz.substr(0, gz.size() / 2));
  RunResult r = Sluice({File("cut.ndjson.gz"), "-o", File("out.ndjson")}, dir_.path());
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find(File("cut.ndjson.gz")), std::string::npos) << r;
  EXPECT_NE(r.err.find("truncated"), std::string::npos) << r;
  const std::string out = ReadFile(File("out.ndjson"));
  ASSERT_FALSE(out.empty());
  EXPECT_LT(out.size(), text.size());
  EXPECT_TRUE(text.compare(0, out.size(), out) == 0) << "the output is not a prefix of the input";
  EXPECT_EQ(out.back(), '\n');
}

TEST_F(CliTest, CrlfInputGivesTheSameOutputAsLf) {
  const Sample s = Generate(1 << 20, 23, 0.01, 0.005);
  std::string crlf;
  for (char c : s.text) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  ASSERT_TRUE(testing::FileExists(dir_.path()));
  ::mkdir(File("lf").c_str(), 0755);
  ::mkdir(File("crlf").c_str(), 0755);
  WriteFile(File("lf/in.ndjson"), s.text);
  WriteFile(File("crlf/in.ndjson"), crlf);
  for (const char* sub : {"lf", "crlf"}) {
    RunResult r = Sluice({"in.ndjson", "-o", "out", "--dead-letter", "dead", "--metrics", "m.json"}, dir_.path(),
                         Stdin::Null(), File(sub));
    ASSERT_EQ(r.exit_code, 0) << sub << ": " << r;
  }
  const std::string out = ReadFile(File("lf/out"));
  EXPECT_EQ(SplitLines(out).size(), s.truth.records);
  EXPECT_TRUE(ReadFile(File("crlf/out")) == out) << "CRLF input gave another output";
  EXPECT_EQ(out.find('\r'), std::string::npos);
  EXPECT_EQ(ReadFile(File("crlf/dead")), ReadFile(File("lf/dead")));
  const auto lf_metrics = ReadMetrics(File("lf/m.json")), crlf_metrics = ReadMetrics(File("crlf/m.json"));
  EXPECT_EQ(crlf_metrics.at("lines_in"), lf_metrics.at("lines_in"));
  EXPECT_EQ(crlf_metrics.at("malformed"), lf_metrics.at("malformed"));
  EXPECT_EQ(crlf_metrics.at("lines_out"), lf_metrics.at("lines_out"));
}

TEST_F(CliTest, LastLineWithoutNewline) {
  WriteFile(File("record.ndjson"), "{\"a\":1}\n{\"b\":2}");
  RunResult r = Sluice({File("record.ndjson"), "-o", File("out")}, dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(ReadFile(File("out")), "{\"a\":1}\n{\"b\":2}\n");

  WriteFile(File("bad.ndjson"), "{\"a\":1}\n{\"b\":");
  r = Sluice({File("bad.ndjson"), "-o", File("out"), "--dead-letter", File("dead")}, dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(ReadFile(File("out")), "{\"a\":1}\n");
  const std::vector<DeadLine> dead = ReadDeadLetter(File("dead"));
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].line, 2u);
  EXPECT_EQ(dead[0].bytes, 5u);
}

// Editors on Windows start UTF-8 files with a byte-order mark; it made the
// first line invalid_json.
TEST_F(CliTest, ByteOrderMarkAtTheStartOfAnInputIsDropped) {
  const std::string bom = "\xEF\xBB\xBF";
  WriteFile(File("bom.ndjson"), bom + "{\"ok\":\"a\"}\n" + bom + "{\"ok\":\"b\"}\n");
  WriteFile(File("bom.ndjson.gz"), GzipMember(bom + "{\"ok\":\"c\"}\n"));
  WriteFile(File("bom.zst"), ZstdFrame(bom + "{\"ok\":\"d\"}"));
  RunResult r = Sluice({File("bom.ndjson"), File("bom.ndjson.gz"), File("bom.zst"), "-o", File("out"),
                        "--dead-letter", File("dead")},
                       dir_.path());
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(ReadFile(File("out")), "{\"ok\":\"a\"}\n{\"ok\":\"c\"}\n{\"ok\":\"d\"}\n");
  // Later in a file it is no byte-order mark: that line stays malformed.
  const std::vector<DeadLine> dead = ReadDeadLetter(File("dead"));
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(std::tie(dead[0].source, dead[0].line, dead[0].error),
            std::make_tuple(File("bom.ndjson"), uint64_t{2}, std::string("invalid_json")));

  RunResult piped = Sluice({"--dead-letter", File("piped.dead")}, dir_.path(), Stdin::Pipe(bom + "{\"ok\":\"e\"}\n"));
  ASSERT_EQ(piped.exit_code, 0) << piped;
  EXPECT_EQ(piped.out, "{\"ok\":\"e\"}\n");
  EXPECT_EQ(ReadFile(File("piped.dead")), "");
}

TEST_F(CliTest, EmptyInputGivesEmptyOutput) {
  WriteFile(File("empty.ndjson"), "");
  RunResult r = Sluice({File("empty.ndjson"), "-o", File("out.ndjson"), "--metrics", File("m.json")}, dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r;
  ASSERT_TRUE(FileExists(File("out.ndjson")));
  EXPECT_EQ(ReadFile(File("out.ndjson")), "");
  EXPECT_EQ(ReadMetrics(File("m.json")).at("lines_in"), 0u);

  RunResult from_stdin = Sluice({}, dir_.path(), Stdin::Pipe(""));
  EXPECT_EQ(from_stdin.exit_code, 0) << from_stdin;
  EXPECT_EQ(from_stdin.out, "");

  RunResult zst = Sluice({File("empty.ndjson"), "-o", File("out.zst")}, dir_.path());
  EXPECT_EQ(zst.exit_code, 0) << zst;
  EXPECT_EQ(ReadFile(File("out.zst")), "");

  WriteFile(File("blank.ndjson"), "\n  \n\t\r\n\n");
  RunResult blank = Sluice({File("blank.ndjson"), "-o", File("out.ndjson"), "--metrics", File("m.json")}, dir_.path());
  EXPECT_EQ(blank.exit_code, 0) << blank;
  EXPECT_EQ(ReadFile(File("out.ndjson")), "");
  const auto m = ReadMetrics(File("m.json"));
  EXPECT_EQ(m.at("lines_in"), 4u);
  EXPECT_EQ(m.at("lines_out"), 0u);
  EXPECT_EQ(m.at("malformed"), 0u);
}

TEST_F(CliTest, StdinAndFileGiveIdenticalOutput) {
  const Sample s = Generate(6 << 20, 24, 0.005);
  WriteFile(File("in.ndjson"), s.text);
  RunResult file = Sluice({File("in.ndjson"), "-o", File("file.out"), "--dead-letter", File("file.dead")}, dir_.path());
  ASSERT_EQ(file.exit_code, 0) << file;
  RunResult pipe = Sluice({"-", "-o", File("pipe.out"), "--dead-letter", File("pipe.dead")}, dir_.path(),
                          Stdin::Pipe(s.text));
  ASSERT_EQ(pipe.exit_code, 0) << pipe;
  RunResult redirected = Sluice({"--dead-letter", File("redirect.dead")}, dir_.path(), Stdin::File(File("in.ndjson")));
  ASSERT_EQ(redirected.exit_code, 0) << redirected;

  const std::string expected = ReadFile(File("file.out"));
  EXPECT_EQ(SplitLines(expected).size(), s.truth.records);
  EXPECT_TRUE(ReadFile(File("pipe.out")) == expected);
  EXPECT_TRUE(redirected.out == expected);
  EXPECT_EQ(WithoutSources(File("pipe.dead")), WithoutSources(File("file.dead")));
  EXPECT_EQ(WithoutSources(File("redirect.dead")), WithoutSources(File("file.dead")));
  for (const DeadLine& d : ReadDeadLetter(File("pipe.dead"))) EXPECT_EQ(d.source, "stdin");
  for (const DeadLine& d : ReadDeadLetter(File("file.dead"))) EXPECT_EQ(d.source, File("in.ndjson"));
}

TEST_F(CliTest, MalformedLinesGoToTheDeadLetterAndAreCounted) {
  WriteFile(File("a.ndjson"),
            "{\"ok\":1}\n"         // 1
            "not json\n"           // 2
            "\n"                   // 3
            "[1,2]\n"              // 4
            "{\"ok\":2}\n"         // 5
            "{\"bad\":\"\xFF\"}\n"  // 6
            "{\"x\":tru}");        // 7, no final newline
  WriteFile(File("b.ndjson"), "{\"ok\":3}\n42\n");
  RunResult r = Sluice({File("a.ndjson"), File("b.ndjson"), "-o", File("out"), "--dead-letter", File("dead"),
                        "--metrics", File("m.json")},
                       dir_.path());
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(ReadFile(File("out")), "{\"ok\":1}\n{\"ok\":2}\n{\"ok\":3}\n");
  const std::vector<DeadLine> dead = ReadDeadLetter(File("dead"));
  ASSERT_EQ(dead.size(), 5u);
  const std::string a = File("a.ndjson"), b = File("b.ndjson");
  const std::vector<std::tuple<std::string, uint64_t, std::string, uint64_t>> expected = {
      {a, 2, "invalid_json", 8}, {a, 4, "not_object", 5}, {a, 6, "invalid_utf8", 11},
      {a, 7, "invalid_json", 9}, {b, 2, "not_object", 2}};
  for (size_t i = 0; i < dead.size(); ++i) {
    EXPECT_EQ(std::tie(dead[i].source, dead[i].line, dead[i].error, dead[i].bytes), expected[i]) << "entry " << i;
  }
  const auto m = ReadMetrics(File("m.json"));
  EXPECT_EQ(m.at("malformed"), 5u);
  EXPECT_EQ(m.at("lines_out"), 3u);
  EXPECT_EQ(m.at("lines_in"), 9u);
}

TEST_F(CliTest, HostileLinesAreMalformedAndTheRunGoesOn) {
  const std::string deep = "{\"a\":" + std::string(300000, '[') + std::string(300000, ']') + "}";
  const std::string long_line = "{\"a\":\"" + std::string(2 << 20, 'x') + "\"}";
  std::string escaped_keys = "{";
  for (int i = 0; i < 5000; ++i) escaped_keys += R"("\u0041":1,)";
  escaped_keys += R"("pass\u0077ord":"hunter2"})";
  WriteFile(File("in.ndjson"), "{\"ok\":1}\n" + deep + "\n{\"ok\":2}\n" + long_line + "\n{\"k\\q\":1}\n" + escaped_keys +
                                   "\n{\"ok\":3}\n");
  RunResult r = Sluice({File("in.ndjson"), "-o", File("out"), "--dead-letter", File("dead")}, dir_.path());
  ASSERT_EQ(r.exit_code, 0) << r;
  const std::vector<std::string> out = SplitLines(ReadFile(File("out")));
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0], "{\"ok\":1}");
  EXPECT_EQ(out[1], "{\"ok\":2}");
  EXPECT_EQ(out[2].find("hunter2"), std::string::npos) << "an escaped key let a password through";
  EXPECT_EQ(out[3], "{\"ok\":3}");
  const std::vector<DeadLine> dead = ReadDeadLetter(File("dead"));
  ASSERT_EQ(dead.size(), 3u);
  EXPECT_EQ(std::tie(dead[0].line, dead[0].error, dead[0].bytes), std::make_tuple(2u, std::string("too_deep"), deep.size()));
  EXPECT_EQ(std::tie(dead[1].line, dead[1].error, dead[1].bytes),
            std::make_tuple(4u, std::string("too_long"), long_line.size()));
  EXPECT_EQ(std::tie(dead[2].line, dead[2].error), std::make_tuple(5u, std::string("invalid_json")));
}

TEST_F(CliTest, DeadLetterLinesMatchTheGeneratorsTruth) {
  const Sample s = Generate(8 << 20, 25, 0.01, 0.002);
  WriteFile(File("in.ndjson"), s.text);
  // Small chunks: line numbers must carry across many chunk boundaries.
  RunResult r = Sluice({File("in.ndjson"), "-j", "2", "--chunk-bytes", "64K", "--max-line-bytes", "16K", "-o",
                        File("out"), "--dead-letter", File("dead")},
                       dir_.path());
  ASSERT_EQ(r.exit_code, 0) << r;
  const std::vector<DeadLine> dead = ReadDeadLetter(File("dead"));
  std::vector<uint64_t> lines;
  std::map<std::string, uint64_t> causes;
  for (const DeadLine& d : dead) {
    lines.push_back(d.line);
    ++causes[d.error];
  }
  ASSERT_GT(s.truth.malformed, 100u);
  EXPECT_EQ(lines, s.truth.malformed_lines);
  EXPECT_EQ(causes["invalid_json"], s.truth.malformed_by_cause[0]);
  EXPECT_EQ(causes["invalid_utf8"], s.truth.malformed_by_cause[1]);
  EXPECT_EQ(causes["not_object"], s.truth.malformed_by_cause[2]);
}

TEST_F(CliTest, OutputOrderEqualsInputOrderWithTwoThreadsAndSmallChunks) {
  std::string input;
  for (int i = 0; i < 30000; ++i) {
    input += "{\"seq\":" + std::to_string(i) + ",\"pad\":\"" + std::string(static_cast<size_t>(i * 7919 % 97), 'p') +
             "\"}\n";
  }
  WriteFile(File("in.ndjson"), input);
  RunResult plain = Sluice({File("in.ndjson"), "-j", "2", "--chunk-bytes", "4K", "--max-line-bytes", "1K", "-o",
                            File("out.ndjson")},
                           dir_.path());
  ASSERT_EQ(plain.exit_code, 0) << plain;
  EXPECT_TRUE(ReadFile(File("out.ndjson")) == input) << "records out of order or changed";
  RunResult zst = Sluice({File("in.ndjson"), "-j", "2", "--chunk-bytes", "4K", "--max-line-bytes", "1K", "-o",
                          File("out.zst")},
                         dir_.path());
  ASSERT_EQ(zst.exit_code, 0) << zst;
  // One frame per chunk: the input really went through many chunks.
  EXPECT_GT(testing::ZstdFrameCount(ReadFile(File("out.zst"))), static_cast<int>(input.size() / 4096));
  EXPECT_TRUE(ZstdDecompressFile(File("out.zst")) == input);
}

TEST_F(CliTest, OversizedLinesWithSmallChunks) {
  std::string input;
  std::string expected_out;
  std::vector<uint64_t> long_lines;
  uint64_t number = 0;
  for (int i = 0; i < 2000; ++i) {
    ++number;
    if (i % 97 == 5) {
      input += "{\"big\":\"" + std::string(10000 + static_cast<size_t>(i), 'b') + "\"}\n";
      long_lines.push_back(number);
    } else {
      const std::string line = "{\"i\":" + std::to_string(i) + "}";
      input += line + "\n";
      expected_out += line + "\n";
    }
  }
  WriteFile(File("in.ndjson"), input);
  RunResult r = Sluice({File("in.ndjson"), "-j", "2", "--chunk-bytes", "4K", "--max-line-bytes", "1K", "-o",
                        File("out"), "--dead-letter", File("dead")},
                       dir_.path());
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_TRUE(ReadFile(File("out")) == expected_out);
  const std::vector<DeadLine> dead = ReadDeadLetter(File("dead"));
  ASSERT_EQ(dead.size(), long_lines.size());
  for (size_t k = 0; k < dead.size(); ++k) {
    EXPECT_EQ(dead[k].line, long_lines[k]);
    EXPECT_EQ(dead[k].error, "too_long");
    // {"big":"...."}: the 10000 + i b's and 10 bytes around them.
    EXPECT_EQ(dead[k].bytes, 10000 + (long_lines[k] - 1) + 10) << "line " << long_lines[k];
  }
}

TEST_F(CliTest, OneAndTwoThreadsGiveIdenticalOutput) {
  const Sample s = Generate(20 << 20, 26, 0.003, 0.001);
  WriteFile(File("in.ndjson"), s.text);
  struct Variant {
    std::string name;
    std::vector<std::string> flags;
  };
  const Variant variants[] = {
      {"j1", {"-j", "1"}},
      {"j2", {"-j", "2"}},
      {"j2small", {"-j", "2", "--chunk-bytes", "64K", "--max-line-bytes", "32K"}},
      {"j5small", {"-j", "5", "--chunk-bytes", "256K", "--max-line-bytes", "32K"}},
  };
  for (const Variant& v : variants) {
    std::vector<std::string> args = v.flags;
    args.insert(args.end(), {File("in.ndjson"), "-o", File(v.name + ".out"), "--dead-letter", File(v.name + ".dead"),
                             "--metrics", File(v.name + ".json")});
    RunResult r = Sluice(args, dir_.path());
    ASSERT_EQ(r.exit_code, 0) << v.name << ": " << r;
  }
  const std::string reference = ReadFile(File("j1.out"));
  ASSERT_EQ(SplitLines(reference).size(), s.truth.records);
  for (const Variant& v : variants) {
    SCOPED_TRACE(v.name);
    EXPECT_TRUE(ReadFile(File(v.name + ".out")) == reference) << "output differs from -j1";
    EXPECT_EQ(ReadFile(File(v.name + ".dead")), ReadFile(File("j1.dead")));
    EXPECT_EQ(ReadMetrics(File(v.name + ".json")), ReadMetrics(File("j1.json")));
  }
}

TEST_F(CliTest, ZstOutputIsValidAndHoldsTheRecords) {
  const Sample s = Generate(4 << 20, 27, 0.005);
  WriteFile(File("in.ndjson"), s.text);
  // ndjson: journal envelopes are compared as they are, not unwrapped.
  RunResult r = Sluice({File("in.ndjson"), "-o", File("out.ndjson.zst"), "--input-format", "ndjson"},
                       dir_.path());
  ASSERT_EQ(r.exit_code, 0) << r;
  RunResult test = RunProgram("zstd", {"-q", "-t", File("out.ndjson.zst")}, dir_.path());
  EXPECT_EQ(test.exit_code, 0) << "zstd -t: " << test;

  const std::vector<std::string> expected = ExpectedRecords(s);
  const std::string text = ZstdDecompressFile(File("out.ndjson.zst"));
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  const std::vector<std::string> got = SplitLines(text);
  ASSERT_EQ(got.size(), expected.size());
  simdjson::dom::parser in_parser, out_parser;
  size_t identical = 0, redacted = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    if (got[i] == expected[i]) {
      ++identical;
      continue;
    }
    // A changed record is the input record with values redacted, nothing else.
    ++redacted;
    simdjson::dom::element in, out;
    ASSERT_EQ(in_parser.parse(expected[i]).get(in), simdjson::SUCCESS) << expected[i];
    ASSERT_EQ(out_parser.parse(got[i]).get(out), simdjson::SUCCESS) << "record " << i << " is not JSON: " << got[i];
    EXPECT_TRUE(IsRedactionOf(in, out)) << "record " << i << "\nin:  " << expected[i] << "\nout: " << got[i];
  }
  EXPECT_GT(redacted, 0u) << "no record was redacted: the check above tested nothing";
  EXPECT_GT(identical, got.size() * 8 / 10) << "most records hold no secret and must pass byte for byte";
}

TEST_F(CliTest, MissingInputExitsOneNamingItAndWritesNothing) {
  WriteFile(File("there.ndjson"), "{\"a\":1}\n");
  RunResult r = Sluice({File("there.ndjson"), File("missing.ndjson"), "-o", File("out.ndjson"), "--dead-letter",
                        File("dead.ndjson")},
                       dir_.path());
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find(File("missing.ndjson")), std::string::npos) << r;
  EXPECT_FALSE(FileExists(File("out.ndjson")));
  EXPECT_FALSE(FileExists(File("dead.ndjson")));
  EXPECT_EQ(r.out, "");

  RunResult dir_input = Sluice({dir_.path(), "-o", File("out.ndjson")}, dir_.path());
  EXPECT_EQ(dir_input.exit_code, 1) << dir_input;
  EXPECT_NE(dir_input.err.find("directory"), std::string::npos) << dir_input;
  EXPECT_FALSE(FileExists(File("out.ndjson")));
}

TEST_F(CliTest, OutputToDevFullExitsThreeNamingIt) {
  const Sample s = Generate(1 << 20, 28);
  ASSERT_GT(s.truth.malformed, 0u);
  WriteFile(File("in.ndjson"), s.text);
  for (const char* out : {"/dev/full"}) {
    RunResult r = Sluice({File("in.ndjson"), "-o", out}, dir_.path());
    EXPECT_EQ(r.exit_code, 3) << r;
    EXPECT_NE(r.err.find("/dev/full"), std::string::npos) << r;
    struct stat st {};
    ASSERT_EQ(::stat("/dev/full", &st), 0) << "/dev/full is gone";
    EXPECT_TRUE(S_ISCHR(st.st_mode));
  }
  // Compressed, and the dead letter on a full disk: the output is removed.
  RunResult zst = Sluice({File("in.ndjson"), "-o", File("out.zst"), "--dead-letter", "/dev/full"}, dir_.path());
  EXPECT_EQ(zst.exit_code, 3) << zst;
  EXPECT_NE(zst.err.find("/dev/full"), std::string::npos) << zst;
  EXPECT_FALSE(FileExists(File("out.zst"))) << "a failed run left its output";
}

TEST_F(CliTest, UnwritableOutputExitsThree) {
  WriteFile(File("in.ndjson"), "{\"a\":1}\n");
  WriteFile(File("a-file"), "");
  std::vector<std::string> outputs = {File("no-such-dir/out.ndjson"), File("a-file/out.ndjson")};
  if (::geteuid() != 0) {  // permissions do not stop root
    ::mkdir(File("read-only").c_str(), 0555);
    outputs.push_back(File("read-only/out.ndjson"));
  }
  for (const std::string& out : outputs) {
    RunResult r = Sluice({File("in.ndjson"), "-o", out}, dir_.path());
    EXPECT_EQ(r.exit_code, 3) << out << ": " << r;
    EXPECT_NE(r.err.find(out), std::string::npos) << r;
    RunResult dead = Sluice({File("in.ndjson"), "-o", File("out.ndjson"), "--dead-letter", out}, dir_.path());
    EXPECT_EQ(dead.exit_code, 3) << out << ": " << dead;
    EXPECT_FALSE(FileExists(File("out.ndjson"))) << "output left after the dead letter failed to open";
  }
}

TEST_F(CliTest, RefusesToWriteOverAnInput) {
  const std::string original = "{\"a\":1}\nbad\n{\"b\":2}\n";
  WriteFile(File("in.ndjson"), original);
  ASSERT_EQ(::link(File("in.ndjson").c_str(), File("hard-link.ndjson").c_str()), 0);
  const std::vector<std::vector<std::string>> cases = {
      {"-o", File("in.ndjson")},
      {"-o", dir_.path() + "/./in.ndjson"},
      {"-o", File("hard-link.ndjson")},
      {"-o", File("in.ndjson"), "--compress", "zstd"},
      {"-o", File("out.ndjson"), "--dead-letter", File("in.ndjson")},
      {"-o", File("out.ndjson"), "--metrics", File("in.ndjson")},
  };
  for (std::vector<std::string> args : cases) {
    const std::string shown = ::testing::PrintToString(args);
    args.insert(args.begin(), File("in.ndjson"));
    RunResult r = Sluice(args, dir_.path());
    EXPECT_EQ(r.exit_code, 1) << shown << ": " << r;
    EXPECT_NE(r.err.find("in.ndjson"), std::string::npos) << shown << ": " << r;
    EXPECT_EQ(ReadFile(File("in.ndjson")), original) << shown << ": the input was overwritten";
    WriteFile(File("in.ndjson"), original);
  }
}

TEST_F(CliTest, MetricsMatchTheGeneratorsTruth) {
  const Sample s = Generate(10 << 20, 29, 0.004, 0.003);
  ASSERT_GT(s.truth.blank, 0u);
  WriteFile(File("in.ndjson"), s.text);
  RunResult r = Sluice({File("in.ndjson"), "-o", File("out.zst"), "--metrics", File("m.json")}, dir_.path());
  ASSERT_EQ(r.exit_code, 0) << r;
  const auto m = ReadMetrics(File("m.json"));
  EXPECT_EQ(m.at("lines_in"), s.truth.lines);
  EXPECT_EQ(m.at("malformed"), s.truth.malformed);
  EXPECT_EQ(m.at("lines_out"), s.truth.records);
}

// Peak memory must not grow with the input: sluice streams through a fixed pool.
TEST_F(CliTest, PeakMemoryStaysFlat) {
  const std::vector<std::string> gen_args = {"--seed", "30", "--bytes"};
  auto gen_file = [&](const std::string& size, const std::string& path) {
    std::vector<std::string> args = gen_args;
    args.insert(args.end(), {size, "-o", path});
    RunResult g = RunProgram(SLUICE_GEN_BINARY, args, dir_.path());
    ASSERT_EQ(g.exit_code, 0) << g;
  };
  gen_file("50M", File("50m.ndjson"));
  gen_file("200M", File("200m.ndjson"));
  const std::vector<std::string> run_args = {"-j", "2", "-o", "/dev/null"};

  auto with = [&](std::vector<std::string> a, const std::string& input) {
    a.insert(a.begin(), input);
    return a;
  };
  RunResult small = Sluice(with(run_args, File("50m.ndjson")), dir_.path());
  ASSERT_EQ(small.exit_code, 0) << small;
  RunResult large = Sluice(with(run_args, File("200m.ndjson")), dir_.path());
  ASSERT_EQ(large.exit_code, 0) << large;
  ::unlink(File("200m.ndjson").c_str());
  ::unlink(File("50m.ndjson").c_str());
  std::vector<std::string> piped_gen = gen_args;
  piped_gen.push_back("200M");
  RunResult piped = GenPipedIntoSluice(piped_gen, with(run_args, "-"), dir_.path());
  ASSERT_EQ(piped.exit_code, 0) << piped;

  constexpr long kLimitKb = 200 * 1024;
  constexpr long kSlackKb = 50 * 1024;
  RecordProperty("rss_50m_kb", std::to_string(small.max_rss_kb));
  RecordProperty("rss_200m_file_kb", std::to_string(large.max_rss_kb));
  RecordProperty("rss_200m_stdin_kb", std::to_string(piped.max_rss_kb));
  EXPECT_GT(small.max_rss_kb, 0);
  EXPECT_LT(large.max_rss_kb, kLimitKb);
  EXPECT_LT(piped.max_rss_kb, kLimitKb);
  EXPECT_LE(large.max_rss_kb, small.max_rss_kb + kSlackKb) << "peak memory grows with the input";
  EXPECT_LE(piped.max_rss_kb, small.max_rss_kb + kSlackKb) << "peak memory grows with the input";
}

}  // namespace
}  // namespace sluice
