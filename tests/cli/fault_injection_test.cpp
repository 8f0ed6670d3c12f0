// Fault injection through the built binary: outputs that fill up (/dev/full, a
// small tmpfs), inputs that cannot be read or vanish, truncated or damaged gzip
// and zstd inputs, and hostile lines (100 MB on one line, 10,000-deep nesting,
// NUL bytes, invalid UTF-8 in keys, a duplicate key whose second value is a
// secret).
// Each case checks the exit code README.md documents, that stderr names the
// file and the cause, the dead letter entry of a malformed line, and that the
// counts add up: lines_in = lines_out + malformed + blank lines (blank lines
// are read and skipped, neither written nor malformed).
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <cerrno>
#include <cstdio>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "testing/cli_runner.h"
#include "testing/compress.h"
#include "testing/run_outputs.h"
#include "testing/scratch_dir.h"

namespace sluice {
namespace {

using testing::DeadLine;
using testing::FileExists;
using testing::ReadDeadLetter;
using testing::ReadFile;
using testing::ReadMetrics;
using testing::RunResult;
using testing::ScratchDir;
using testing::Sluice;
using testing::SplitLines;
using testing::WriteFile;

constexpr std::string_view kNoSpace = "No space left on device";

// `n` small records, one per line.
std::string Records(int n, int first = 0) {
  std::string text;
  for (int i = first; i < first + n; ++i) text += "{\"i\":" + std::to_string(i) + ",\"msg\":\"fault injection\"}\n";
  return text;
}

// `n` records holding 32 pseudo-random hex digits each: zstd cannot shrink them much.
std::string NoisyRecords(int n) {
  std::string text;
  uint64_t x = 0x9E3779B97F4A7C15ull;
  char hex[33];
  for (int i = 0; i < n; ++i) {
    for (int k = 0; k < 32; k += 16) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      std::snprintf(hex + k, sizeof hex - k, "%016llx", static_cast<unsigned long long>(x));
    }
    text += "{\"i\":" + std::to_string(i) + ",\"noise\":\"" + hex + "\"}\n";
  }
  return text;
}

// A tmpfs of `size` mounted on `dir` for the lifetime of the object. Mounting
// needs CAP_SYS_ADMIN (root outside a user namespace): mounted() says whether
// it worked, and why not in error().
class SmallFilesystem {
 public:
  SmallFilesystem(const std::string& dir, const char* size) : dir_(dir) {
    ::mkdir(dir.c_str(), 0755);
    const std::string options = std::string("size=") + size;
    if (::mount("tmpfs", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0) {
      mounted_ = true;
    } else {
      error_ = std::strerror(errno);
    }
  }
  ~SmallFilesystem() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  SmallFilesystem(const SmallFilesystem&) = delete;
  SmallFilesystem& operator=(const SmallFilesystem&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }
  // Fills the file system up to its last byte.
  void Fill() const {
    const int fd = ::open((dir_ + "/filler").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0);
    const std::string block(4096, 'f');
    while (::write(fd, block.data(), block.size()) > 0) {
    }
    while (::write(fd, block.data(), 1) > 0) {
    }
    ::close(fd);
  }

 private:
  std::string dir_;
  bool mounted_ = false;
  std::string error_;
};

class FaultInjectionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { std::signal(SIGPIPE, SIG_IGN); }
  std::string File(std::string_view name) const { return dir_.File(name); }

  // Runs sluice over `inputs` into out.ndjson with a dead letter and metrics.
  RunResult Run(std::vector<std::string> inputs, std::vector<std::string> more = {}) {
    inputs.insert(inputs.end(), {"-o", File("out.ndjson"), "--dead-letter", File("dead.ndjson"), "--metrics",
                                 File("m.json")});
    inputs.insert(inputs.end(), more.begin(), more.end());
    return Sluice(inputs, dir_.path());
  }

