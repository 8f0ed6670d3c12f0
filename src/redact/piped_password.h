// Piped passwords: in a command line's text, each password a command
// writes to a program that reads one from its standard input: "echo PW |
// docker login --password-stdin", "printf '%s' PW | passwd --stdin bob",
// "echo 'bob:PW' | chpasswd" (after the user), "(echo PW; echo PW) |
// smbpasswd -s", "gh auth login --with-token <<< TOKEN".
// Why apart from the flag tables: the password is no argument of the
// program that reads it, but of the command before the pipe (or after a
// here-string), which the argument reader never sees together with it.
// Tests: tests/redact/program_flags_test.cpp
// (APasswordPipedToAProgramThatReadsItFromStdinIsFound).
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace sluice {

// found(begin, end), offsets in `text`, for each such password. A variable
// or a command's output ("$PW", "$(cat f)") is none. Linear in the text:
// each command is read within a bounded view.
void ForEachPipedPassword(std::string_view text, const std::function<void(size_t, size_t)>& found);

}  // namespace sluice
