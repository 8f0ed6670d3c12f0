// ProgramPasswordFlag (see program_flags.h).
#include "redact/program_flags.h"

#include <algorithm>
#include <iterator>

#include "parse/argument_array.h"

namespace sluice {
namespace {

// mysql's "-p" alone prompts, and the argument after it is a database: only
// the glued form holds a password.
constexpr PasswordFlag kEntries[] = {
    {"mysql", "", "-p", false, true},        {"mysqldump", "", "-p", false, true},
    {"mysqladmin", "", "-p", false, true},   {"mysqlimport", "", "-p", false, true},
    {"mysqlcheck", "", "-p", false, true},   {"mysqlpump", "", "-p", false, true},
    {"mariadb", "", "-p", false, true},      {"mariadb-dump", "", "-p", false, true},
    {"mariadb-admin", "", "-p", false, true},
    {"sshpass", "", "-p", true, true},       {"redis-cli", "", "-a", true, false},
    {"mongo", "", "-p", true, false},        {"mongosh", "", "-p", true, false},
    {"mongodump", "", "-p", true, false},    {"mongorestore", "", "-p", true, false},
    {"mongoexport", "", "-p", true, false},  {"mongoimport", "", "-p", true, false},
    {"sqlcmd", "", "-P", true, false},       {"bcp", "", "-P", true, false},
    {"zip", "", "-P", true, false},          {"7z", "", "-p", false, true},
    {"curl", "", "-u", true, false},         {"az", "login", "-p", true, false},
    {"docker", "login", "-p", true, false},  {"podman", "login", "-p", true, false},
    {"nerdctl", "login", "-p", true, false}, {"buildah", "login", "-p", true, false},
    {"skopeo", "login", "-p", true, false},  {"oras", "login", "-p", true, false},
    {"helm", "registry", "-p", true, false}, {"ldapsearch", "", "-w", true, false},
    {"ldapadd", "", "-w", true, false},      {"ldapmodify", "", "-w", true, false},
    {"ldapdelete", "", "-w", true, false},   {"ldapwhoami", "", "-w", true, false},
    {"ldappasswd", "", "-w", true, false},   {"ldapcompare", "", "-w", true, false},
    {"ldapmodrdn", "", "-w", true, false},
};

// One argument of a command line in text: [begin, end) without its quotes.
// `last`: unquoted and ending in ';', it ends the command ("cd /srv; mysql").
struct Argument {
  size_t begin = 0;
  size_t end = 0;
  bool last = false;
  std::string_view in(std::string_view line) const { return line.substr(begin, end - begin); }
};

// The argument at or after `*at` (past blanks); false at the command's end.
bool NextArgument(std::string_view line, size_t* at, Argument* argument) {
  size_t i = *at;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i >= line.size() || line[i] == '\n' || line[i] == '\r') return false;
  const char first = line[i];
  if (first == '\'' || first == '"') {
    const size_t close = line.find(first, i + 1);
    argument->begin = i + 1;
    argument->end = close == std::string_view::npos ? line.size() : close;
    argument->last = false;
    *at = close == std::string_view::npos ? line.size() : close + 1;
    return true;
  }
  if (first == ';' || first == '|' || first == '&') return false;
  size_t j = i;
  while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\n' && line[j] != '\r') ++j;
  *argument = {i, j, line[j - 1] == ';'};
  *at = j;
  return true;
}

// A program's name: a path by its last part.
std::string_view ProgramName(std::string_view program) {
  if (const size_t slash = program.rfind('/'); slash != std::string_view::npos) program.remove_prefix(slash + 1);
  return program;
}

bool IsPasswordFlagProgram(std::string_view program) {
  program = ProgramName(program);
  return std::any_of(std::begin(kEntries), std::end(kEntries), [&](const PasswordFlag& e) { return e.program == program; });
}

}  // namespace

std::span<const PasswordFlag> PasswordFlags() { return kEntries; }

bool FindCommandLinePassword(std::string_view line, size_t* begin, size_t* end) {
  size_t at = 0;
  Argument program, command, argument;
  if (!NextArgument(line, &at, &program) || program.last || !IsPasswordFlagProgram(program.in(line)) ||
      !NextArgument(line, &at, &command)) {
    return false;
  }
  argument = command;
  for (int i = 1; i < kMaxCommandArguments; ++i) {
    const std::string_view flag = argument.in(line);
    // The second argument is the command, unless it is the flag itself.
    const std::string_view context = i >= 2 ? command.in(line) : std::string_view{};
    const ProgramFlag kind = ProgramPasswordFlag(program.in(line), context, flag);
    if (kind == ProgramFlag::kGlued) {
      *begin = argument.begin + 2;
      *end = argument.end;
      return true;
    }
    Argument next;
    if (argument.last || !NextArgument(line, &at, &next)) return false;
    if (kind == ProgramFlag::kNextArgument && next.end > next.begin && !next.in(line).starts_with("--")) {
      *begin = next.begin;
      *end = next.end;
      return true;
    }
    argument = next;
  }
  return false;
}

void ForEachSecretFlagValue(std::string_view text, const std::function<int(std::string_view)>& rule_of,
                            const std::function<void(size_t, size_t, int)>& found) {
  for (size_t at = 0; at < text.size(); ++at) {
    if (text[at] != '-' || !IsCommandWordStart(text, at)) continue;
    size_t next_at = at;
    Argument flag, value;
    if (!NextArgument(text, &next_at, &flag) || flag.end - flag.begin < 3) continue;
    const std::string_view name = flag.in(text);
    if (name[1] >= '0' && name[1] <= '9') continue;  // a negative number
    if (!TakesNextArgument(name)) continue;
    const int rule = rule_of(name);
    if (rule < 0) continue;
    if (flag.last || !NextArgument(text, &next_at, &value) || value.end == value.begin ||
        value.in(text).starts_with("--")) {
      continue;
    }
    found(value.begin, value.end, rule);
    at = value.end;
  }
}

ProgramFlag ProgramPasswordFlag(std::string_view program, std::string_view command, std::string_view flag) {
  if (flag.size() < 2 || flag[0] != '-' || flag[1] == '-') return ProgramFlag::kNone;
  program = ProgramName(program);
  const auto entry = std::find_if(std::begin(kEntries), std::end(kEntries), [&](const PasswordFlag& e) {
    return e.program == program && (e.command.empty() || e.command == command) && flag.starts_with(e.flag);
  });
  if (entry == std::end(kEntries)) return ProgramFlag::kNone;
  if (flag.size() == entry->flag.size()) return entry->next ? ProgramFlag::kNextArgument : ProgramFlag::kNone;
  return entry->glued ? ProgramFlag::kGlued : ProgramFlag::kNone;
}

}  // namespace sluice
