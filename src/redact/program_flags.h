// Program flags: the flags and places that carry a password in the command
// lines of common tools (ProgramPasswordFlag and its table), one reader of a
// program's arguments that says what each is (CommandArguments), for
// command lines logged as arrays (["sudo","redis-cli","-a","pw"]), as
// auditd's EXECVE records and as text (ReadCommandLine: sudo's COMMAND=,
// Falco's proc.cmdline, a shell's trace "+ mysql -uroot -ppw app").
//
// Why tables: a short flag means nothing alone ("-p" is a port for docker
// run, a database name's flag for mysql when it stands apart), so it counts
// only after the program that gives it that meaning, and for docker-like
// tools only in their login command; which program runs depends on the
// wrappers before it (sudo -u app, sshpass -f file). Long flags named like
// secrets ("--password") need no table: the key rules decide on their names.
// Tests: tests/redact/program_flags_test.cpp,
// tests/redact/record_redactor_test.cpp (argument arrays).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>

namespace sluice {

enum class ProgramFlag {
  kNone,
  kNextArgument,  // the password is the next argument ("-a", "pw")
  kGlued,         // the password is glued to the flag ("-ppw")
};

// One entry of the table: `flag` of `program` (in its `command` when not
// empty) carries a password, as the next argument and/or glued to it.
struct PasswordFlag {
  std::string_view program;
  std::string_view command;  // empty: any
  std::string_view flag;
  bool next;   // "-p pw"
  bool glued;  // "-ppw"
  // Not 0: the password follows this byte in the flag's value, which may
  // hold the user alone ("-U bob%pw", "-u bob,pw").
  char separator = 0;
};
// The whole table, for tests (the strict pack's cli_short_flag must name
// every program in it).
std::span<const PasswordFlag> PasswordFlags();

// `program`: the command line's first argument (a path is read by its last
// part, Windows' too, without ".exe", in any case: SQLCMD.EXE); `command`:
// its command ("login"); `flag`: an argument starting with '-'. Short flags
// run together count by their last ("curl -sSfu user:pw"), except for a
// program with single-dash long options (openssl's -check is no -k); a long
// flag of the table may hold its value after '=' (--body=pw, kGlued).
ProgramFlag ProgramPasswordFlag(std::string_view program, std::string_view command, std::string_view flag);

// Reads a command line's arguments one at a time after its program's
// name, and says what each is. Text (FindCommandLinePassword), argument
// arrays (RecordRedactor::OnProgramArgument), the dead letter's lists and
// auditd's EXECVE records all read them with it.
//   - A flag of the table carries a password: glued ("-ppw") or as the
//     next argument ("-a", "pw"), unless that starts like a long flag.
//   - A password by its place among the arguments that are no flag and
//     follow none, after the command: rabbitmqctl add_user NAME PW,
//     net user NAME PW, mysqladmin password PW, vault login TOKEN; after
//     the program (wpa_passphrase SSID PW; sqlplus scott/PW@db, the part
//     between the user and the '@'); after a flag (htpasswd -b FILE USER
//     PW); after a share (net use Z: \\fs\share PW).
//   - A bare word of the table takes a password as a flag does (nmcli
//     .. password PW); a flag's value may hold a user before the password
//     (smbclient -U bob%PW).
//   - The command ("login"): the first argument that is no flag and
//     follows none ("docker run --name login -p 8080" runs); until there
//     is one, any that follows a flag, whose value it may be ("docker
//     --debug login", "docker --config /x login").
//   - Another program starts at a table program's or a shell's name that
//     is no flag's value ("sudo", "-u", "root", "mysql", "-ppw": mysql's
//     -p; "docker run --name mongo -p 27017": docker's), at the word after
//     "--", and at the command a wrapper runs ("sshpass", "-f", "file",
//     "ssh", "-p", "2222": ssh's port). A path counts through a bin
//     directory or as an .exe (/usr/bin/mysql, not /var/lib/mysql).
//   - A shell's -c (and -lc, -ec), su -c, cmd /c and powershell -Command
//     take a command line as their value.
// A reader made with no program takes the first word it reads as the
// program (kProgram), unless that word is a flag: then the words are a
// program's arguments without its name (["-h","mongo","-p","27017"]). At
// kProgram the reader goes on with the new program's arguments itself.
struct PasswordPosition;  // a password's place after a command (program_flags.cpp)

class CommandArguments {
 public:
  enum class Word {
    kArgument,         // none of the below
    kPasswordFlag,     // a flag whose value, the next argument, is a password
    kPassword,         // this argument is a password
    kGluedPassword,    // a flag with its password glued to it ("-ppw", "--body=pw"): password_offset()
    kProgram,          // a program's name: the arguments after it are its own
    kCommandLineNext,  // a flag whose value, the next argument, is a command line
  };
  CommandArguments() = default;
  // `program`: a path is read by its last part, Windows' too, without
  // ".exe" or ".cmd", in any case (SQLCMD.EXE).
  explicit CommandArguments(std::string_view program);
  Word Read(std::string_view word);
  // Where the password starts in the word Read called a password: after
  // the flag of a kGluedPassword ("-p": 2, "--body=": 7, "/p:": 3), after
  // a user ("bob%pw": 4, "scott/pw@db": 6), else 0.
  size_t password_offset() const { return password_offset_; }
  // How long it is from there: std::string_view::npos to the word's end
  // ("scott/pw@db": 2).
  size_t password_length() const { return password_length_; }
  // Where it ends in a word of `word_size` bytes.
  size_t password_end(size_t word_size) const {
    return password_length_ == std::string_view::npos ? word_size
                                                       : std::min(word_size, password_offset_ + password_length_);
  }
  // A password's place is given and still to come ("ipmitool user set
  // password" before "ID PW"): the words up to it are the reader's.
  bool place_due() const { return password_position_ > 0 && positional_ < password_position_; }

