// ProgramPasswordFlag (see program_flags.h).
#include "redact/program_flags.h"

#include <algorithm>
#include <iterator>

namespace sluice {
namespace {

struct Entry {
  std::string_view program;
  std::string_view command;  // empty: any
  std::string_view flag;
  bool next;   // "-p pw"
  bool glued;  // "-ppw"
};

// mysql's "-p" alone prompts, and the argument after it is a database: only
// the glued form holds a password.
constexpr Entry kEntries[] = {
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

}  // namespace

ProgramFlag ProgramPasswordFlag(std::string_view program, std::string_view command, std::string_view flag) {
  if (flag.size() < 2 || flag[0] != '-' || flag[1] == '-') return ProgramFlag::kNone;
  if (const size_t slash = program.rfind('/'); slash != std::string_view::npos) program.remove_prefix(slash + 1);
  const auto entry = std::find_if(std::begin(kEntries), std::end(kEntries), [&](const Entry& e) {
    return e.program == program && (e.command.empty() || e.command == command) && flag.starts_with(e.flag);
  });
  if (entry == std::end(kEntries)) return ProgramFlag::kNone;
  if (flag.size() == entry->flag.size()) return entry->next ? ProgramFlag::kNextArgument : ProgramFlag::kNone;
  return entry->glued ? ProgramFlag::kGlued : ProgramFlag::kNone;
}

}  // namespace sluice
