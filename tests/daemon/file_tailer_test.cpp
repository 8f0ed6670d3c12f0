// FileTailer on its own: a checkpointed file that one directory listing
// misses (rotated while the listing was read) is still found at its
// checkpointed position, not read again from 0.
#include "daemon/file_tailer.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "core/chunk.h"
#include "daemon/daemon_harness.h"
#include "daemon/file_identity.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;

TEST(FileTailerTest, ACheckpointedFileMissingFromOneListingResumesAtItsOffset) {
  testing::TempDir tmp;
  fs::create_directories(tmp / "logs");
  fs::create_directories(tmp / "aside");
  // The checkpointed file is out of the glob at the first scan (as a file
  // being renamed when the directory was read), back in it at the second.
  testing::WriteFile(tmp / "aside/app.log", "line1\nline2\n");
  testing::WriteFile(tmp / "logs/other.log", "x\n");
  FileCheckpoint checkpoint;
  const int fd = ::open((tmp / "aside/app.log").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(ReadFileIdentity(fd, &checkpoint.identity));
  ::close(fd);
  checkpoint.offset = 6;  // "line1\n" was written out before the stop
  checkpoint.path = tmp / "logs/app.log";

  FileTailerOptions options;
  options.globs = {tmp / "logs/*.log"};
  options.scan_interval = std::chrono::milliseconds(0);  // every Fill scans
  SourceRegistry registry;
  DaemonMetrics metrics;
  StopSignal stop;
  FileTailer tailer(options, &registry, &metrics, &stop);
  tailer.Restore({checkpoint}, /*have_state=*/true);

  Chunk chunk(4096);
  ASSERT_TRUE(tailer.Fill(&chunk));
  EXPECT_EQ(std::string(chunk.data(), chunk.size()), "x\n");
  EXPECT_EQ(registry.PendingFiles().size(), 1u) << "still checkpointed while it is looked for";

  ASSERT_EQ(std::rename((tmp / "aside/app.log").c_str(), (tmp / "logs/app.log").c_str()), 0);
  ASSERT_TRUE(tailer.Fill(&chunk));
  EXPECT_EQ(std::string(chunk.data(), chunk.size()), "line2\n");
  EXPECT_EQ(chunk.source_begin, 6u);
}

}  // namespace
}  // namespace sluice
