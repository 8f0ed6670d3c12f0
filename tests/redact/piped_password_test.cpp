// ForEachPipedPassword: the password a command writes to a program that
// reads one from its standard input, and no other text.
#include "redact/piped_password.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sluice {
namespace {

struct PipedCase {
  std::string line;
  std::string password;  // "" for none
};

TEST(PipedPasswordTest, APasswordPipedToAProgramThatReadsItFromStdinIsFound) {
  const PipedCase cases[] = {
      {"echo hunter2x | docker login -u bob --password-stdin ghcr.io", "hunter2x"},
      {"cd /x && echo -n 'hunter 2x' | podman login --password-stdin r; ls", "hunter 2x"},
      {"printf '%s' hunter2x | /usr/bin/helm registry login r --password-stdin", "hunter2x"},
      {"printf hunter2x | docker login --password-stdin", "hunter2x"},
      {"echo hunter2x | sudo passwd --stdin bob", "hunter2x"},
      {"echo 'bob:hunter2x' | chpasswd", "hunter2x"},
      {"chpasswd <<< \"bob:hunter2x\"", "hunter2x"},
      {"gh auth login --with-token <<< hunter2x", "hunter2x"},
      {"gh auth login --with-token <<<hunter2x", "hunter2x"},
      {"echo hunter2x | sudo -S systemctl restart nginx", "hunter2x"},
      {"printf 'bob:%s\\n' hunter2x | chpasswd", "hunter2x"},
      {"(echo hunter2x) | docker login --password-stdin", "hunter2x"},
      {"echo $'hunter2x' | docker login --password-stdin", "$'hunter2x'"},
      {"echo hunter2x | wpa_passphrase home", "hunter2x"},
      {"sh -c echo hunter2x | docker login -u", "hunter2x"},  // cut short before --password-stdin
      // Quoted separators, shell keywords, wrappers, subshells and groups,
      // and more programs that read a password from stdin.
      {"echo 'hunter;2x' | docker login -u bob --password-stdin", "hunter;2x"},
      {"for r in a b; do echo hunter2x | docker login --password-stdin $r; done", "hunter2x"},
      {"echo 'root:hunter2x' | chroot /mnt chpasswd", "hunter2x"},
      {"echo hunter2x | sudo -u root -S systemctl restart x", "hunter2x"},
      {"{ echo hunter2x; } | docker login --password-stdin", "hunter2x"},
      {"yes hunter2x | passwd bob", "hunter2x"},
      {"echo hunter2x | htpasswd -i f bob", "hunter2x"},
      {"echo hunter2x | realm join corp.local", "hunter2x"},
      {"echo hunter2x | adcli join corp.local --stdin-password", "hunter2x"},
      {"sh -c echo hunter2x | docker login -u ci --password-stdin r", "hunter2x"},
      {"bash -c \"echo 'hunter2x' | docker login --password-stdin r\"", "hunter2x"},
      // A variable or a command's output, another program, no user.
      {"echo \"$CI_TOKEN\" | docker login --password-stdin", ""},
      {"echo $(cat /run/pw) | docker login --password-stdin", ""},
      {"aws ecr get-login-password | docker login --password-stdin r", ""},
      {"cat pw.txt | docker login --password-stdin", ""},
      {"echo hello | grep h", ""},
      {"echo bob | chpasswd", ""},
      {"printf '%s\\n' | docker login --password-stdin", ""},
      {"grep x <<< hello", ""},
      {"cat x | passwd bob", ""},
      {"echo 'a;b' | wc -l", ""},
      {"ls | (grep a) | wc", ""},
      {"a || b | c", ""},
  };
  std::vector<std::string> both;
  const std::string subshell = "(echo hunter2x; echo hunter3x) | smbpasswd -s -a bob";
  ForEachPipedPassword(subshell, [&](size_t begin, size_t end) { both.push_back(subshell.substr(begin, end - begin)); });
  EXPECT_EQ(both, (std::vector<std::string>{"hunter2x", "hunter3x"}));
  for (const PipedCase& c : cases) {
    std::vector<std::string> found;
    ForEachPipedPassword(c.line, [&](size_t begin, size_t end) { found.push_back(c.line.substr(begin, end - begin)); });
    if (c.password.empty()) {
      EXPECT_TRUE(found.empty()) << c.line << " gave " << (found.empty() ? "" : found[0]);
    } else {
      EXPECT_EQ(found, std::vector<std::string>{c.password}) << c.line;
    }
  }
}

}  // namespace
}  // namespace sluice
