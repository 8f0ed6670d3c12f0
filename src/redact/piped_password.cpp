// ForEachPipedPassword (see piped_password.h).
#include "redact/piped_password.h"

#include <algorithm>
#include <iterator>

#include "redact/command_words.h"
#include "redact/program_flags.h"

namespace sluice {
namespace {

// How a program reads a password from its standard input.
enum class StdinPassword {
  kNone,
  kWhole,      // all of it (docker login --password-stdin)
  kAfterUser,  // after "user:" (chpasswd)
};

// The word that ends at text[end] (before blanks) is echo's or printf's name
// or one of echo's flags.
bool IsEchoWordBefore(std::string_view text, size_t end) {
  while (end > 0 && text[end - 1] == ' ') --end;
  size_t begin = end;
  while (begin > 0 && end - begin < 8 && text[begin - 1] != ' ' && text[begin - 1] != '\t') --begin;
  const std::string_view word = text.substr(begin, end - begin);
  return word == "echo" || word == "printf" || word == "-n" || word == "-e" || word == "-ne" || word == "-en";
}

// What is written to a registry's login is its password, --password-stdin
// or not (a line cut short may have lost the flag).
bool IsRegistryClient(std::string_view name) {
  constexpr std::string_view kClients[] = {"docker", "podman", "nerdctl", "buildah", "skopeo", "oras", "helm"};
  return std::any_of(std::begin(kClients), std::end(kClients), [&](std::string_view c) { return IsProgram(c, name); });
}

// A shell's keyword or prefix before a command ("do echo pw | ..").
bool IsShellPrefix(std::string_view word) {
  constexpr std::string_view kPrefixes[] = {"do", "then", "else", "{", "!", "time", "exec", "command", "builtin"};
  return std::any_of(std::begin(kPrefixes), std::end(kPrefixes), [&](std::string_view p) { return p == word; });
}

// How the command `command` (from its program's name to its end) reads a
// password from stdin and, when it does, a here-string it gives it (<<< PW)
// in *here, an argument of `command`.
StdinPassword ReadsStdinPassword(std::string_view command, Argument* here, bool* has_here) {
  // The program that runs last reads stdin: behind shell keywords and
  // wrappers (sudo -u root -S, chroot /mnt chpasswd), read as a command line is.
  size_t at = 0;
  Argument word;
  CommandArguments arguments;
  std::string_view name;
  bool reads = false;  // a flag or command says the program reads a password from stdin
  *has_here = false;
  for (int i = 0; i < kMaxCommandArguments && NextArgument(command, &at, &word); ++i) {
    const std::string_view argument = word.in(command);
    if (argument == "<<<") {
      *has_here = NextArgument(command, &at, here);
      continue;
    }
    if (argument.starts_with("<<<") && argument.size() > 3) {
      *here = word;
      here->begin += 3;
      *has_here = true;
      continue;
    }
    if (name.empty() && IsShellPrefix(argument)) continue;
    const CommandArguments::Word kind = arguments.Read(argument);
    if (kind == CommandArguments::Word::kProgram) {
      name = ProgramName(argument);
      continue;
    }
    // A short flag holding a letter: sudo -S (its own password), smbpasswd -s, htpasswd -i.
    auto holds = [&](char letter) {
      return argument.size() >= 2 && argument[0] == '-' && argument[1] != '-' &&
             argument.find(letter) != std::string_view::npos;
    };
    reads |= argument == "--password-stdin" || argument == "--with-token" || argument == "--stdin-password" ||
             (IsProgram("sudo", name) && (argument == "--stdin" || holds('S'))) ||
             (IsProgram("vncpasswd", name) && argument == "-f") || (IsProgram("smbpasswd", name) && holds('s')) ||
             (IsProgram("htpasswd", name) && holds('i')) || (IsProgram("realm", name) && argument == "join") ||
             (argument == "login" && IsRegistryClient(name));
    if (word.last) break;
  }
  if (IsProgram("chpasswd", name)) return StdinPassword::kAfterUser;
  // passwd reads the new password from a pipe, with --stdin or (twice) without.
  return reads || IsProgram("wpa_passphrase", name) || IsProgram("passwd", name) ? StdinPassword::kWhole
                                                                                 : StdinPassword::kNone;
}

// Reports `span` of `text` as the password, after the user for kAfterUser;
// not a variable or a command's output ("$PW", "$(cat f)", "`cat f`").
void FoundStdinPassword(std::string_view text, size_t begin, size_t end, StdinPassword kind,
                        const std::function<void(size_t, size_t)>& found) {
  // A variable, a command's output ("$PW", "${PW}", "$(cat f)", `cat f`);
  // bash's $'..' is a quoted string.
  if (begin >= end || text[begin] == '`') return;
  if (text[begin] == '$' && !(begin + 1 < end && text[begin + 1] == '\'')) return;
  if (kind == StdinPassword::kAfterUser) {
    const size_t colon = text.substr(begin, end - begin).find(':');
    if (colon == std::string_view::npos) return;
    begin += colon + 1;
  }
  if (end > begin) found(begin, end);
}

// The password that the command text[start, end) writes to a pipe: echo's
// or yes's words, printf's last argument; after a shell's -c when the pipe
// is the shell's (sh -c "echo PW | docker login ..", or as Falco joins the
// arguments, sh -c echo PW | ..), and after shell keywords (do echo PW).
void FindWrittenPassword(std::string_view text, size_t start, size_t end, StdinPassword kind,
                         const std::function<void(size_t, size_t)>& found) {
  while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == ')')) --end;
  std::string_view writer = text.substr(start, end - start);
  if (const size_t c = writer.rfind("-c "); c != std::string_view::npos && (c == 0 || writer[c - 1] == ' ')) {
    size_t from = c + 3;
    while (from < writer.size() && writer[from] == ' ') ++from;
    if (from < writer.size() && (writer[from] == '"' || writer[from] == '\'')) ++from;
    start += from;
    writer.remove_prefix(from);
  }
  size_t at = 0;
  Argument word;
  bool any = NextArgument(writer, &at, &word);
  while (any && IsShellPrefix(word.in(writer))) any = NextArgument(writer, &at, &word);
  if (!any) return;
  const std::string_view name = ProgramName(word.in(writer));
  const bool echo = IsProgram("echo", name) || IsProgram("yes", name);  // yes pw | passwd
  if (!echo && !IsProgram("printf", name)) return;
  Argument first, last;
  int count = 0;
  while (NextArgument(writer, &at, &word)) {
    const std::string_view argument = word.in(writer);
    if (echo && count == 0 && argument.size() >= 2 && argument[0] == '-' &&
        argument.find_first_not_of("neE", 1) == std::string_view::npos) {
      continue;  // echo -n
    }
    if (count++ == 0) first = word;
    last = word;
  }
  if (count == 0) return;
  if (echo) {
    FoundStdinPassword(text, start + first.begin, start + last.end, kind, found);
  } else if (count > 1 || last.in(writer).find('%') == std::string_view::npos) {
    // printf '%s' PW; printf 'bob:%s\n' PW | chpasswd: the user is in the format.
    const bool user_in_format =
        count > 1 && kind == StdinPassword::kAfterUser && first.in(writer).find(':') != std::string_view::npos;
    FoundStdinPassword(text, start + last.begin, start + last.end, user_in_format ? StdinPassword::kWhole : kind,
                       found);
  }
}

}  // namespace

