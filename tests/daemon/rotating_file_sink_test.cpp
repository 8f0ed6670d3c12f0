// RotatingFileSink: names from the pattern, recovery cuts the uncommitted
// tail, rotation by size and age, retention, and file identity by head hash.
#include "daemon/rotating_file_sink.h"

#include <gtest/gtest.h>

#include "daemon/daemon_harness.h"
#include "daemon/file_identity.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;

TEST(RotatingFileSinkTest, FormatName) {
  EXPECT_EQ(RotatingFileSink::FormatName("sluice-%Y%m%dT%H%M%S-{seq}.ndjson.zst", 42, 0),
            "sluice-19700101T000000-000042.ndjson.zst");
  EXPECT_EQ(RotatingFileSink::FormatName("out.ndjson", 7, 0), "out-000007.ndjson");
}

TEST(RotatingFileSinkTest, RecoverCutsTheUncommittedTail) {
  testing::TempDir tmp;
  RotatingFileOptions o;
  o.dir = tmp / "out";
  o.pattern = "f-{seq}.txt";
  SinkCheckpoint committed;
  {
    RotatingFileSink sink(o);
    ASSERT_TRUE(sink.Recover(SinkCheckpoint{}));
    ASSERT_TRUE(sink.Append("committed\n"));
    ASSERT_TRUE(sink.Sync());
    committed = sink.Committed();
    ASSERT_TRUE(sink.Append("not committed\n"));
  }
  EXPECT_EQ(committed.active_file, "f-000000.txt");
  EXPECT_EQ(committed.committed_length, 10u);
  EXPECT_EQ(committed.next_seq, 1u);
  RotatingFileSink sink(o);
  ASSERT_TRUE(sink.Recover(committed));
  ASSERT_TRUE(sink.Append("again\n"));
  EXPECT_EQ(testing::ReadFile(tmp / "out/f-000000.txt"), "committed\nagain\n");
}

TEST(RotatingFileSinkTest, RotatesBySizeAndAgeAndKeepsRetention) {
  testing::TempDir tmp;
  RotatingFileOptions o;
  o.dir = tmp / "out";
  o.pattern = "f-{seq}.txt";
  o.max_bytes = 10;
  o.retain = 2;
  RotatingFileSink sink(o);
  ASSERT_TRUE(sink.Recover(SinkCheckpoint{}));
  const auto now = std::chrono::steady_clock::now();
  EXPECT_FALSE(sink.RotationDue(now));  // empty
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(sink.Append("0123456789\n"));
    EXPECT_TRUE(sink.RotationDue(now));
    ASSERT_TRUE(sink.Sync());
    ASSERT_TRUE(sink.Rotate());
  }
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(tmp / "out")) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"f-000003.txt", "f-000004.txt", "f-000005.txt"}));
  EXPECT_EQ(sink.Committed().closed_files, (std::vector<std::string>{"f-000003.txt", "f-000004.txt"}));

  sink.SetLimits(0, 0.001, 0);
  ASSERT_TRUE(sink.Append("x\n"));
  EXPECT_TRUE(sink.RotationDue(std::chrono::steady_clock::now() + std::chrono::seconds(1)));
}

TEST(FileIdentityTest, HeadHashTellsReusedInodesApart) {
  testing::TempDir tmp;
  const std::string path = tmp / "a.log";
  testing::WriteFile(path, "first line\n");
  int fd = ::open(path.c_str(), O_RDONLY);
  FileIdentity id;
  ASSERT_TRUE(ReadFileIdentity(fd, &id));
  EXPECT_EQ(id.head_len, 11u);
  EXPECT_TRUE(HeadMatches(fd, id));
  ::close(fd);
  // Grown: still the same file.
  testing::WriteFile(path, "first line\nsecond line\n");
  fd = ::open(path.c_str(), O_RDONLY);
  EXPECT_TRUE(HeadMatches(fd, id));
  ::close(fd);
  // Rewritten with other content: another file, whatever its inode.
  testing::WriteFile(path, "other line\n");
  fd = ::open(path.c_str(), O_RDONLY);
  EXPECT_FALSE(HeadMatches(fd, id));
  ::close(fd);
  // Shorter than the hashed head: not the same file either.
  testing::WriteFile(path, "first");
  fd = ::open(path.c_str(), O_RDONLY);
  EXPECT_FALSE(HeadMatches(fd, id));
  ::close(fd);
}

}  // namespace
}  // namespace sluice
