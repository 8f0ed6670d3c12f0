// ProgramPasswordFlag: the short flags that carry a password in the command
// lines of common tools, for command lines logged as arrays
// (["redis-cli","-a","pw"], ["mysql","-uroot","-ppw"]).
//
// Why a table: a short flag means nothing alone ("-p" is a port for docker
// run, a database name's flag for mysql when it stands apart), so it counts
// only after the program that gives it that meaning, and for docker-like
// tools only in their login command. Long flags ("--password") need no
// table: the key rules decide on their names.
// Tests: tests/redact/program_flags_test.cpp,
// tests/redact/record_redactor_test.cpp (argument arrays).
#pragma once

#include <string_view>

namespace sluice {

enum class ProgramFlag {
  kNone,
  kNextArgument,  // the password is the next argument ("-a", "pw")
  kGlued,         // the password is glued to the flag ("-ppw")
};

// `program`: the command line's first argument (a path is read by its last
// part); `command`: its second ("login"); `flag`: an argument starting with
// a single '-'.
ProgramFlag ProgramPasswordFlag(std::string_view program, std::string_view command, std::string_view flag);

}  // namespace sluice
