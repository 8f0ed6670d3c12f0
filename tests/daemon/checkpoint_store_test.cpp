// The state file: round trip, refusal of incomplete or foreign files, atomic
// replacement, and the lock that keeps a second daemon off a state dir.
#include "daemon/checkpoint_store.h"

#include <gtest/gtest.h>

#include "daemon/daemon_harness.h"

namespace sluice {
namespace {

DaemonState Sample() {
  DaemonState s;
  s.sink.active_file = "out-000003.ndjson.zst";
  s.sink.committed_length = 123456;
  s.sink.next_seq = 4;
  s.sink.closed_files = {"out-000001.ndjson.zst", "out-000002.ndjson.zst"};
  FileCheckpoint f;
  f.identity = {64769, 1234567, 1024, 0xfeedfacecafebeefull};
  f.offset = 987654321;
  f.path = "/var/log/app with space/100%\nnewline.log";
  s.files.push_back(f);
  f.identity.ino = 7;
  f.path = "/var/log/b.log";
  s.files.push_back(f);
  s.journal_cursor = "s=abc;i=1f;b=def";
  return s;
}

TEST(CheckpointStoreTest, SerializeParseRoundTrip) {
  DaemonState in = Sample();
  DaemonState out;
  std::string error;
  ASSERT_TRUE(DaemonState::Parse(in.Serialize(), &out, &error)) << error;
  EXPECT_EQ(out.sink.active_file, in.sink.active_file);
  EXPECT_EQ(out.sink.committed_length, in.sink.committed_length);
  EXPECT_EQ(out.sink.next_seq, in.sink.next_seq);
  EXPECT_EQ(out.sink.closed_files, in.sink.closed_files);
  ASSERT_EQ(out.files.size(), 2u);
  EXPECT_EQ(out.files[0].path, in.files[0].path);
  EXPECT_EQ(out.files[0].offset, in.files[0].offset);
  EXPECT_EQ(out.files[0].identity.head_hash, in.files[0].identity.head_hash);
  EXPECT_EQ(out.files[0].identity.dev, in.files[0].identity.dev);
  EXPECT_EQ(out.files[1].identity.ino, 7u);
  EXPECT_EQ(out.journal_cursor, in.journal_cursor);
}

TEST(CheckpointStoreTest, RefusesIncompleteOrForeignFiles) {
  DaemonState out;
  std::string error;
  std::string text = Sample().Serialize();
  EXPECT_FALSE(DaemonState::Parse(text.substr(0, text.size() - 4), &out, &error));
  EXPECT_NE(error.find("incomplete"), std::string::npos);
  EXPECT_FALSE(DaemonState::Parse("hello\n", &out, &error));
  EXPECT_FALSE(DaemonState::Parse("", &out, &error));
  EXPECT_FALSE(DaemonState::Parse("sluice-daemon-state 1\nfile 1 2\nend\n", &out, &error));
}

TEST(CheckpointStoreTest, SaveLoadAndLock) {
  testing::TempDir tmp;
  CheckpointStore store(tmp / "state/nested");
  ASSERT_TRUE(store.Open()) << store.error();
  DaemonState loaded;
  bool found = true;
  ASSERT_TRUE(store.Load(&loaded, &found));
  EXPECT_FALSE(found);
  ASSERT_TRUE(store.Save(Sample()));
  ASSERT_TRUE(store.Load(&loaded, &found));
  EXPECT_TRUE(found);
  EXPECT_EQ(loaded.files.size(), 2u);
  EXPECT_FALSE(std::filesystem::exists(store.state_path() + ".tmp"));

  CheckpointStore second(tmp / "state/nested");
  EXPECT_FALSE(second.Open());
  EXPECT_NE(second.error().find("in use"), std::string::npos);

  testing::WriteFile(store.state_path(), "sluice-daemon-state 1\nsink 0 0 x\n");
  EXPECT_FALSE(store.Load(&loaded, &found));
  EXPECT_NE(store.error().find("corrupt"), std::string::npos);
}

}  // namespace
}  // namespace sluice