  // The run's metrics, after checking that lines_in = lines_out + malformed + blank,
  // that lines_out is the number of lines written and malformed the dead letter's size.
  std::map<std::string, uint64_t> CountsAddUp(uint64_t blank = 0) {
    const auto m = ReadMetrics(File("m.json"));
    EXPECT_EQ(m.at("lines_in"), m.at("lines_out") + m.at("malformed") + blank);
    EXPECT_EQ(m.at("lines_out"), SplitLines(ReadFile(File("out.ndjson"))).size());
    EXPECT_EQ(m.at("malformed"), ReadDeadLetter(File("dead.ndjson")).size());
    return m;
  }

  // Runs sluice over a good record, then each of `bad` followed by a good
  // record; checks that each bad line, and only those, went to the dead letter
  // with `cause`, its line number and size, and that the counts add up.
  void ExpectEachMalformed(const std::vector<std::string>& bad, const std::string& cause) {
    std::string input = Records(1);
    for (const std::string& line : bad) input += line + "\n" + Records(1);
    WriteFile(File("in.ndjson"), input);
    RunResult r = Run({File("in.ndjson")});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(SplitLines(ReadFile(File("out.ndjson"))).size(), bad.size() + 1);
    const std::vector<DeadLine> dead = ReadDeadLetter(File("dead.ndjson"));
    ASSERT_EQ(dead.size(), bad.size());
    for (size_t i = 0; i < dead.size(); ++i) {
      EXPECT_EQ(std::tie(dead[i].line, dead[i].error, dead[i].bytes), std::make_tuple(2 * i + 2, cause, bad[i].size()))
          << "bad line " << i;
    }
    EXPECT_EQ(CountsAddUp().at("lines_in"), 2 * bad.size() + 1);
  }

