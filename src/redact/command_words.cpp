// Command words (see command_words.h).
#include "redact/command_words.h"

#include <algorithm>

namespace sluice {

namespace {

// A backslash that continues the line starts at line[i]: its length, or 0.
size_t ContinuationAt(std::string_view line, size_t i) {
  if (line.substr(i, 2) == "\\\n") return 2;
  if (line.substr(i, 3) == "\\\r\n") return 3;
  return 0;
}

}  // namespace

// The closing quote `q` of a quoted part opening at line[open]; inside
// double quotes a backslash escapes the next byte. npos if there is none.
size_t QuoteEnd(std::string_view line, size_t open, char q) {
  for (size_t k = open + 1; k < line.size(); ++k) {
    if (line[k] == q) return k;
    if (q == '"' && line[k] == '\\') ++k;
  }
  return std::string_view::npos;
}

// The argument at or after `*at` (past blanks, and a backslash that
// continues the line); false at the command's end.
bool NextArgument(std::string_view line, size_t* at, Argument* argument) {
  size_t i = *at;
  for (;;) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const size_t continuation = ContinuationAt(line, i);
    if (continuation == 0) break;
    i += continuation;
  }
  if (i >= line.size() || line[i] == '\n' || line[i] == '\r') return false;
  const char first = line[i];
  if (first == '\'' || first == '"') {
    const size_t close = QuoteEnd(line, i, first);
    *argument = {i + 1, close == std::string_view::npos ? line.size() : close, false, false};
    *at = close == std::string_view::npos ? line.size() : close + 1;
    // A list printed as text: ['sudo', 'mysql', '-ppw'].
    if (*at < line.size() && line[*at] == ',') ++*at;
    return true;
  }
  if (first == ';' || first == '|' || first == '&') return false;
  size_t j = i;
  bool cut = false;
  while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\n' && line[j] != '\r' &&
         ContinuationAt(line, j) == 0) {
    // A quoted part joins the argument, blanks and all (-p'pw x', -p"a \"b\"").
    if (line[j] == '\'' || line[j] == '"') {
      const size_t close = QuoteEnd(line, j, line[j]);
      if (close == std::string_view::npos) {
        cut = true;
        break;
      }
      j = close;
    }
    ++j;
  }
  *argument = {i, j, line[j - 1] == ';', cut};
  *at = j;
  return true;
}

// A program's name: a path by its last part, Windows' too, without ".exe"
// or ".cmd" (az.cmd) in any case.
std::string_view ProgramName(std::string_view program) {
  if (const size_t slash = program.find_last_of("/\\"); slash != std::string_view::npos) {
    program.remove_prefix(slash + 1);
  }
  if (program.size() > 4 && program[program.size() - 4] == '.') {
    const std::string_view ext = program.substr(program.size() - 3);
    auto is = [&](std::string_view lower) {
      return std::equal(ext.begin(), ext.end(), lower.begin(), [](char a, char b) { return (a | 0x20) == b; });
    };
    if (is("exe") || is("cmd")) program.remove_suffix(4);
  }
  return program;
}

// `name` (from ProgramName) is the table's `program`, in any case (SQLCMD.EXE).
bool IsProgram(std::string_view program, std::string_view name) {
  return program.size() == name.size() &&
         std::equal(program.begin(), program.end(), name.begin(),
                    [](char a, char b) { return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b | 0x20) : b); });
}

// A redirection ("2>&1", ">nul", "<file", or ">" before its file), and
// whether it is an operator alone whose target is the next word.
bool IsRedirection(std::string_view word, bool* operator_alone) {
  size_t at = 0;
  while (at < word.size() && word[at] >= '0' && word[at] <= '9') ++at;
  if (at < word.size() && word[at] == '&') ++at;
  if (at >= word.size() || (word[at] != '<' && word[at] != '>')) return false;
  while (at < word.size() && (word[at] == '<' || word[at] == '>')) ++at;
  *operator_alone = at == word.size();
  return true;
}

}  // namespace sluice
