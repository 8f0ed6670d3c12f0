// Command words: a command line's text split into its arguments as a shell
// splits them (NextArgument), and a program's name as the tables of
// program_flags.cpp name it (ProgramName, IsProgram). The command-line
// readers (program_flags.cpp, piped_password.cpp) share them.
// Why by hand, not a shell parser: logged command lines are often not valid
// shell (an argv joined with blanks, a line cut short, quotes with no
// match), and every byte of them must still be read.
// Tests: tests/redact/program_flags_test.cpp (through the readers).
#pragma once

#include <cstddef>
#include <string_view>

namespace sluice {

// One argument of a command line in text: [begin, end) without its quotes.
// `last`: unquoted and ending in ';', it ends the command ("cd /srv; mysql").
// `cut`: it stopped at a quote with no match, which may be the end of an
// outer quote (bash -c 'mysql -ppw') or part of a password (-pab'cd).
struct Argument {
  size_t begin = 0;
  size_t end = 0;
  bool last = false;
  bool cut = false;
  std::string_view in(std::string_view line) const { return line.substr(begin, end - begin); }
};

// The closing quote `q` of a quoted part opening at line[open]; inside
// double quotes a backslash escapes the next byte. npos if there is none.
size_t QuoteEnd(std::string_view line, size_t open, char q);

// The argument at or after `*at` (past blanks, and a backslash that
// continues the line); false at the command's end (a line break, or an
// argument that starts with ';', '|' or '&').
bool NextArgument(std::string_view line, size_t* at, Argument* argument);

// A program's name: a path by its last part, Windows' too, without ".exe"
// or ".cmd" (az.cmd) in any case.
std::string_view ProgramName(std::string_view program);

// `name` (from ProgramName) is the table's `program`, in any case (SQLCMD.EXE).
bool IsProgram(std::string_view program, std::string_view name);

// A redirection ("2>&1", ">nul", "<file", or ">" before its file), and
// whether it is an operator alone whose target is the next word.
bool IsRedirection(std::string_view word, bool* operator_alone);

}  // namespace sluice