  ScratchDir dir_;
};

bool Contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

TEST_F(FaultInjectionTest, OutputToDevFullExitsThreeNamingTheCause) {
  WriteFile(File("in.ndjson"), Records(20000) + "not json\n");
  for (const std::vector<std::string>& outputs :
       {std::vector<std::string>{"-o", "/dev/full"}, {"-o", "/dev/full", "--compress", "zstd"},
        {"-o", File("out.zst"), "--dead-letter", "/dev/full"}}) {
    const std::string shown = ::testing::PrintToString(outputs);
    std::vector<std::string> args = {File("in.ndjson"), "--metrics", File("m.json")};
    args.insert(args.end(), outputs.begin(), outputs.end());
    RunResult r = Sluice(args, dir_.path());
    EXPECT_EQ(r.exit_code, 3) << shown << ": " << r;
    EXPECT_TRUE(Contains(r.err, "sluice: /dev/full: ")) << shown << ": " << r;
    EXPECT_TRUE(Contains(r.err, kNoSpace)) << shown << ": " << r;
    EXPECT_FALSE(FileExists(File("out.zst"))) << shown << ": a failed run left its output";
    EXPECT_FALSE(FileExists(File("m.json"))) << shown << ": a failed run wrote metrics";
  }
}

TEST_F(FaultInjectionTest, SmallFullFilesystemExitsThreeAndRemovesWhatItCreated) {
  SmallFilesystem fs(File("small"), "64k");
  if (!fs.mounted()) {
    // /dev/full gives the same ENOSPC on every write (the test above); a small
    // file system adds writes that succeed until the space runs out.
    GTEST_SKIP() << "cannot mount a tmpfs here (" << fs.error() << "): needs CAP_SYS_ADMIN";
  }
  const std::string records = NoisyRecords(20000);  // about 1 MB
  std::string with_bad = records;
  for (int i = 0; i < 5000; ++i) with_bad += "{\"bad\":" + std::to_string(i) + "\n";
  WriteFile(File("in.ndjson"), records);
  WriteFile(File("bad.ndjson"), with_bad);

  struct Case {
    std::string name, input;
    std::vector<std::string> args;
    std::string failing;  // the file named on stderr
  };
  const std::string out = File("small/out.ndjson"), zst = File("small/out.zst"), dead = File("small/dead.ndjson");
  const Case cases[] = {
      {"plain output", "in.ndjson", {"-o", out}, out},
      {"zstd output", "in.ndjson", {"-o", zst, "-l", "1", "--chunk-bytes", "64K"}, zst},
      {"dead letter", "bad.ndjson", {"-o", File("out.ndjson"), "--dead-letter", dead}, dead},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<std::string> args = {File(c.input), "--metrics", File("m.json")};
    args.insert(args.end(), c.args.begin(), c.args.end());
    RunResult r = Sluice(args, dir_.path());
    EXPECT_EQ(r.exit_code, 3) << r;
    EXPECT_TRUE(Contains(r.err, "sluice: " + c.failing + ": ")) << r;
    EXPECT_TRUE(Contains(r.err, kNoSpace)) << r;
    for (const std::string& created : {out, zst, dead, File("out.ndjson")}) {
      EXPECT_FALSE(FileExists(created)) << created << " left behind";
    }
    EXPECT_FALSE(FileExists(File("m.json"))) << "a failed run wrote metrics";
  }

  // The metrics file on a file system with no byte left: the outputs are whole,
  // the metrics are not, and the run says so.
  fs.Fill();
  WriteFile(File("small.ndjson"), Records(10));
  const std::string metrics = File("small/m.json");
  RunResult r = Sluice({File("small.ndjson"), "-o", File("out.ndjson"), "--metrics", metrics}, dir_.path());
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_TRUE(Contains(r.err, metrics)) << r;
  EXPECT_TRUE(Contains(r.err, kNoSpace)) << r;
  EXPECT_FALSE(FileExists(metrics)) << "a partial metrics file was left";
}

TEST_F(FaultInjectionTest, UnreadableInputExitsOneAndTheOtherInputsAreProcessed) {
  WriteFile(File("a.ndjson"), Records(3));
  WriteFile(File("b.ndjson"), Records(2, 3) + "\n");
  // /proc/self/mem opens (as sluice's own memory) but reading offset 0 fails
  // with EIO: an input that exists, passes every check and cannot be read.
  const std::string unreadable = "/proc/self/mem";
  RunResult r = Run({File("a.ndjson"), unreadable, File("b.ndjson")});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_TRUE(Contains(r.err, "sluice: " + unreadable + ": read failed: Input/output error")) << r;
  EXPECT_EQ(ReadFile(File("out.ndjson")), Records(5));
  const auto m = CountsAddUp(/*blank=*/1);
  EXPECT_EQ(m.at("lines_in"), 6u);

  if (::geteuid() != 0) {  // permissions do not stop root
    WriteFile(File("secret.ndjson"), Records(1));
    ::chmod(File("secret.ndjson").c_str(), 0);
    RunResult denied = Run({File("a.ndjson"), File("secret.ndjson")});
    EXPECT_EQ(denied.exit_code, 1) << denied;
    EXPECT_TRUE(Contains(denied.err, File("secret.ndjson") + ": Permission denied")) << denied;
  }
}

// The first input is a FIFO: while sluice reads it, the second input is
// deleted, then the FIFO's writer dies half-way through a line.
TEST_F(FaultInjectionTest, VanishingInputsAreNamedAndWhatWasReadIsKept) {
  const std::string fifo = File("live.fifo"), gone = File("gone.ndjson");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0) << std::strerror(errno);
  WriteFile(gone, Records(1));
  std::thread writer([&] {
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_CLOEXEC);  // waits for sluice to open it
    ASSERT_GE(fd, 0) << std::strerror(errno);
    const std::string text = Records(2) + "{\"cut\":\"in the mid";
    EXPECT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    EXPECT_EQ(::unlink(gone.c_str()), 0);  // before the FIFO ends, so before sluice opens it
    ::close(fd);
  });
  RunResult r = Run({fifo, gone});
  // Had sluice left without opening the FIFO, this open lets the writer go on.
  const int unblock = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  writer.join();
  if (unblock >= 0) ::close(unblock);
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_TRUE(Contains(r.err, "sluice: " + gone + ": cannot open: No such file or directory")) << r;
  EXPECT_EQ(ReadFile(File("out.ndjson")), Records(2));
  const std::vector<DeadLine> dead = ReadDeadLetter(File("dead.ndjson"));
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(std::tie(dead[0].source, dead[0].line, dead[0].error), std::make_tuple(fifo, 3ul, std::string("invalid_json")));
  const auto m = CountsAddUp();
  EXPECT_EQ(m.at("lines_in"), 3u);
}

