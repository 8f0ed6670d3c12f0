// systemd integration: with NOTIFY_SOCKET set (as systemd does for
// Type=notify), the daemon sends READY=1 once started, WATCHDOG=1 while its
// writer runs (WATCHDOG_USEC set), RELOADING=1 on SIGHUP, STOPPING=1 on SIGTERM.
#include <gtest/gtest.h>

#include <sys/un.h>

#include <cstring>

#include "daemon/daemon_harness.h"

namespace sluice {
namespace {

using namespace std::chrono_literals;
using testing::DaemonProcess;
using testing::TempDir;

TEST(DaemonNotifyTest, ReadyWatchdogReloadingStopping) {
  TempDir tmp;
  const std::string sock = tmp / "notify.sock";
  int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  struct sockaddr_un addr {};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, sock.c_str(), sizeof addr.sun_path - 1);
  ASSERT_EQ(::bind(fd, reinterpret_cast<struct sockaddr*>(&addr), sizeof addr), 0);
  std::string received;
  auto drain = [&] {
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) received.append(buf, static_cast<size_t>(n)).push_back('\n');
  };
  auto saw = [&](const std::string& what) {
    drain();
    return received.find(what) != std::string::npos;
  };
  const std::string log = tmp / "daemon.log";
  DaemonProcess daemon({"--listen", "unix:" + (tmp / "in.sock"), "--output-dir", tmp / "out", "--state-dir",
                        tmp / "state", "--http", ""},
                       log, -1, {"NOTIFY_SOCKET=" + sock, "WATCHDOG_USEC=300000"});
  EXPECT_TRUE(testing::WaitFor([&] { return saw("READY=1"); }, 10s)) << testing::ReadFile(log);
  EXPECT_TRUE(testing::WaitFor([&] { return saw("WATCHDOG=1"); }, 10s)) << received;
  daemon.Signal(SIGHUP);
  EXPECT_TRUE(testing::WaitFor([&] { return saw("RELOADING=1"); }, 10s)) << received;
  daemon.Signal(SIGTERM);
  EXPECT_TRUE(testing::WaitFor([&] { return saw("STOPPING=1"); }, 10s)) << received;
  EXPECT_EQ(daemon.Wait(10s), 0);
  ::close(fd);
}

}  // namespace
}  // namespace sluice
