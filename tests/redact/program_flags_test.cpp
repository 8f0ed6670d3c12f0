// ProgramPasswordFlag: a short flag carries a password only after the
// program (and command) that give it that meaning.
#include "redact/program_flags.h"

#include <gtest/gtest.h>

#include <string>

namespace sluice {
namespace {

struct FlagCase {
  std::string program;
  std::string command;
  std::string flag;
  ProgramFlag expected;
};

TEST(ProgramFlagsTest, ShortFlagsCountOnlyAfterTheirProgram) {
  const FlagCase cases[] = {
      {"redis-cli", "-h", "-a", ProgramFlag::kNextArgument},
      {"/usr/bin/redis-cli", "", "-a", ProgramFlag::kNextArgument},  // a path, by its last part
      {"sshpass", "-p", "-p", ProgramFlag::kNextArgument},
      {"sshpass", "", "-ppw", ProgramFlag::kGlued},
      {"ldapsearch", "-x", "-w", ProgramFlag::kNextArgument},
      {"sqlcmd", "-S", "-P", ProgramFlag::kNextArgument},
      {"docker", "login", "-p", ProgramFlag::kNextArgument},
      {"helm", "registry", "-p", ProgramFlag::kNextArgument},
      {"curl", "-s", "-u", ProgramFlag::kNextArgument},
      // mysql's -p alone prompts; the argument after it is a database.
      {"mysql", "-uroot", "-p", ProgramFlag::kNone},
      {"mysql", "-uroot", "-pHunter2", ProgramFlag::kGlued},
      {"mariadb-dump", "", "-pHunter2", ProgramFlag::kGlued},
      // Other commands of the same program, other programs, other flags.
      {"docker", "run", "-p", ProgramFlag::kNone},
      {"docker", "run", "-p8080", ProgramFlag::kNone},
      {"redis-cli", "", "-ab", ProgramFlag::kNone},
      {"ssh", "", "-p", ProgramFlag::kNone},
      {"mysql", "", "--password", ProgramFlag::kNone},
      {"mysql", "", "p", ProgramFlag::kNone},
      {"", "", "-p", ProgramFlag::kNone},
      {"xmysql", "", "-ppw", ProgramFlag::kNone},
  };
  for (const FlagCase& c : cases) {
    EXPECT_EQ(ProgramPasswordFlag(c.program, c.command, c.flag), c.expected)
        << c.program << " " << c.command << " " << c.flag;
  }
}

}  // namespace
}  // namespace sluice