TEST_F(FaultInjectionTest, TruncatedGzipAndZstdInputsExitOneKeepingWholeLines) {
  const std::string text = Records(40000);
  const std::string gz = testing::GzipMember(text), zst = testing::ZstdFrame(text);
  struct Case {
    std::string name, bytes;
  };
  const Case cases[] = {
      {"half.gz", gz.substr(0, gz.size() / 2)},
      {"header.gz", gz.substr(0, 5)},
      {"half.zst", zst.substr(0, zst.size() / 2)},
      {"header.zst", zst.substr(0, 6)},
      {"no-checksum.zst", zst.substr(0, zst.size() - 4)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    WriteFile(File(c.name), c.bytes);
    WriteFile(File("after.ndjson"), Records(1, 40000));
    RunResult r = Run({File(c.name), File("after.ndjson")});
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_TRUE(Contains(r.err, "sluice: " + File(c.name) + ": ")) << r;
    EXPECT_TRUE(Contains(r.err, "truncated")) << r;
    const std::string out = ReadFile(File("out.ndjson"));
    const std::string last = Records(1, 40000);
    ASSERT_GE(out.size(), last.size()) << "the input after the truncated one was not processed";
    EXPECT_EQ(out.substr(out.size() - last.size()), last);
    const std::string kept = out.substr(0, out.size() - last.size());
    EXPECT_TRUE(text.compare(0, kept.size(), kept) == 0) << "what was kept is not a prefix of the input";
    EXPECT_TRUE(kept.empty() || kept.back() == '\n');
    CountsAddUp();
    EXPECT_EQ(ReadMetrics(File("m.json")).at("malformed"), 0u) << "a cut line was passed on as a line";
  }
}

// README.md (exit code 1): a damaged .gz or .zst is named on stderr and the
// lines before the damage are kept: all the whole lines a reference decoder
// gets out of it, however far past the damage sluice's last read went.
TEST_F(FaultInjectionTest, DamagedGzipAndZstdInputsExitOneKeepingTheLinesBeforeTheDamage) {
  const std::string text = Records(40000);
  const std::string gz = testing::GzipMember(text), zst = testing::ZstdFrame(text);
  const auto flipped = [](std::string bytes, size_t at) {
    bytes[at] = static_cast<char>(~bytes[at]);
    return bytes;
  };
  // A byte from 70% on whose damage zstd finds in its block: the blocks before
  // it are kept, and no damaged text is let through (as one found only by the
  // checksum at the frame's end would be).
  std::string damaged_block, scratch(text.size(), '\0');
  for (size_t at = zst.size() * 7 / 10; damaged_block.empty() && at < zst.size(); ++at) {
    const std::string bytes = flipped(zst, at);
    const size_t n = ZSTD_decompress(scratch.data(), scratch.size(), bytes.data(), bytes.size());
    if (!ZSTD_isError(n) || ZSTD_getErrorCode(n) == ZSTD_error_checksum_wrong) continue;
    bool sound = true;
    const std::string decoded = testing::ZstdDecompressBeforeError(bytes, &sound);
    if (!sound && decoded.size() < text.size() && text.starts_with(decoded)) damaged_block = bytes;
  }
  ASSERT_FALSE(damaged_block.empty());
  struct Case {
    std::string name, bytes;
  };
  const Case cases[] = {
      {"zeros-after.gz", gz + std::string(512, '\0')},
      {"zeros-after.zst", zst + std::string(100, '\0')},
      {"bad-crc.gz", flipped(gz, gz.size() - 8)},
      {"bad-checksum.zst", flipped(zst, zst.size() - 1)},
      {"damaged-block.zst", damaged_block},
  };
  const std::string last = Records(1, 40000);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    bool sound = true;
    const std::string decoded = c.name.ends_with(".gz") ? testing::GunzipBeforeError(c.bytes, &sound)
                                                        : testing::ZstdDecompressBeforeError(c.bytes, &sound);
    ASSERT_FALSE(sound);
    ASSERT_TRUE(text.starts_with(decoded));
    const std::string whole_lines = decoded.substr(0, decoded.rfind('\n') + 1);
    ASSERT_FALSE(whole_lines.empty());
    WriteFile(File(c.name), c.bytes);
    WriteFile(File("after.ndjson"), last);
    RunResult r = Run({File(c.name), File("after.ndjson")});
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_TRUE(Contains(r.err, "sluice: " + File(c.name) + ": corrupt")) << r;
    const auto m = CountsAddUp();
    EXPECT_EQ(m.at("lines_in"), SplitLines(whole_lines).size() + 1);
    EXPECT_EQ(m.at("malformed"), 0u);
    const std::string out = ReadFile(File("out.ndjson"));
    EXPECT_EQ(out.size(), whole_lines.size() + last.size());
    EXPECT_TRUE(out == whole_lines + last) << "the output is not the lines decoded before the damage";
  }
}