void ForEachPipedPassword(std::string_view text, const std::function<void(size_t, size_t)>& found) {
  auto separates = [](char c) { return c == ';' || c == '&' || c == '|' || c == '\n' || c == '\r' || c == '('; };
  // The command around `pipe` runs from segment_start to segment_end (the
  // separators before and after it), both kept as the scan goes on, so
  // that a text of many pipes or here-strings is read in linear time.
  size_t segment_start = 0;
  size_t segment_end = 0;
  // A command is read within a bounded view, so that one of many quotes
  // with no match is not read to the text's end at each pipe.
  constexpr size_t kMaxCommandBytes = 4096;
  for (size_t pipe = 0; pipe < text.size(); ++pipe) {
    // An argument of echo quoted holds no separator ("echo 'pw;x' | docker
    // login .."); a shell's -c "echo pw | docker login .." is read inside.
    if ((text[pipe] == '\'' || text[pipe] == '"') && pipe > 0 && text[pipe - 1] == ' ' &&
        IsEchoWordBefore(text, pipe - 1)) {
      const size_t close = QuoteEnd(text, pipe, text[pipe]);
      if (close != std::string_view::npos && close - pipe <= kMaxCommandBytes) {
        pipe = close;
        continue;
      }
    }
    const bool piped = text[pipe] == '|' && text.substr(pipe, 2) != "||" && (pipe == 0 || text[pipe - 1] != '|');
    if (separates(text[pipe]) && !piped) segment_start = pipe + 1;
    const bool here_string = text.substr(pipe, 3) == "<<<";
    if (!piped && !here_string) continue;
    if (pipe - segment_start > kMaxCommandBytes) {
      if (piped) segment_start = pipe + 1;
      continue;
    }
    const size_t writer_start = segment_start;
    if (piped) segment_start = pipe + 1;
    // The command after the pipe, or the one the here-string is given to.
    size_t begin = here_string ? writer_start : pipe + 1;
    while (begin < text.size() && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
    if (segment_end <= pipe + (here_string ? 3 : 0)) {
      segment_end = text.find_first_of(";&|\n\r", here_string ? pipe + 3 : begin);
      if (segment_end == std::string_view::npos) segment_end = text.size();
    }
    const size_t end = std::max(begin, std::min(segment_end, begin + kMaxCommandBytes));
    const std::string_view command = text.substr(begin, end - begin);
    Argument here;
    bool has_here = false;
    const StdinPassword kind = ReadsStdinPassword(command, &here, &has_here);
    if (here_string) {
      if (kind != StdinPassword::kNone && has_here) {
        FoundStdinPassword(text, begin + here.begin, begin + here.end, kind, found);
      }
      // The command is read once: its other here-strings, and a run of
      // '<', are in this reading.
      pipe = std::max(pipe + 2, end - 1);  // the loop goes on at the command's end
      while (pipe + 1 < text.size() && text[pipe + 1] == '<') ++pipe;
      continue;
    }
    if (kind == StdinPassword::kNone) continue;
    // The command before the pipe writes the password; in a subshell or
    // a group, each of its commands ("(echo pw; echo pw) | smbpasswd -s -a bob").
    size_t close = pipe;
    while (close > writer_start && (text[close - 1] == ' ' || text[close - 1] == '\t')) --close;
    constexpr size_t kMaxSubshellBytes = 256;  // a subshell of echoes is short
    size_t open = std::string_view::npos;
    if (close > 0 && (text[close - 1] == ')' || text[close - 1] == '}')) {  // a subshell, a group { ..; }
      const size_t low = close - 1 - std::min(close - 1, kMaxSubshellBytes);
      const char opening = text[close - 1] == ')' ? '(' : '{';
      if (const size_t at = text.substr(low, close - 1 - low).rfind(opening); at != std::string_view::npos) {
        open = low + at;
      }
    }
    if (open != std::string_view::npos) {
      const std::string_view inside = text.substr(0, close - 1);  // the parts' search ends at the close
      for (size_t part = open + 1; part < close - 1;) {
        size_t part_end = inside.find_first_of(";&\n", part);
        if (part_end == std::string_view::npos) part_end = close - 1;
        FindWrittenPassword(text, part, part_end, kind, found);
        part = part_end + 1;
      }
    } else {
      FindWrittenPassword(text, writer_start, pipe, kind, found);
    }
  }
}

}  // namespace sluice