 private:
  void TakePosition(const PasswordPosition& position);
  // What `word` means as a flag (or bare word) of the program, in its
  // command or, while that is unknown (or always, for bare words:
  // `every_candidate`), in a word that may be it.
  // *entry: the table's entry that says so.
  ProgramFlag MeaningOf(std::string_view word, bool every_candidate, const PasswordFlag** entry) const;
  // `word` holds a user, `separator` and a password (up to `terminator`,
  // if not 0): kPassword with its place set, or kArgument for a user alone.
  Word PasswordAfterUser(std::string_view word, char separator, char terminator);

  static constexpr int kMaxCandidates = 4;
  std::string_view program_;
  std::string_view command_;
  std::string_view candidates_[kMaxCandidates];
  int candidate_count_ = 0;
  int count_ = 0;                // arguments read
  bool started_ = false;         // the program is known, or known to be missing
  int password_position_ = 0;    // after the command a place is given for: the password's place
  bool positions_after_flags_ = false;  // that command's flags take no value
  int positional_ = 0;           // arguments after it that are no flag and follow none
  bool after_flag_ = true;       // the program counts as a flag: its first word is no value
  bool password_due_ = false;    // the last flag carries the next argument
  char due_separator_ = 0;       // after the user in it (PasswordFlag::separator)
  size_t password_offset_ = 0;
  size_t password_length_ = std::string_view::npos;
  char position_separator_ = 0;  // the password by its place follows a user and this byte
  char position_terminator_ = 0;  // and ends at this one (scott/pw@db)
  bool after_share_ = false;     // the place is after a Windows share (net use)
  std::string_view position_value_letters_;  // the program's short flags that take a value
  bool position_value_due_ = false;  // the last word was such a flag: its value holds no place
  uint64_t flag_letters_ = 0;    // the short flags' letters so far (LetterBit)
  bool last_was_flag_ = false;   // the last word was a flag that may take the next as its value
  bool places_from_flags_ = false;  // the place was given by flags (htpasswd -b), which may change it
  bool has_keywords_ = false;    // the program has bare words that take a password (nmcli's password)
  bool redirect_target_due_ = false;  // the last word was a redirection's operator (">")
  bool command_line_due_ = false;  // the last word took a command line (sh -c): "--" may come first
  bool options_end_ = false;     // the last argument was "--"
  bool known_program_ = false;   // the program is in the table
  bool wraps_ = false;           // the program runs another command (sshpass)
  std::string_view wrapper_value_letters_;  // its options that take a value
  int wrapper_operands_ = 0;     // its words before the command that are no option
  bool wrapper_value_due_ = false;
};

// `text` is a shell's trace of the command it runs, as bash's `set -x`
// prints it in CI logs: "+ mysql -ppw db", one '+' more per nesting level.
// The command starts with a lower-case name, a path, a quote, a variable or
// an assignment (NAME=value); a diff's "+ Fixed --token handling" does not.
// Such a text is read as a command line wherever it stands.
bool IsShellTrace(std::string_view text);

// `line` starts with a program's name (or path) and holds its arguments, as
// a shell prints them: split at blanks; an argument quoted with ' or " is
// the text between its quotes, and quotes inside an argument join its parts
// as a shell does (-p'pw x'). The command ends at a line break, after an
// unquoted argument that ends in ';', or at one that starts with ';', '|'
// or '&' (an argument with ';' inside is one: a logged argv holds any
// bytes, "-ppa;ss"; a list printed as text, ['a', 'b'], keeps its commas
// out). The first password CommandArguments finds in it: [*begin, *end) of
// `line`, the argument after a flag, the text glued to one, or an argument
// by its place. False when there is none within the first
// kMaxCommandArguments arguments.
inline constexpr int kMaxCommandArguments = 256;
bool FindCommandLinePassword(std::string_view line, size_t* begin, size_t* end);
// Every password of the command line at `line`'s start, read as
// FindCommandLinePassword reads it: found(begin, end), offsets in `line`.
// `outer_quote`: the quote the command follows, if any (sh -c 'mysql
// -ppw'), whose match with no opening ends it.
// Returns where the reading stopped: at another program's name or the
// command line a shell's -c takes (and *at_program true), or after the
// command's last argument; 0 when `line`
// starts with no program a reading starts at (a table's, a wrapper such as
// sudo, or a shell).
size_t ReadCommandLine(std::string_view line, const std::function<void(size_t, size_t)>& found,
                       char outer_quote = 0, bool* at_program = nullptr);

// The word starting at text[at] follows a flag, whose value it may be
// ("-h mongo", "--host=mongo"): it starts no command line.
bool FollowsFlag(std::string_view text, size_t at);

// Calls found(begin, end) for every password ReadCommandLine finds
// in `text` from a word's start (the text's, or one after a blank, a quote,
// '=', '(', '[', '`', ';', '|' or '&': "+ sudo mysql -ppw", "COMMAND=/usr/bin/
// mysql -ppw"), offsets in `text`; the search goes on from each.
inline bool IsCommandWordStart(std::string_view text, size_t at) {
  if (at == 0) return true;
  const char c = text[at - 1];
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '=' || c == '(' ||
         c == '[' || c == '`' || c == ';' || c == '|' || c == '&';
}

// Each command line is read from its own start. A word that one read
// already took as an argument starts none ("docker run --name mongo -p
// 27017": mongo is a name), but a command may start inside a password
// ("-pA&&sshpass -p B").
template <class Found>
void ForEachCommandLinePassword(std::string_view text, Found&& found) {
  size_t read_to = 0;  // word starts before this were read as arguments
  size_t password_begin = 0, password_end = 0;  // the last password found
  constexpr int kMaxRereadsInPassword = 4;
  int rereads_in_password = 0;
  size_t next_program = std::string_view::npos;  // where a reading met another program
  for (size_t at = 0; at < text.size(); ++at) {
    if (text[at] == ' ' || text[at] == '\t' || !IsCommandWordStart(text, at)) continue;
    // Inside a password, only after a command's end ("-pA&&sshpass -p B"),
    // and a few times: a long password of such ends is not read again at
    // each one.
    if (at < read_to) {
      const bool inside = at > password_begin && at < password_end;
      if (!inside || (text[at - 1] != ';' && text[at - 1] != '&' && text[at - 1] != '|') ||
          rereads_in_password >= kMaxRereadsInPassword) {
        continue;
      }
      ++rereads_in_password;
    }
    if (at != next_program && FollowsFlag(text, at)) continue;
    const char before = at > 0 ? text[at - 1] : 0;
    bool at_program = false;
    const size_t read = ReadCommandLine(
        text.substr(at),
        [&](size_t begin, size_t end) {
          found(at + begin, at + end);
          if (at + begin >= password_end) rereads_in_password = 0;  // a new password, not one inside the last
          password_begin = at + begin;
          password_end = at + end;
        },
        before == '"' || before == '\'' ? before : 0, &at_program);
    if (read > 0) {
      read_to = std::max(read_to, at + read);
      if (at_program) {
        next_program = at + read;
        while (next_program < text.size() && (text[next_program] == ' ' || text[next_program] == '\t')) ++next_program;
      }
    }
  }
}

// In a command line's text, the argument after each flag, long or short,
// single or double dash ("-storepass x", "-password x", "--db-password x"),
// that `rule_of` names (it returns a rule id, or a negative number for
// none; a flag with '=' or an off-switch such as "--no-password" is not
// asked): found(begin, end, rule), offsets in `text`. The argument must
// not start like a long flag ("--host"). Arguments are split as
// FindCommandLinePassword splits them.
void ForEachSecretFlagValue(std::string_view text, const std::function<int(std::string_view)>& rule_of,
                            const std::function<void(size_t, size_t, int)>& found);

}  // namespace sluice