TEST_F(FaultInjectionTest, HundredMegabyteLineIsTooLongAndCounted) {
  constexpr size_t kLineBytes = 100u << 20;
  {
    std::string big = "{\"password\":\"hunter2\",\"blob\":\"";
    big.resize(kLineBytes - 2, 'x');
    big += "\"}";
    WriteFile(File("in.ndjson"), Records(1) + big + "\n" + Records(1, 1));
  }
  RunResult r = Run({File("in.ndjson")});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(ReadFile(File("out.ndjson")), Records(2));
  const std::vector<DeadLine> dead = ReadDeadLetter(File("dead.ndjson"));
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(std::tie(dead[0].line, dead[0].error, dead[0].bytes), std::make_tuple(2ul, std::string("too_long"), kLineBytes));
  const std::string dead_text = ReadFile(File("dead.ndjson"));
  EXPECT_LT(dead_text.size(), 128u << 10) << "the dead letter holds more than the line's start";
  EXPECT_TRUE(Contains(dead_text, "\"truncated\":true"));
  EXPECT_FALSE(Contains(dead_text, "hunter2")) << "the dead letter kept a secret";
  EXPECT_EQ(CountsAddUp().at("lines_in"), 3u);
}

TEST_F(FaultInjectionTest, TenThousandDeepNestingIsTooDeep) {
  constexpr int kDepth = 10000;
  std::string arrays = "{\"a\":", objects;
  arrays += std::string(kDepth, '[') + std::string(kDepth, ']') + "}";
  for (int i = 0; i < kDepth; ++i) objects += "{\"password\":\"hunter2\",\"a\":";
  objects += "1" + std::string(kDepth, '}');
  const std::string mixed_in_string = "{\"msg\":\"" + std::string(kDepth, '[') + "\"}";
  WriteFile(File("in.ndjson"), Records(1) + arrays + "\n" + objects + "\n" + mixed_in_string + "\n" + Records(1, 1));
  RunResult r = Run({File("in.ndjson")});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(ReadFile(File("out.ndjson")), Records(1) + mixed_in_string + "\n" + Records(1, 1));
  const std::vector<DeadLine> dead = ReadDeadLetter(File("dead.ndjson"));
  ASSERT_EQ(dead.size(), 2u);
  EXPECT_EQ(std::tie(dead[0].line, dead[0].error, dead[0].bytes),
            std::make_tuple(2ul, std::string("too_deep"), arrays.size()));
  EXPECT_EQ(std::tie(dead[1].line, dead[1].error, dead[1].bytes),
            std::make_tuple(3ul, std::string("too_deep"), objects.size()));
  EXPECT_FALSE(Contains(ReadFile(File("dead.ndjson")), "hunter2")) << "the dead letter kept a secret";
  EXPECT_EQ(CountsAddUp().at("lines_in"), 5u);
}

