// Tests for sink/output_file.h: writes land in the file; open and write errors
// name the path and the cause (an unwritable path, /dev/full); Abandon removes
// a file the run wrote but never a device; a closed pipe is a broken pipe.
#include "sink/output_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <string>

#include "testing/scratch_dir.h"

namespace sluice {
namespace {

using testing::FileExists;
using testing::ReadFile;
using testing::ScratchDir;
using testing::WriteFile;

bool IsCharDevice(const char* path) {
  struct stat st {};
  return ::stat(path, &st) == 0 && S_ISCHR(st.st_mode);
}

TEST(OutputFileTest, WritesAndCloses) {
  ScratchDir dir;
  const std::string path = dir.File("out.ndjson");
  OutputFile out;
  ASSERT_TRUE(out.Open(path)) << out.error();
  EXPECT_FALSE(out.is_stdout());
  EXPECT_EQ(out.path(), path);
  ASSERT_TRUE(out.Write("{\"a\":1}\n"));
  ASSERT_TRUE(out.Write(""));
  ASSERT_TRUE(out.Write(std::string(1 << 20, 'x')));
  EXPECT_EQ(out.bytes_written(), 8u + (1u << 20));
  ASSERT_TRUE(out.Close(/*sync=*/true)) << out.error();
  EXPECT_EQ(ReadFile(path), "{\"a\":1}\n" + std::string(1 << 20, 'x'));
  EXPECT_TRUE(out.Close()) << "closing twice";
}

TEST(OutputFileTest, TruncatesAnExistingFile) {
  ScratchDir dir;
  const std::string path = dir.File("out.ndjson");
  WriteFile(path, std::string(1000, 'o'));
  OutputFile out;
  ASSERT_TRUE(out.Open(path));
  ASSERT_TRUE(out.Write("new\n"));
  ASSERT_TRUE(out.Close());
  EXPECT_EQ(ReadFile(path), "new\n");
}

TEST(OutputFileTest, UnwritablePathFailsNamingIt) {
  ScratchDir dir;
  WriteFile(dir.File("a-file"), "");
  for (const std::string& path : {dir.File("no-such-dir/out.ndjson"), dir.File("a-file/out.ndjson"), dir.path()}) {
    OutputFile out;
    EXPECT_FALSE(out.Open(path)) << path;
    EXPECT_NE(out.error().find(path), std::string::npos) << out.error();
    EXPECT_NE(out.error().find("cannot open"), std::string::npos) << out.error();
  }
  if (::geteuid() != 0) {  // root writes anywhere
    ::chmod(dir.path().c_str(), 0555);
    OutputFile out;
    EXPECT_FALSE(out.Open(dir.File("out.ndjson")));
    EXPECT_NE(out.error().find("Permission denied"), std::string::npos) << out.error();
    ::chmod(dir.path().c_str(), 0755);
  }
}

TEST(OutputFileTest, AbandonRemovesTheFile) {
  ScratchDir dir;
  const std::string path = dir.File("out.ndjson");
  OutputFile out;
  ASSERT_TRUE(out.Open(path));
  ASSERT_TRUE(out.Write("partial"));
  ASSERT_TRUE(FileExists(path));
  out.Abandon();
  EXPECT_FALSE(FileExists(path));
}

TEST(OutputFileTest, AbandonAfterCloseRemovesTheFile) {
  ScratchDir dir;
  const std::string path = dir.File("out.ndjson");
  OutputFile out;
  ASSERT_TRUE(out.Open(path));
  ASSERT_TRUE(out.Write("complete but unwanted"));
  ASSERT_TRUE(out.Close());
  out.Abandon();
  EXPECT_FALSE(FileExists(path));
}

TEST(OutputFileTest, WritingToDevFullFailsNamingIt) {
  ASSERT_TRUE(IsCharDevice("/dev/full"));
  OutputFile out;
  ASSERT_TRUE(out.Open("/dev/full")) << out.error();
  EXPECT_FALSE(out.Write("{\"a\":1}\n"));
  EXPECT_NE(out.error().find("/dev/full"), std::string::npos) << out.error();
  EXPECT_NE(out.error().find("No space left"), std::string::npos) << out.error();
  EXPECT_FALSE(out.broken_pipe());
  out.Close();
  EXPECT_TRUE(IsCharDevice("/dev/full"));
}

TEST(OutputFileTest, AbandonNeverRemovesADevice) {
  // Through a link in a scratch directory: if Abandon unlinked the path it
  // was given, only the link would go, never the device node itself.
  ScratchDir dir;
  const std::string link = dir.File("full-link");
  ASSERT_EQ(::symlink("/dev/full", link.c_str()), 0);
  OutputFile out;
  ASSERT_TRUE(out.Open(link)) << out.error();
  EXPECT_FALSE(out.Write("data"));
  EXPECT_NE(out.error().find(link), std::string::npos) << out.error();
  out.Abandon();
  EXPECT_TRUE(FileExists(link)) << "Abandon removed a path that names a device";
  EXPECT_TRUE(IsCharDevice("/dev/full"));
}

TEST(OutputFileTest, ClosedPipeIsABrokenPipe) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  auto* previous = std::signal(SIGPIPE, SIG_IGN);
  {
    OutputFile out;
    const std::string path = "/dev/fd/" + std::to_string(fds[1]);
    ASSERT_TRUE(out.Open(path)) << out.error();
    ::close(fds[0]);
    EXPECT_FALSE(out.Write("{\"a\":1}\n"));
    EXPECT_TRUE(out.broken_pipe());
    out.Abandon();
  }
  std::signal(SIGPIPE, previous);
  ::close(fds[1]);
}

TEST(OutputFileTest, StdoutIsNamedAndNeverRemoved) {
  OutputFile out;
  ASSERT_TRUE(out.Open("-"));
  EXPECT_TRUE(out.is_stdout());
  out.Abandon();  // must neither close fd 1 nor unlink anything
  EXPECT_NE(::fcntl(1, F_GETFD), -1) << "stdout was closed";
}

}  // namespace
}  // namespace sluice
