// ProgramPasswordFlag (see program_flags.h).
#include "redact/program_flags.h"

#include <algorithm>
#include <iterator>

#include "parse/argument_array.h"
#include "redact/command_words.h"

namespace sluice {

// A password by its place: the `position`th argument after `command` that
// is no flag and follows none ("rabbitmqctl add_user NAME PW"). An empty
// command counts from the program ("wpa_passphrase SSID PW"); one that is
// a flag's letters, from a flag that holds them all ("htpasswd -b FILE
// USER PW", "htpasswd -nb USER PW").
// `switches`: the program's flags take no separate value (vault's
// -no-print, mc's --insecure; -method=x holds its own), so a word after
// one still has its place.
// `separator`: the password follows a user and this byte, up to
// `terminator` if there is one ("sqlplus scott/PW@db"); a word with no
// user before it holds none ("sqlplus /nolog", "sqlplus / as sysdba").
// `after_share`: the place is the word after a Windows share ("net use Z:
// \\fs\share PW /user:bob").
struct PasswordPosition {
  std::string_view program;
  std::string_view command;
  int position;
  bool switches = false;
  char separator = 0;
  char terminator = 0;
  bool after_share = false;
  // The letters of the program's short flags that take a value, which
  // holds no place (htpasswd -C 10, sqlplus -M "HTML ON").
  std::string_view value_letters = {};
};

namespace {

// mysql's "-p" alone prompts, and the argument after it is a database: only
// the glued form holds a password.
constexpr PasswordFlag kEntries[] = {
    {"mysql", "", "-p", false, true},        {"mysqldump", "", "-p", false, true},
    {"mysqladmin", "", "-p", false, true},   {"mysqlimport", "", "-p", false, true},
    {"mysqlcheck", "", "-p", false, true},   {"mysqlpump", "", "-p", false, true},
    {"mysqlbinlog", "", "-p", false, true},  {"mysqlshow", "", "-p", false, true},
    {"mysqlslap", "", "-p", false, true},    {"mysqlsh", "", "-p", false, true},
    {"mariadb", "", "-p", false, true},      {"mariadb-dump", "", "-p", false, true},
    {"mariadb-admin", "", "-p", false, true}, {"mariadb-import", "", "-p", false, true},
    {"mariadb-check", "", "-p", false, true}, {"mariadb-binlog", "", "-p", false, true},
    {"sshpass", "", "-p", true, true},       {"redis-cli", "", "-a", true, false},
    {"mongo", "", "-p", true, true},        {"mongosh", "", "-p", true, true},
    {"mongodump", "", "-p", true, true},    {"mongorestore", "", "-p", true, true},
    {"mongoexport", "", "-p", true, true},  {"mongoimport", "", "-p", true, true},
    {"mongostat", "", "-p", true, true},    {"mongotop", "", "-p", true, true},
    {"mongofiles", "", "-p", true, true},
    {"sqlcmd", "", "-P", true, true},        {"bcp", "", "-P", true, true},
    {"zip", "", "-P", true, true},           {"unzip", "", "-P", true, true},
    {"7z", "", "-p", false, true},           {"7za", "", "-p", false, true},
    {"7zz", "", "-p", false, true},          {"7zr", "", "-p", false, true},
    {"curl", "", "-u", true, true},          {"curl", "", "-U", true, true},
    {"az", "login", "-p", true, true},       {"psexec", "", "-p", true, false},
    {"docker", "login", "-p", true, true},   {"podman", "login", "-p", true, true},
    {"nerdctl", "login", "-p", true, true},  {"buildah", "login", "-p", true, true},
    {"skopeo", "login", "-p", true, true},   {"oras", "login", "-p", true, true},
    {"helm", "registry", "-p", true, true},  {"ldapsearch", "", "-w", true, true},
    {"ldapadd", "", "-w", true, true},       {"ldapmodify", "", "-w", true, true},
    {"ldapdelete", "", "-w", true, true},    {"ldapwhoami", "", "-w", true, true},
    {"ldappasswd", "", "-w", true, true},    {"ldapcompare", "", "-w", true, true},
    {"ldapmodrdn", "", "-w", true, true},    {"ldapexop", "", "-w", true, true},
    {"useradd", "", "-p", true, false},      {"usermod", "", "-p", true, false},
    {"openssl", "", "-passin", true, false}, {"openssl", "", "-passout", true, false},
    {"openssl", "", "-pass", true, false},   {"openssl", "", "-k", true, false},
    // Long flags that carry a secret under a name the key rules do not give.
    {"gh", "secret", "--body", true, false},  {"gh", "secret", "-b", true, true},
    {"az", "keyvault", "--value", true, false},
    {"aws", "ssm", "--value", true, false},   {"aws", "secretsmanager", "--secret-string", true, false},
    // Windows switches, in any case: the run-as and the remote user's password.
    {"schtasks", "", "/rp", true, false},    {"schtasks", "", "/p", true, false},
    {"xfreerdp", "", "/p:", false, true},    {"xfreerdp3", "", "/p:", false, true},
    {"wfreerdp", "", "/p:", false, true},    {"sdl-freerdp", "", "/p:", false, true},
    {"xfreerdp", "", "/gp:", false, true},   {"xfreerdp3", "", "/gp:", false, true},
    {"wfreerdp", "", "/gp:", false, true},   {"sdl-freerdp", "", "/gp:", false, true},
    {"wlfreerdp", "", "/p:", false, true},   {"wlfreerdp3", "", "/p:", false, true},
    {"sdl-freerdp3", "", "/p:", false, true}, {"wlfreerdp", "", "/gp:", false, true},
    {"wlfreerdp3", "", "/gp:", false, true}, {"sdl-freerdp3", "", "/gp:", false, true},
    {"ipmitool", "", "-P", true, true},      {"cqlsh", "", "-p", true, true},
    {"mosquitto_pub", "", "-P", true, true}, {"mosquitto_sub", "", "-P", true, true},
    {"mosquitto_rr", "", "-P", true, true},  {"rabbitmqadmin", "", "-p", true, true},
    {"rdesktop", "", "-p", true, true},      {"smbmap", "", "-p", true, true},
    {"crackmapexec", "", "-p", true, true},  {"netexec", "", "-p", true, true},
    {"nxc", "", "-p", true, true},            {"mosquitto_ctrl", "", "-P", true, true},
    // A user and its password in one value: Samba's "-U bob%pw", lftp's "-u bob,pw".
    {"smbclient", "", "-U", true, true, '%'}, {"smbclient", "", "--user", true, false, '%'},
    {"rpcclient", "", "-U", true, true, '%'}, {"rpcclient", "", "--user", true, false, '%'},
    {"smbcacls", "", "-U", true, true, '%'},  {"smbget", "", "-U", true, true, '%'},
    {"smbtree", "", "-U", true, true, '%'},   {"winexe", "", "-U", true, true, '%'},
    {"samba-tool", "", "-U", true, true, '%'}, {"smbcquotas", "", "-U", true, true, '%'},
    {"net", "", "-U", true, true, '%'},      {"net", "", "--user", true, false, '%'},  // Samba's net ads join
    {"lftp", "", "-u", true, true, ','},      {"open", "", "-u", true, true, ','},  // lftp -c 'open -u ..'
    // Bare words that take a password as a flag does.
    // nmcli's secret properties by their suffix ('*': any start; pppoe.password, 802-1x.private-key-password).
    {"nmcli", "", "password", true, false},  {"nmcli", "", "*.password", true, false},
    {"nmcli", "", "*-password", true, false}, {"nmcli", "", "*.psk", true, false},
    {"nmcli", "", "wifi-sec.wep-key0", true, false},
    {"rclone", "config", "pass", true, false}, {"rclone", "config", "password", true, false},
    {"rclone", "config", "secret_access_key", true, false}, {"rclone", "config", "client_secret", true, false},
    {"rclone", "config", "token", true, false}, {"rclone", "config", "key", true, false},
    {"rclone", "config", "password2", true, false}, {"rclone", "config", "session_token", true, false},
    {"rclone", "config", "account_key", true, false}, {"rclone", "config", "sas_url", true, false},
};

constexpr PasswordPosition kPositions[] = {
    {"rabbitmqctl", "add_user", 2},  {"rabbitmqctl", "change_password", 2}, {"rabbitmqctl", "authenticate_user", 2},
    {"net", "user", 2},              {"net1", "user", 2},                   {"mysqladmin", "password", 1},
    {"vault", "login", 1, true},     {"mc", "alias", 5, true},              {"mc", "config", 6, true},
    {"mc", "admin", 5, true},        {"wpa_passphrase", "", 2, true},
    {"htpasswd", "-nb", 2, true, 0, 0, false, "Cr"},  {"htpasswd", "-b", 3, true, 0, 0, false, "Cr"},
    {"mosquitto_passwd", "-b", 3, true},  {"ipmitool", "password", 2},  // user set password ID PW
    {"net", "use", 0, true, 0, 0, true},  {"net1", "use", 0, true, 0, 0, true},
    {"sqlplus", "", 1, true, '/', '@', false, "MRC"}, {"sqlldr", "", 1, true, '/', '@'},
    {"expdp", "", 1, true, '/', '@'},     {"impdp", "", 1, true, '/', '@'},  {"dgmgrl", "", 1, true, '/', '@'},
};

// Programs that run another command: their own options end at it ("sshpass
// -f file ssh -p 2222 host": -p is ssh's port; "sudo -E redis-cli -a pw").
// The letters of their short options that take a value, and the words
// before the command that are no option (timeout's duration, chroot's
// directory, gosu's user); env's NAME=value words are none either.
struct Wrapper {
  std::string_view program;
  std::string_view value_letters;
  int operands = 0;
};
constexpr Wrapper kWrappers[] = {
    {"sshpass", "fdPp"}, {"sudo", "ugCDhprtTU"}, {"doas", "uC"},     {"env", "uCS"},
    {"nice", "n"},       {"ionice", "cnp"},      {"nohup", ""},      {"setsid", ""},
    {"strace", "oepsuIEab"}, {"ltrace", "oepsuE"}, {"time", "of"},   {"stdbuf", "ioe"},
    {"unbuffer", ""},    {"xargs", "nIPdaLsE"},  {"watch", "nd"},    {"tini", "pl"},
    {"dumb-init", ""},   {"exec", "a"},          {"timeout", "sk", 1}, {"chroot", "", 1},
    {"gosu", "", 1},     {"su-exec", "", 1},     {"taskset", "", 1}, {"chrt", "", 1},
    {"flock", "wEc", 1}, {"runuser", "ugl"},
};

// The end of a password argument [.., end): a cut one runs on to a blank,
// so that no part of the password stays ("-pab'cd": "ab'cd").
size_t PasswordEnd(std::string_view line, const Argument& argument) {
  size_t end = argument.end - (argument.last ? 1 : 0);  // "-ppw;": the ';' ends the command
  if (!argument.cut) return end;
  while (end < line.size() && line[end] != ' ' && line[end] != '\t' && line[end] != '\n' && line[end] != '\r') ++end;
  return end;
}

// A word that may name a program to run: a bare name, a path through a
// bin directory (/usr/bin/mysql, ..\Binn\SQLCMD.EXE) or to an .exe or
// .cmd; not a data path that ends in a program's name (/var/lib/mysql).
bool MayNameProgram(std::string_view word) {
  const size_t slash = word.find_last_of("/\\");
  if (slash == std::string_view::npos) return true;
  if (ProgramName(word).size() < word.size() - slash - 1) return true;  // .exe or .cmd
  const std::string_view directory = word.substr(0, slash);
  // ./mysql in the working directory; Oracle's Instant Client has no bin.
  if (directory == "." || directory.find("instantclient") != std::string_view::npos) return true;
  for (size_t at = directory.find_first_of("bB"); at != std::string_view::npos;
       at = directory.find_first_of("bB", at + 1)) {
    if (at + 2 < directory.size() && (directory[at + 1] | 0x20) == 'i' && (directory[at + 2] | 0x20) == 'n') {
      return true;
    }
  }
  return false;
}

// A program of the flag table.
bool IsFlagProgram(std::string_view program) {
  if (!MayNameProgram(program)) return false;
  program = ProgramName(program);
  return std::any_of(std::begin(kEntries), std::end(kEntries),
                     [&](const PasswordFlag& e) { return IsProgram(e.program, program); });
}

// A program of either table.
bool IsPasswordFlagProgram(std::string_view program) {
  if (IsFlagProgram(program)) return true;
  if (!MayNameProgram(program)) return false;
  program = ProgramName(program);
  return std::any_of(std::begin(kPositions), std::end(kPositions),
                     [&](const PasswordPosition& e) { return IsProgram(e.program, program); });
}

// The place a password has after `command` of `program`, or null.
const PasswordPosition* PositionOf(std::string_view program, std::string_view command) {
  program = ProgramName(program);
  const auto entry = std::find_if(std::begin(kPositions), std::end(kPositions), [&](const PasswordPosition& e) {
    return IsProgram(e.command, command) && IsProgram(e.program, program);
  });
  return entry == std::end(kPositions) ? nullptr : entry;
}

// The bit of a short flag's letter in a set of them (0 for none).
uint64_t LetterBit(char c) {
  if (c >= 'a' && c <= 'z') return uint64_t{1} << (c - 'a');
  if (c >= 'A' && c <= 'Z') return uint64_t{1} << (26 + c - 'A');
  return 0;
}

// The place a password has after the short flags `letters` of `program`
// ("htpasswd -b", "-n -b"), or null: the first entry whose command's
// letters are all in the set.
const PasswordPosition* PositionOfFlags(std::string_view program, uint64_t letters) {
  program = ProgramName(program);
  const auto entry = std::find_if(std::begin(kPositions), std::end(kPositions), [&](const PasswordPosition& e) {
    return e.command.size() >= 2 && e.command[0] == '-' && IsProgram(e.program, program) &&
           std::all_of(e.command.begin() + 1, e.command.end(), [&](char letter) { return letters & LetterBit(letter); });
  });
  return entry == std::end(kPositions) ? nullptr : entry;
}

// The value letters of a program's places (PasswordPosition::value_letters).
std::string_view PositionValueLetters(std::string_view program) {
  program = ProgramName(program);
  for (const PasswordPosition& e : kPositions) {
    if (!e.value_letters.empty() && IsProgram(e.program, program)) return e.value_letters;
  }
  return {};
}

// A program known only by its passwords' places whose name is a common
// word (net, vault, mc): it starts no arguments mid-way, so that
// ["the","net","user","count","rose"] are words.
bool IsCommonWordProgram(std::string_view program) {
  const std::string_view name = ProgramName(program);
  return IsProgram("net", name) || IsProgram("net1", name) || IsProgram("vault", name) || IsProgram("mc", name);
}

// A Windows switch ("/add", "/domain"), no argument of its own.
bool IsWindowsSwitch(std::string_view word) {
  if (word.size() < 2 || word[0] != '/') return false;
  // "/user:corp.local/bob": a switch's value may hold a '/'.
  const size_t name_end = word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 1);
  if (name_end != std::string_view::npos && name_end > 1 && word[name_end] == ':') return true;
  return word.find('/', 1) == std::string_view::npos;
}

const Wrapper* WrapperOf(std::string_view name) {
  const auto wrapper = std::find_if(std::begin(kWrappers), std::end(kWrappers),
                                    [&](const Wrapper& w) { return IsProgram(w.program, name); });
  return wrapper == std::end(kWrappers) ? nullptr : wrapper;
}

// Programs that take a command line as a flag's value.
enum class Runner { kNone, kShell, kCmd, kPowerShell, kSu, kLftp };

Runner RunnerOf(std::string_view program) {
  if (!MayNameProgram(program)) return Runner::kNone;
  const std::string_view name = ProgramName(program);
  if (IsProgram("cmd", name)) return Runner::kCmd;
  if (IsProgram("powershell", name) || IsProgram("pwsh", name)) return Runner::kPowerShell;
  if (IsProgram("su", name) || IsProgram("runuser", name)) return Runner::kSu;
  if (IsProgram("lftp", name)) return Runner::kLftp;
  constexpr std::string_view kShells[] = {"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "fish"};
  return std::any_of(std::begin(kShells), std::end(kShells), [&](std::string_view s) { return IsProgram(s, name); })
             ? Runner::kShell
             : Runner::kNone;
}

// `flag` of `program` takes a command line as its value, as a shell reads
// it: sh/bash/zsh/.. -c (and -lc, -ec), su -c, cmd /c, powershell -Command.
bool TakesCommandLine(std::string_view program, std::string_view flag) {
  if (flag.size() < 2) return false;
  switch (RunnerOf(program)) {
    case Runner::kNone: return false;
    case Runner::kCmd: return IsProgram("/c", flag) || IsProgram("/k", flag);  // any case, as IsProgram reads names
    case Runner::kPowerShell: return IsProgram("-c", flag) || IsProgram("-command", flag);
    case Runner::kSu: return flag == "-c" || flag == "--command";
    case Runner::kLftp: return flag == "-c" || flag == "-e";  // lftp -c 'open -u bob,pw host; mirror'
    case Runner::kShell: break;
  }
  // -c, or short options run together with it (-lc, -ec, -euxc, -ceu).
  if (flag[0] != '-' || flag.size() > 6 || flag.find('c') == std::string_view::npos) return false;
  return std::all_of(flag.begin() + 1, flag.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// What `flag` of `program` in `command` is, and the table entry that says so.
struct FlagMeaning {
  ProgramFlag kind = ProgramFlag::kNone;
  const PasswordFlag* entry = nullptr;
};

FlagMeaning FlagOf(std::string_view program, std::string_view command, std::string_view flag) {
  if (flag.size() < 2) return {};
  program = ProgramName(program);
  auto ours = [&](const PasswordFlag& e) {
    return IsProgram(e.program, program) && (e.command.empty() || e.command == command);
  };
  if (flag[0] != '-') {
    // A Windows switch of the table, in any case (schtasks /RP pw), its
    // value glued after ':' (xfreerdp /p:pw); a bare word (nmcli's password).
    for (const PasswordFlag& e : kEntries) {
      if (!ours(e) || e.flag[0] == '-' || (e.flag[0] == '/') != (flag[0] == '/')) continue;
      if (flag[0] != '/') {
        // '*': a setting's property by its suffix ("pppoe.password"), not a
        // connection's name ("office-wifi-password").
        if (e.flag == flag || (e.flag[0] == '*' && flag.size() > e.flag.size() && flag.ends_with(e.flag.substr(1)) &&
                               flag.find('.') != std::string_view::npos)) {
          return {ProgramFlag::kNextArgument, &e};
        }
      } else if (e.flag.back() == ':') {
        if (flag.size() > e.flag.size() && IsProgram(e.flag, flag.substr(0, e.flag.size()))) {
          return {ProgramFlag::kGlued, &e};
        }
      } else if (IsProgram(e.flag, flag)) {
        return {ProgramFlag::kNextArgument, &e};
      }
    }
    return {};
  }
  const auto entry = std::find_if(std::begin(kEntries), std::end(kEntries),
                                  [&](const PasswordFlag& e) { return ours(e) && flag.starts_with(e.flag); });
  if (entry != std::end(kEntries)) {
    if (flag.size() == entry->flag.size()) return {entry->next ? ProgramFlag::kNextArgument : ProgramFlag::kNone, entry};
    // A long flag's value after '=' (--body=pw), as its next argument would be.
    if (entry->flag.starts_with("--")) {
      return {flag[entry->flag.size()] == '=' && entry->next ? ProgramFlag::kGlued : ProgramFlag::kNone, entry};
    }
    return {entry->glued ? ProgramFlag::kGlued : ProgramFlag::kNone, entry};
  }
  if (flag[1] == '-') return {};  // a long flag counts only whole
  // A program with single-dash long options (openssl -passin) has no
  // clusters: its -check is no -k.
  if (std::any_of(std::begin(kEntries), std::end(kEntries), [&](const PasswordFlag& e) {
        return ours(e) && e.flag.size() > 2 && e.flag[0] == '-' && e.flag[1] != '-';
      })) {
    return {};
  }
  // Short flags run together, the password's last ("curl -sSfu user:pw").
  if (flag.size() > 8) return {};
  for (char c : flag.substr(1)) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return {};
  }
  const char last = flag.back();
  const auto cluster = std::find_if(std::begin(kEntries), std::end(kEntries), [&](const PasswordFlag& e) {
    return ours(e) && e.next && e.flag.size() == 2 && e.flag[0] == '-' && e.flag[1] == last;
  });
  if (cluster == std::end(kEntries)) return {};
  return {ProgramFlag::kNextArgument, cluster};
}

}  // namespace

std::span<const PasswordFlag> PasswordFlags() { return kEntries; }

// A word that starts a command line's reading: a program of the tables, a
// wrapper (sudo) or a shell.
bool StartsCommandLine(std::string_view word) {
  return IsPasswordFlagProgram(word) || (MayNameProgram(word) && WrapperOf(ProgramName(word)) != nullptr) ||
         RunnerOf(word) != Runner::kNone;
}

bool IsShellTrace(std::string_view text) {
  size_t at = 0;
  while (at < text.size() && at < 8 && text[at] == '+') ++at;
  if (at == 0 || at + 1 >= text.size() || text[at] != ' ') return false;
  const char first = text[at + 1];
  if ((first >= 'a' && first <= 'z') || first == '/' || first == '.' || first == '~' || first == '$' ||
      first == '\'' || first == '"') {
    return true;
  }
  // NAME=value: an assignment before the command.
  size_t end = at + 1;
  while (end < text.size() && ((text[end] >= 'A' && text[end] <= 'Z') || (text[end] >= 'a' && text[end] <= 'z') ||
                               (text[end] >= '0' && text[end] <= '9') || text[end] == '_')) {
    ++end;
  }
  return end > at + 1 && end < text.size() && text[end] == '=' && !(first >= '0' && first <= '9');
}

CommandArguments::CommandArguments(std::string_view program)
    : program_(program), started_(true), known_program_(IsPasswordFlagProgram(program)) {
  if (const Wrapper* wrapper = WrapperOf(ProgramName(program))) {
    wraps_ = true;
    wrapper_value_letters_ = wrapper->value_letters;
    wrapper_operands_ = wrapper->operands;
  }
  if (known_program_) {
    if (const PasswordPosition* position = PositionOf(program, "")) TakePosition(*position);
    position_value_letters_ = PositionValueLetters(program);
    const std::string_view name = ProgramName(program);
    has_keywords_ = std::any_of(std::begin(kEntries), std::end(kEntries), [&](const PasswordFlag& e) {
      return e.flag[0] != '-' && e.flag[0] != '/' && IsProgram(e.program, name);
    });
  }
}

void CommandArguments::TakePosition(const PasswordPosition& position) {
  // After a share, the place is found at the share (a large number until then).
  password_position_ = position.after_share ? kMaxCommandArguments + 1 : position.position;
  positions_after_flags_ = position.switches;
  position_separator_ = position.separator;
  position_terminator_ = position.terminator;
  after_share_ = position.after_share;
}

CommandArguments::Word CommandArguments::PasswordAfterUser(std::string_view word, char separator,
                                                           char terminator) {
  const size_t at = word.find(separator);
  // A user alone, or none ("/nolog"; "-U %pw" has an empty one).
  if (at == std::string_view::npos || (at == 0 && separator == '/')) return Word::kArgument;
  // lftp's "-u bob,pw"; macOS's "open -u URL" holds an address.
  if (separator == ',' && word.find("://") != std::string_view::npos) return Word::kArgument;
  // "system@//host/svc": the '/' after the '@' is the address's.
  if (terminator != 0 && word.substr(0, at).find(terminator) != std::string_view::npos) return Word::kArgument;
  password_offset_ = at + 1;
  // A quoted password may hold the terminator: scott/"p@ss"@db.
  if (password_offset_ < word.size() && word[password_offset_] == '"') {
    if (const size_t close = word.find('"', password_offset_ + 1); close != std::string_view::npos) {
      ++password_offset_;
      password_length_ = close - password_offset_;
      return password_length_ == 0 ? Word::kArgument : Word::kPassword;
    }
  }
  if (terminator != 0) {
    // To the '@', or a blank in a quoted logon ('sys/pw as sysdba').
    const char ends[] = {terminator, ' ', '\t', '\0'};
    const size_t end = word.find_first_of(std::string_view(ends, 3), password_offset_);
    if (end != std::string_view::npos) password_length_ = end - password_offset_;
  }
  return password_length_ == 0 || password_offset_ == word.size() ? Word::kArgument : Word::kPassword;
}

ProgramFlag CommandArguments::MeaningOf(std::string_view word, bool every_candidate,
                                        const PasswordFlag** entry) const {
  FlagMeaning meaning = FlagOf(program_, command_, word);
  for (int c = 0; c < candidate_count_ && (every_candidate || command_.empty()) && meaning.kind == ProgramFlag::kNone;
       ++c) {
    meaning = FlagOf(program_, candidates_[c], word);
  }
  *entry = meaning.entry;
  return meaning.kind;
}

CommandArguments::Word CommandArguments::Read(std::string_view word) {
  if (!started_) {
    started_ = true;
    if (word.empty() || word[0] != '-') {
      *this = CommandArguments(word);
      return Word::kProgram;
    }
  }
  ++count_;
  password_offset_ = 0;
  password_length_ = std::string_view::npos;
  const bool command_line_due = command_line_due_;
  command_line_due_ = false;
  const bool last_was_flag = last_was_flag_;
  last_was_flag_ = false;
  const bool position_value_due = position_value_due_;
  position_value_due_ = false;
  if (command_line_due && word == "--") {  // bash -c -- 'cmd': the command line still comes next
    command_line_due_ = true;
    return Word::kCommandLineNext;
  }
  if (password_due_) {
    password_due_ = false;
    const char separator = due_separator_;
    due_separator_ = 0;
    // A lone "-" reads the password from stdin.
    if (!word.empty() && !word.starts_with("--") && word != "-") {
      after_flag_ = false;
      wrapper_value_due_ = false;
      return separator != 0 ? PasswordAfterUser(word, separator, 0) : Word::kPassword;
    }
  }
  if (word == "--") {  // the end of the options: a command follows (kubectl exec -- sh -c)
    options_end_ = true;
    after_flag_ = false;
    return Word::kArgument;
  }
  // A redirection and its file hold no place (net use .. >nul 2>&1).
  if (redirect_target_due_) {
    redirect_target_due_ = false;
    return Word::kArgument;
  }
  if (bool operator_alone = false; IsRedirection(word, &operator_alone)) {
    redirect_target_due_ = operator_alone;
    return Word::kArgument;
  }
  if (word.size() >= 2 && word[0] == '-') {
    const PasswordFlag* entry = nullptr;
    const ProgramFlag meaning = MeaningOf(word, /*every_candidate=*/false, &entry);
    after_flag_ = word.find('=') == std::string_view::npos;  // "-method=token" has its value
    if (wraps_) {
      wrapper_value_due_ =
          word.size() == 2 && wrapper_value_letters_.find(word[1]) != std::string_view::npos;
    }
    if (meaning == ProgramFlag::kGlued) {
      // After "-p", or after the '=' of a long flag (--body=pw).
      const size_t flag_size = word[1] == '-' ? word.find('=') + 1 : 2;
      if (entry->separator != 0) {
        const Word kind = PasswordAfterUser(word.substr(flag_size), entry->separator, 0);
        password_offset_ += flag_size;
        return kind == Word::kPassword ? Word::kGluedPassword : Word::kArgument;
      }
      password_offset_ = flag_size;
      return Word::kGluedPassword;
    }
    password_due_ = meaning == ProgramFlag::kNextArgument;
    if (password_due_) {
      due_separator_ = entry->separator;
      return Word::kPasswordFlag;
    }
    last_was_flag_ = after_flag_;  // its value may follow (nmcli --fields password)
    if (word[1] != '-') {
      for (char c : word.substr(1)) flag_letters_ |= LetterBit(c);
      // htpasswd -b (or -n -b, -b -n): the places count from the flags,
      // which may change them until the first place is taken.
      if (password_position_ == 0 || (places_from_flags_ && positional_ == 0)) {
        if (const PasswordPosition* position = PositionOfFlags(program_, flag_letters_)) {
          TakePosition(*position);
          places_from_flags_ = true;
        }
      }
      position_value_due_ = position_value_letters_.find(word.back()) != std::string_view::npos;
    }
    command_line_due_ = TakesCommandLine(program_, word);
    return command_line_due_ ? Word::kCommandLineNext : Word::kArgument;
  }
  if (word.size() >= 2 && !(last_was_flag && word[0] != '/')) {
    // A Windows switch of the table (schtasks /RP pw, xfreerdp /p:pw), or a
    // bare word that takes a password (nmcli .. password pw), unless it is
    // a flag's value (nmcli -g 802-11-wireless-security.psk con show).
    // rclone -v config create .. pass pw: "config" is a candidate, "create" the command.
    const PasswordFlag* entry = nullptr;
    const ProgramFlag meaning = MeaningOf(word, /*every_candidate=*/true, &entry);
    if (meaning == ProgramFlag::kNextArgument) {
      password_due_ = true;
      after_flag_ = true;
      return Word::kPasswordFlag;
    }
    if (meaning == ProgramFlag::kGlued) {
      after_flag_ = false;
      password_offset_ = entry->flag.size();
      return Word::kGluedPassword;
    }
  }
  if (wraps_) {
    after_flag_ = false;
    if (wrapper_value_due_) {
      wrapper_value_due_ = false;
      return Word::kArgument;
    }
    if (wrapper_operands_ > 0) {
      --wrapper_operands_;
      return Word::kArgument;
    }
    const size_t equals = word.find('=');
    if (equals != std::string_view::npos && word.find('/') > equals) return Word::kArgument;  // env's A=1
    *this = CommandArguments(word);  // the wrapped command: its flags are its own
    return Word::kProgram;
  }
  // Another program: a table program's name or a shell's, as the first
  // word, after "--", or after a word that is no flag (a flag's value is
  // none: docker run --name mongo -p 27017).
  const bool after_flag = after_flag_;
  after_flag_ = false;
  const bool may_start = options_end_ || count_ == 1 || !after_flag;
  options_end_ = false;
  // A program known only by its passwords' places whose name is a
  // common word (net, vault) starts no arguments mid-way.
  // Nor does any program while the one read has a place or a keyword
  // still to come (htpasswd -b FILE docker PW: docker is the user).
  if (may_start && (count_ > 1 || !known_program_) && RunnerOf(program_) != Runner::kSu && !place_due() &&
      !has_keywords_ &&
      (RunnerOf(word) != Runner::kNone || (IsPasswordFlagProgram(word) && !IsCommonWordProgram(word)))) {
    *this = CommandArguments(word);
    return Word::kProgram;
  }
  if (TakesCommandLine(program_, word)) {  // cmd /c
    command_line_due_ = true;
    return Word::kCommandLineNext;
  }
  if (command_.empty()) {
    if (count_ == 1 || !after_flag) {
      command_ = word;
    } else if (candidate_count_ < kMaxCandidates) {
      candidates_[candidate_count_++] = word;
    }
  }
  // Places count from the command a position is given for, wherever it
  // stands ("mysqladmin -uroot password PW"). A KEY=VALUE ("vault login
  // username=bob") and a Windows switch ("/add") hold none.
  if (password_position_ == 0) {
    // net's only at its command: "net rpc user add bob -U .." adds a user.
    if (const PasswordPosition* position = PositionOf(program_, word);
        position != nullptr && (word == command_ || !IsCommonWordProgram(program_))) {
      TakePosition(*position);
    }
    return Word::kArgument;
  }
  if (position_separator_ != 0) {
    // Oracle's tools: the logon as a keyword (sqlldr userid=scott/pw@db);
    // a script to run (@/path/x.sql) holds no place.
    if (word.size() > 7 && IsProgram("userid=", word.substr(0, 7))) {
      const Word kind = PasswordAfterUser(word.substr(7), position_separator_, position_terminator_);
      password_offset_ += 7;
      return kind;
    }
    if (!word.empty() && word[0] == '@') return Word::kArgument;
  }
  // A flag's value, a KEY=VALUE and a Windows switch hold no place; a
  // connect descriptor's '=' (scott/pw@"(DESCRIPTION=..)") is the logon's.
  const size_t equals = word.find('=');
  if ((after_flag && !positions_after_flags_) || position_value_due || IsWindowsSwitch(word) ||
      (equals != std::string_view::npos && (position_separator_ == 0 || equals < word.find('@')))) {
    return Word::kArgument;
  }
  if (after_share_ && (word.starts_with("\\\\") || word.starts_with("http://") || word.starts_with("https://"))) {
    // net use Z: \\fs\share PW, and a WebDAV share's address.
    positional_ = 0;
    password_position_ = 1;
    return Word::kArgument;
  }
  if (++positional_ != password_position_ || word == "*") return Word::kArgument;  // "*" prompts
  return position_separator_ != 0 ? PasswordAfterUser(word, position_separator_, position_terminator_)
                                  : Word::kPassword;
}

bool FollowsFlag(std::string_view text, size_t at) {
  // A flag is a short word: the look back is bounded, so that a text with
  // no blank (a query string) stays linear.
  constexpr size_t kMaxFlagBytes = 128;
  auto token_start = [&](size_t end) {
    size_t begin = end;
    while (begin > 0 && end - begin <= kMaxFlagBytes && text[begin - 1] != ' ' && text[begin - 1] != '\t') --begin;
    return begin;
  };
  if (at == 0) return false;
  if (text[at - 1] == '=') {  // --host=mongo: the token holding the '='
    const size_t begin = token_start(at - 1);
    return at - 1 - begin <= kMaxFlagBytes && text[begin] == '-';
  }
  size_t end = at;
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  if (end == at || end == 0) return false;  // no blank before: a quote, '(' or ';' starts it
  const size_t begin = token_start(end);
  const std::string_view previous = text.substr(begin, end - begin);
  return previous.size() >= 2 && previous.size() <= kMaxFlagBytes && previous[0] == '-' &&
         previous.find('=') == std::string_view::npos;
}

size_t ReadCommandLine(std::string_view line, const std::function<void(size_t, size_t)>& found, char outer_quote,
                       bool* at_program) {
  // A program's name is a short word, read from a bounded view: a long run
  // with no blank (a query string under a command key), or quoted parts
  // that join a word ('a', 'b', ...), is none, and reading it from each of
  // its word starts would take the square of its length.
  constexpr size_t kMaxProgramBytes = 256;
  const std::string_view head = line.substr(0, kMaxProgramBytes + 1);
  size_t at = 0;
  Argument program, argument;
  if (!NextArgument(head, &at, &program) || program.last || program.cut ||
      (program.end == head.size() && line.size() > head.size()) || !StartsCommandLine(program.in(line))) {
    return 0;
  }
  CommandArguments arguments(program.in(line));
  for (int i = 1; i < kMaxCommandArguments; ++i) {
    const size_t before = at;
    if (!NextArgument(line, &at, &argument)) return at;
    // A quote with no match that closes the quote the command opened in
    // ("cmd /c \"sqlcmd -P pw\"", "os.system('mysql -ppw')") ends it there.
    const bool closes = argument.cut && outer_quote != 0 && line[argument.end] == outer_quote;
    if (closes) argument.cut = false;
    switch (arguments.Read(argument.in(line))) {
      case CommandArguments::Word::kPassword:
      case CommandArguments::Word::kGluedPassword: {
        const size_t begin = argument.begin + arguments.password_offset();
        size_t end = PasswordEnd(line, argument);
        if (arguments.password_length() != std::string_view::npos) {  // it stops inside the word (scott/pw@db)
          end = argument.begin + arguments.password_end(argument.end - argument.begin);
        }
        if (end > begin) found(begin, end);
        break;
      }
      case CommandArguments::Word::kProgram:
        if (at_program != nullptr) *at_program = true;
        return before;  // another program's command line: it is read from its own start
      case CommandArguments::Word::kCommandLineNext:
        // sh -c 'mysql -ppw': the next argument is read from its own start
        // (after a "--" that ends the shell's options).
        if (at_program != nullptr) *at_program = true;
        while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
        if (line.substr(at, 3) == "-- ") {
          at += 3;
          while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
        }
        return at;
      case CommandArguments::Word::kArgument:
      case CommandArguments::Word::kPasswordFlag:
        break;
    }
    if (argument.last || closes) return at;
  }
  return at;
}

bool FindCommandLinePassword(std::string_view line, size_t* begin, size_t* end) {
  bool any = false;
  ReadCommandLine(line, [&](size_t b, size_t e) {
    if (any) return;
    *begin = b;
    *end = e;
    any = true;
  });
  return any;
}

void ForEachSecretFlagValue(std::string_view text, const std::function<int(std::string_view)>& rule_of,
                            const std::function<void(size_t, size_t, int)>& found) {
  for (size_t at = 0; at < text.size(); ++at) {
    if (text[at] != '-' || !IsCommandWordStart(text, at)) continue;
    // A flag's name is short: a long run with no blank is none (and would
    // be read again from each of its word starts).
    constexpr size_t kMaxFlagBytes = 128;
    const std::string_view head = text.substr(0, at + kMaxFlagBytes + 1);
    size_t next_at = at;
    Argument flag, value;
    if (!NextArgument(head, &next_at, &flag) || flag.end - flag.begin < 3 || flag.cut ||
        (flag.end == head.size() && text.size() > head.size())) {
      continue;
    }
    const std::string_view name = flag.in(text);
    if (name[1] >= '0' && name[1] <= '9') continue;  // a negative number
    // A flag's name: letters, digits, '-', '_', '.' ("-pA1&&sshpass" is a password).
    if (!std::all_of(name.begin(), name.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                 c == '.';
        })) {
      continue;
    }
    if (!TakesNextArgument(name)) continue;
    const int rule = rule_of(name);
    if (rule < 0) continue;
    if (flag.last || !NextArgument(text, &next_at, &value) || value.end == value.begin ||
        value.in(text).starts_with("--")) {
      continue;
    }
    // An unquoted redirection is no value (--with-token <<< x).
    bool operator_alone = false;
    const bool quoted = value.begin > 0 && (text[value.begin - 1] == '"' || text[value.begin - 1] == '\'');
    if (!quoted && IsRedirection(value.in(text), &operator_alone)) continue;
    found(value.begin, value.end, rule);
    at = value.end;
  }
}

ProgramFlag ProgramPasswordFlag(std::string_view program, std::string_view command, std::string_view flag) {
  return FlagOf(program, command, flag).kind;
}

}  // namespace sluice