TEST_F(FaultInjectionTest, NulBytesInsideALineAreInvalidJson) {
  using namespace std::string_literals;
  ExpectEachMalformed(
      {
          "{\"a\":\"x\0y\"}"s,             // raw NUL inside a string
          "{\"a\":1}\0"s,                  // after the object
          "{\"k\0\":1}"s,                  // inside a key
          "{\"password\":\"hun\0ter2\"}"s,  // inside a secret
          "\0"s,                           // alone
          "{\"a\":1,\0\"b\":2}"s,          // between members
      },
      "invalid_json");
  EXPECT_EQ(ReadFile(File("out.ndjson")).find('\0'), std::string::npos) << "a NUL byte reached the output";
  const std::string dead_text = ReadFile(File("dead.ndjson"));
  EXPECT_EQ(dead_text.find('\0'), std::string::npos) << "a raw NUL in the dead letter";
  EXPECT_FALSE(Contains(dead_text, "ter2")) << "the dead letter kept a secret";
}

TEST_F(FaultInjectionTest, InvalidUtf8InKeysIsMalformed) {
  // ReadDeadLetter parses every entry: the invalid bytes were escaped or replaced.
  ExpectEachMalformed(
      {
          "{\"k\xff\":1}",                       // a byte never in UTF-8
          "{\"password\xc3\":\"hunter2\"}",      // a sensitive key cut mid-character
          "{\"\xc0\xaf\":1}",                    // an overlong '/'
          "{\"\xed\xa0\x80\":1}",                // a UTF-16 surrogate
          "{\"ok\":1,\"a\":{\"b\xf5\x80\":2}}",  // beyond U+10FFFF, in a nested key
      },
      "invalid_utf8");
  EXPECT_FALSE(Contains(ReadFile(File("dead.ndjson")), "hunter2")) << "the dead letter kept a secret";
}

TEST_F(FaultInjectionTest, DuplicateKeysWithTheSensitiveOneSecond) {
  const std::vector<std::string> lines = {
      R"({"password":"","password":"hunter2"})",
      R"({"user":"bob","token":null,"token":"tok-hunter2"})",
      R"({"authorization":1,"Authorization":"Bearer hunter2"})",
      R"({"a":{"secret":{},"secret":"hunter2"}})",
      R"({"password":"x","password":"hunter2")",  // cut: malformed, scrubbed in the dead letter
  };
  std::string input;
  for (const std::string& line : lines) input += line + "\n";
  WriteFile(File("in.ndjson"), input);
  RunResult r = Run({File("in.ndjson")});
  EXPECT_EQ(r.exit_code, 0) << r;
  const std::vector<std::string> out = SplitLines(ReadFile(File("out.ndjson")));
  ASSERT_EQ(out.size(), lines.size() - 1);
  for (const std::string& line : out) EXPECT_FALSE(Contains(line, "hunter2")) << line;
  EXPECT_TRUE(Contains(out[1], "\"user\":\"bob\"")) << out[1];
  const std::vector<DeadLine> dead = ReadDeadLetter(File("dead.ndjson"));
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(std::tie(dead[0].line, dead[0].error), std::make_tuple(5ul, std::string("invalid_json")));
  EXPECT_FALSE(Contains(ReadFile(File("dead.ndjson")), "hunter2")) << "the dead letter kept a secret";
  EXPECT_EQ(CountsAddUp().at("lines_in"), lines.size());
}

}  // namespace
}  // namespace sluice
