// KeyValueFinder (see key_value_finder.h).
// Tests: tests/redact/redaction_rules_test.cpp (KeyValue cases).
#include "redact/key_value_finder.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "core/json_text.h"
#include "parse/argument_array.h"
#include "redact/match_validator.h"
#include "redact/piped_password.h"
#include "redact/program_flags.h"
#include "redact/word_bytes.h"

namespace sluice {
namespace {

constexpr size_t kMaxKeyBytes = 96;
// How far past a pair's name or value its other half is looked for.
constexpr size_t kPairReach = 512;

constexpr std::array<bool, 256> MakeKeyChars() {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.';
  }
  return t;
}
constexpr std::array<bool, 256> kKeyChar = MakeKeyChars();

constexpr std::array<bool, 256> MakeTerminators() {
  std::array<bool, 256> t{};
  for (unsigned char c : std::string_view(" \t\r\n\f\v&,;\"'<>\\")) t[c] = true;
  return t;
}
constexpr std::array<bool, 256> kTerminator = MakeTerminators();

using word_bytes::IsDigit;
bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

// `word` is `lower` (lower case) in any case.
bool EqualsIgnoringCase(std::string_view word, std::string_view lower) {
  if (word.size() != lower.size()) return false;
  for (size_t i = 0; i < lower.size(); ++i) {
    if (Lower(word[i]) != lower[i]) return false;
  }
  return true;
}

// Length of an HTTP auth scheme word plus its blanks at text[at] when
// credentials follow, or 0: the scheme is kept, the credentials masked.
size_t SchemeLength(std::string_view text, size_t at) {
  // IANA's HTTP authentication schemes and common vendor ones.
  static constexpr std::string_view kSchemes[] = {
      "bearer", "basic", "token",  "digest", "negotiate",    "ntlm",   "oauth",
      "hoba",   "mutual", "vapid", "dpop",   "gnap",         "apikey", "hawk",
      "privatetoken", "sharedkey", "scram-sha-1", "scram-sha-256", "aws4-hmac-sha256"};
  size_t end = at;
  while (end < text.size() && end - at <= 16 &&
         (kKeyChar[static_cast<unsigned char>(text[end])] && text[end] != '.')) {
    ++end;
  }
  if (end == at || end >= text.size() || !IsBlank(text[end])) return 0;
  const std::string_view word = text.substr(at, end - at);
  if (std::none_of(std::begin(kSchemes), std::end(kSchemes),
                   [word](std::string_view scheme) { return EqualsIgnoringCase(word, scheme); })) {
    return 0;
  }
  while (end < text.size() && IsBlank(text[end])) ++end;
  // A scheme with nothing after it is the value itself.
  if (end >= text.size() || kTerminator[static_cast<unsigned char>(text[end])]) return 0;
  return end - at;
}

// End of a JSON array or object value at text[at] ('[' or '{'), or of a
// tuple ('('): after its matching bracket, strings skipped; the end of text
// when it never closes (a cut line). A sensitive key's value is masked
// whole, whatever it holds. Parentheses count only in a tuple.
size_t ContainerEnd(std::string_view text, size_t at) {
  const bool tuple = text[at] == '(';
  int depth = 0;
  for (size_t i = at; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      // A string: to its closing quote; inside raw JSON (\"...\") the
      // closing quote is the next one behind a backslash.
      const bool escaped = i > 0 && text[i - 1] == '\\';
      for (++i; i < text.size(); ++i) {
        if (text[i] == '"' && (!escaped || text[i - 1] == '\\')) break;
        if (!escaped && text[i] == '\\') ++i;
      }
    } else if (c == '[' || c == '{' || (tuple && c == '(')) {
      ++depth;
    } else if ((c == ']' || c == '}' || (tuple && c == ')')) && --depth == 0) {
      return i + 1;
    }
  }
  return text.size();
}

// The closing quote `q` of a value whose body starts at `begin`, before the
// closing quote's backslashes when the value is raw JSON's \"..\"
// (`escaped`); n when the text ends first.
size_t QuotedEnd(std::string_view text, size_t begin, char q, bool escaped) {
  const size_t n = text.size();
  size_t end = begin;
  if (escaped) {
    while (end < n && !(text[end] == q && text[end - 1] == '\\')) ++end;
    if (end < n) {
      while (end > begin && text[end - 1] == '\\') --end;  // the closing quote's backslashes
    }
    return end;
  }
  while (end < n && text[end] != q) end += text[end] == '\\' ? 2 : 1;
  return std::min(end, n);
}

// Past the quote that closes a value at text[close] (behind its backslashes
// when the value is raw JSON's \"..\"), a plan's change arrow and the new
// value: "old" -> "new" (Terraform). The new value's closing quote, or npos.
size_t ArrowValueEnd(std::string_view text, size_t close, char q) {
  const size_t n = text.size();
  size_t i = close;
  while (i < n && text[i] == '\\') ++i;
  if (i >= n || text[i] != q) return std::string_view::npos;
  ++i;
  while (i < n && IsBlank(text[i])) ++i;
  if (text.compare(i, 2, "->") != 0) return std::string_view::npos;
  i += 2;
  while (i < n && IsBlank(text[i])) ++i;
  const size_t slashes = i;
  while (i < n && text[i] == '\\') ++i;
  if (i >= n || text[i] != q) return std::string_view::npos;
  const size_t end = QuotedEnd(text, i + 1, q, i > slashes);
  return end < n ? end : std::string_view::npos;
}

// The length of a wrapper around the string at text[j], which stays while
// its string is the value: Python's b'..' and u'..', SQL's N'..' and E'..',
// a call such as Rust's Some("..") or MySQL's PASSWORD('..'), PHP's
// var_dump type and length (string(8) "..", Xdebug's string '..'); 0 if none.
size_t WrapperLength(std::string_view text, size_t j) {
  const size_t n = text.size();
  size_t wrap = 0;
  if (j + 1 < n && std::string_view("bBuUrRNE").find(text[j]) != std::string_view::npos) {
    wrap = 1;
  } else {
    size_t name = j;
    while (name < n && name - j < 24 && (std::isalpha(static_cast<unsigned char>(text[name])) || text[name] == '_')) {
      ++name;
    }
    if (name > j && name < n && text[name] == '(') wrap = name + 1 - j;
    // Xdebug's var_dump: string 'pw' (length=2).
    if (wrap == 0 && text.compare(j, 7, "string ") == 0) wrap = 7;
    if (wrap > 0 && text.compare(j, wrap, "string(") == 0) {
      size_t k = j + wrap;
      while (k < n && IsDigit(text[k])) ++k;
      if (k > j + wrap && k + 1 < n && text[k] == ')' && text[k + 1] == ' ') wrap = k + 2 - j;
    }
  }
  size_t quote = j + wrap;
  while (wrap > 0 && quote < n && text[quote] == '\\') ++quote;
  return wrap > 0 && quote < n && (text[quote] == '"' || text[quote] == '\'') ? wrap : 0;
}

// A word that says how a secret fared, not what it is, as an unquoted
// value: "(using password: YES)" (MySQL), "token: expired", "secret: not
// found". Trailing punctuation is left out.
bool IsDiagnosticWord(std::string_view value) {
  while (!value.empty() && (value.back() == ')' || value.back() == '.' || value.back() == ',')) {
    value.remove_suffix(1);
  }
  static constexpr std::string_view kWords[] = {"yes",   "no",      "none",    "not",     "missing", "expired",
                                                "empty", "invalid", "required", "unset", "undefined"};
  return std::any_of(std::begin(kWords), std::end(kWords),
                     [value](std::string_view word) { return EqualsIgnoringCase(value, word); });
}

// auditd's EXECVE record in text: `argc=3 a0="mysql" a1="-uroot" a2="-ppw"`.
// The argument named a<index> whose "a<index>=" starts in the kExecveReach
// bytes before `before`, at the text's start or after whitespace: its text
// (between its quotes, or up to a blank when auditd hex-encoded it). False
// when there is none. The reach bounds the work a line of many "aN=" costs;
// a password flag comes early in a command line.
constexpr size_t kExecveReach = 2048;
bool ExecveArgument(std::string_view text, size_t before, int index, std::string_view* value) {
  char name[16];
  const int size = std::snprintf(name, sizeof name, "a%d=", index);
  const std::string_view needle(name, static_cast<size_t>(size));
  const size_t from = before > kExecveReach ? before - kExecveReach : 0;
  const std::string_view reach = text.substr(from, before - from);
  size_t at = reach.rfind(needle);
  while (at != std::string_view::npos && from + at > 0 && !IsSpaceByte(text[from + at - 1])) {
    at = at == 0 ? std::string_view::npos : reach.rfind(needle, at - 1);
  }
  if (at == std::string_view::npos) return false;
  const size_t begin = from + at + needle.size();
  if (begin < text.size() && text[begin] == '"') {
    const size_t close = text.find('"', begin + 1);
    if (close == std::string_view::npos) return false;
    *value = text.substr(begin + 1, close - begin - 1);
    return true;
  }
  size_t end = begin;
  while (end < text.size() && !IsSpaceByte(text[end]) && text[end] != '"') ++end;
  *value = text.substr(begin, end - begin);
  return true;
}

// An argument auditd hex-encoded (it held a blank, a quote or a byte
// outside printable ASCII), decoded into *out; false when `value` is not one.
bool DecodeExecveHex(std::string_view value, std::string* out) {
  if (value.size() < 2 || value.size() % 2 != 0) return false;
  out->clear();
  for (size_t i = 0; i < value.size(); i += 2) {
    const int hi = HexDigitValue(value[i]);
    const int lo = HexDigitValue(value[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

// "a2" and the like: an EXECVE argument's name; its index, or -1.
int ExecveIndex(std::string_view key) {
  if (key.size() < 2 || key.size() > 5 || key[0] != 'a') return -1;
  int index = 0;
  for (char c : key.substr(1)) {
    if (!IsDigit(c)) return -1;
    index = index * 10 + (c - '0');
  }
  return index;
}

// A bound parameter's placeholder in an SQL statement's text, as an unquoted
// value: "password = $2" (PostgreSQL), "= ?" (JDBC), "= %s" (Python's DB-API),
// "= :1" (Oracle), "= @p1" (SQL Server). A password is not so short and so
// shaped; "$ecret" still is one.
bool IsSqlPlaceholder(std::string_view value) {
  if (value == "?" || value == "%s") return true;
  size_t digits_from = 0;
  if (value.starts_with('$') || value.starts_with(':')) {
    digits_from = 1;
  } else if (value.starts_with("@p")) {
    digits_from = 2;
  } else {
    return false;
  }
  const std::string_view digits = value.substr(digits_from);
  return !digits.empty() && digits.size() <= 3 && std::all_of(digits.begin(), digits.end(), IsDigit);
}

// text[at - 3 .. at) is the URL escape `escape` ("%22"; hex digits in either
// case); false when that reaches past either end of text.
bool IsEncoded(std::string_view text, size_t at, std::string_view escape) {
  if (at < 3 || at > text.size() || text[at - 3] != '%') return false;
  return (text[at - 2] | 0x20) == (escape[1] | 0x20) && (text[at - 1] | 0x20) == (escape[2] | 0x20);
}

bool IsHexDigit(char c) { return HexDigitValue(c) >= 0; }

// The key right before the separator at text[pos] ('=' or ':'), its
// non-ASCII bytes left out, into key[kMaxKeyBytes]; its size, 0 if none.
// Reads back over blanks, a quote (with the backslashes of raw JSON) or a
// form field's ']'. *start: where the key begins in text.
// PHP marks a property's visibility after its name: var_dump's
// "password":protected] and "password":"User":private], print_r's
// password:protected] and password:App\User:private]; `end` at the ']'.
// Where that mark starts (the ':' after the name), or `end`.
size_t PhpVisibilityStart(std::string_view text, size_t end) {
  size_t i = end;
  if (i >= 10 && text.compare(i - 10, 10, ":protected") == 0) {
    i -= 10;
  } else if (i >= 8 && text.compare(i - 8, 8, ":private") == 0) {
    i -= 8;
    // The class that declares it: :"User":private, :App\User:private.
    if (i > 0 && text[i - 1] == '"') {
      const size_t open = text.rfind('"', i - 2);
      if (open != std::string_view::npos && open > 0 && text[open - 1] == ':' && i - open < 128) i = open - 1;
    } else {
      size_t open = i;
      while (open > 0 && i - open < 128 && (kKeyChar[static_cast<unsigned char>(text[open - 1])] ||
                                            text[open - 1] == '\\')) {
        --open;
      }
      if (open < i && open > 0 && text[open - 1] == ':') i = open - 1;
    }
  } else {
    return end;
  }
  return i > 0 && (text[i - 1] == '"' || kKeyChar[static_cast<unsigned char>(text[i - 1])]) ? i : end;
}

// PHP var_dump's visibility after a property's name at the ':' text[pos]:
// no value follows that ':' ("password":protected]=>).
bool IsPhpVisibilityMark(std::string_view text, size_t pos) {
  constexpr size_t kMaxMark = 130;  // ":" + a quoted class name + ":private"
  size_t close = text.substr(pos, kMaxMark).find(']');
  if (close == std::string_view::npos) return false;
  close += pos;
  if (PhpVisibilityStart(text, close) != pos) return false;
  const size_t arrow = close + 1 < text.size() && text[close + 1] == ' ' ? close + 2 : close + 1;
  return arrow + 1 < text.size() && text[arrow] == '=' && text[arrow + 1] == '>';
}

inline size_t KeyBefore(std::string_view text, size_t pos, char* key, size_t* start = nullptr) {
  size_t i = pos;
  while (i > 0 && IsBlank(text[i - 1])) --i;
  if (i > 0 && (text[i - 1] == '"' || text[i - 1] == '\'')) {
    --i;
    while (i > 0 && text[i - 1] == '\\') --i;
  } else if (IsEncoded(text, i, "%22")) {  // a URL-encoded quote: {%22password%22:%22...%22}
    i -= 3;
  }
  // A form field's name: user[password]=..., "user[password]":, and
  // URL-encoded, user%5Bpassword%5D=.
  if (i > 0 && text[i - 1] == ']') {
    --i;
    // PHP's var_dump: ["password"]=>, ["password":protected]=>,
    // ["password":"User":private]=>.
    i = PhpVisibilityStart(text, i);
    if (i > 0 && (text[i - 1] == '"' || text[i - 1] == '\'')) {
      --i;
      while (i > 0 && text[i - 1] == '\\') --i;
    }
  } else if (IsEncoded(text, i, "%5D")) {
    i -= 3;
  }
  const size_t key_end = i;
  // Non-ASCII bytes inside a key are read past and left out of the match: a
  // malformed line bound for the dead letter may carry invalid UTF-8 in a key
  // ("password\xc3", "pass\xffword"), and its value is still a password.
  while (i > 0 && key_end - i < kMaxKeyBytes) {
    const unsigned char c = static_cast<unsigned char>(text[i - 1]);
    if (!kKeyChar[c] && c < 0x80) break;
    --i;
  }
  // An escape before the name ("%5B" of a form field, "%26" or "%3F" of an
  // encoded query, "%22"): the '%' stopped the read after its two digits.
  if (i > 0 && text[i - 1] == '%' && key_end - i > 2 && IsHexDigit(text[i]) && IsHexDigit(text[i + 1])) i += 2;
  if (start != nullptr) *start = i;
  size_t key_size = 0;
  for (size_t k = i; k < key_end; ++k) {
    if (static_cast<unsigned char>(text[k]) < 0x80) key[key_size++] = text[k];
  }
  return key_size;
}

// The key at text[key_start] follows a '/' that starts a command line's
// argument after the first: after a blank ("/token:x" alone is a path).
bool IsWindowsSwitch(std::string_view text, size_t key_start) {
  return key_start > 1 && text[key_start - 1] == '/' && IsBlank(text[key_start - 2]);
}

// The key at text[key_start] (its '=' at text[pos]) names a query parameter:
// after '?', '&' (or "&amp;"'s ';') or '#' (a fragment), or first in a query
// logged on its own (nginx's $args: "code=x&state=y").
bool IsQueryParameter(std::string_view text, size_t key_start, size_t pos) {
  if (key_start == 0) return text.find('&', pos) != std::string_view::npos;
  const char before = text[key_start - 1];
  return before == '?' || before == '&' || before == ';' || before == '#';
}

// The text is one environment entry: an upper-case NAME (letters, digits,
// '_') from its start to the '=' at text[pos]. "cvv2=123 ok" is not.
bool IsWholeEntry(std::string_view text, size_t pos) {
  if (pos == 0) return false;
  for (size_t i = 0; i < pos; ++i) {
    const char c = text[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// The YAML document around text[pos] (between "---" lines, and within 4 KiB
// either side, so that a text of many "data:" lines stays linear) is a
// Kubernetes Secret (or SecretList): it has a line "kind: Secret..." (JSON
// manifests are walked as records).
bool IsSecretManifest(std::string_view text, size_t pos) {
  constexpr size_t kReach = 4096;
  const size_t from = pos > kReach ? pos - kReach : 0;
  text = text.substr(from, 2 * kReach);
  pos -= from;
  const size_t start = text.rfind("\n---", pos);
  std::string_view doc = text.substr(start == std::string_view::npos ? 0 : start + 4);
  doc = doc.substr(0, doc.find("\n---"));
  for (size_t at = doc.find("kind: Secret"); at != std::string_view::npos; at = doc.find("kind: Secret", at + 1)) {
    if (at == 0 || doc[at - 1] == '\n' || doc[at - 1] == ' ' || doc[at - 1] == '"') return true;
  }
  return false;
}

// The indent of the line of text[pos], a list item's "- " counted as indent.
size_t IndentOfLine(std::string_view text, size_t pos) {
  size_t line = pos;
  while (line > 0 && text[line - 1] != '\n') --line;
  size_t indent = 0;
  while (line + indent < pos && (text[line + indent] == ' ' || text[line + indent] == '-')) ++indent;
  return indent;
}

// The line break that ends the line at text[at] when only blanks lie
// between, or npos.
size_t LineBreakAfter(std::string_view text, size_t at) {
  while (at < text.size() && IsBlank(text[at])) ++at;
  if (at < text.size() && text[at] == '\r') ++at;
  return at < text.size() && text[at] == '\n' ? at : std::string_view::npos;
}

// The YAML lines after the line break at text[k] that are indented deeper
// than the line of the key whose ':' is text[pos] (blank lines included):
// *begin and *end span them, from the first one's text.
bool IndentedLines(std::string_view text, size_t pos, size_t k, size_t* begin, size_t* end) {
  const size_t n = text.size();
  const size_t indent = IndentOfLine(text, pos);
  size_t at = k + 1;
  *begin = *end = at;
  while (at < n) {
    size_t spaces = 0;
    while (at + spaces < n && text[at + spaces] == ' ') ++spaces;
    const size_t eol = std::min(n, text.find('\n', at));
    const bool blank = at + spaces == eol || text[at + spaces] == '\r';
    if (!blank && spaces <= indent) break;
    if (!blank) *end = eol > at && text[eol - 1] == '\r' ? eol - 1 : eol;
    if (*begin == k + 1 && !blank) *begin = at + spaces;
    at = eol + 1;
  }
  return *end > *begin;
}

// A YAML block scalar at text[j] ("|", ">", "|-", ">+2", ... ending its line)
// after the key whose ':' is text[pos]: the lines under it (IndentedLines).
bool YamlBlock(std::string_view text, size_t pos, size_t j, size_t* begin, size_t* end) {
  const size_t n = text.size();
  if (text[j] != '|' && text[j] != '>') return false;
  size_t k = j + 1;
  while (k < n && (text[k] == '-' || text[k] == '+' || IsDigit(text[k]))) ++k;
  k = LineBreakAfter(text, k);
  return k != std::string_view::npos && IndentedLines(text, pos, k, begin, end);
}

// A YAML mapping starts under the key whose ':' is text[pos]: nothing
// follows the ':' on its line, and the next line is indented deeper. *k:
// that line break (for IndentedLines).
bool YamlMappingStarts(std::string_view text, size_t pos, size_t* k) {
  const size_t at = LineBreakAfter(text, pos + 1);
  if (at == std::string_view::npos) return false;
  *k = at;
  size_t spaces = 0;
  while (at + 1 + spaces < text.size() && text[at + 1 + spaces] == ' ') ++spaces;
  return spaces > IndentOfLine(text, pos);
}

// An unquoted value [begin, end) after the separator at text[sep], without
// the closing brackets at its end that close what opened before the key:
// Go's "{User:app Password:pw}" and "map[password:pw]", a toString's
// "User(password=pw)". A bracket the value opened itself stays ("pa(ss)").
size_t StructureEnd(std::string_view text, size_t sep, size_t begin, size_t end) {
  // A struct printed on one line opens within this; the bound keeps a text
  // of many "password=x)" linear.
  constexpr size_t kMaxLookBack = 512;
  size_t before = sep;  // openers are looked for before this
  while (end > begin + 1) {
    const char close = text[end - 1];
    const char open = close == ')' ? '(' : close == ']' ? '[' : close == '}' ? '{' : 0;
    if (open == 0) break;
    const std::string_view value = text.substr(begin, end - 1 - begin);
    if (std::count(value.begin(), value.end(), open) > std::count(value.begin(), value.end(), close)) break;
    // The innermost bracket of that kind left open before `before`.
    size_t at = before;
    int depth = 0;
    const size_t stop = before > kMaxLookBack ? before - kMaxLookBack : 0;
    while (at > stop) {
      const char c = text[--at];
      if (c == close) {
        ++depth;
      } else if (c == open && depth-- == 0) {
        break;
      }
    }
    if (depth >= 0 || text[at] != open) break;
    before = at;
    --end;
  }
  return end;
}

// A PHP dump's nested array or object whose first line starts at
// text[line]: var_dump's "array(1) {" (or "object(Foo)#1 (2) {", Xdebug's
// "class Foo#2 (1) {") closes at a line of its own indent and "}",
// var_export's "array (" at one of ")", print_r's "Array" (or "Foo
// Object") with its "(" on the next line at one of that line's indent and ")".
// Where the block ends (after its closing mark), the text's end if it is
// cut short (the whole rest is the secret's), or npos if `line` starts none.
size_t PhpBlockEnd(std::string_view text, size_t line) {
  const size_t eol = text.find('\n', line);
  if (eol == std::string_view::npos) return std::string_view::npos;
  std::string_view first = text.substr(line, eol - line);
  if (first.ends_with('\r')) first.remove_suffix(1);
  size_t indent_at = eol + 1;  // the line whose indent the close repeats
  char close = '}';
  // var_dump's array and object, Xdebug's "class Foo#2 (1) {", var_export's
  // "array (": closed on a line of their own indent ("&array(1) {" is a
  // reference).
  const bool own_line = ((first.starts_with("array(") || first.starts_with("object(") || first.starts_with("class ")) &&
                         first.ends_with('{')) ||
                        first == "array (";
  if (own_line) {
    if (first == "array (") close = ')';
    indent_at = line;
    if (indent_at > 0 && text[indent_at - 1] == '&') --indent_at;
    while (indent_at > 0 && IsBlank(text[indent_at - 1])) --indent_at;
    if (indent_at > 0 && text[indent_at - 1] != '\n') return std::string_view::npos;
  } else if (first == "Array" || first.ends_with(" Object")) {
    close = ')';
  } else {
    return std::string_view::npos;
  }
  size_t indent = 0;
  while (indent_at + indent < text.size() && IsBlank(text[indent_at + indent])) ++indent;
  if (!own_line && (indent_at + indent >= text.size() || text[indent_at + indent] != '(')) {
    return std::string_view::npos;
  }
  for (size_t at = text.find('\n', indent_at); at != std::string_view::npos; at = text.find('\n', at + 1)) {
    size_t blanks = 0;
    while (at + 1 + blanks < text.size() && IsBlank(text[at + 1 + blanks])) ++blanks;
    if (blanks == indent && at + 1 + blanks < text.size() && text[at + 1 + blanks] == close) return at + 2 + blanks;
  }
  return text.size();
}

// The value after the separator at text[pos], as FindAt takes it; false if
// empty, or if it does not end within `limit` bytes (a pair's half: without
// a bound, text that repeats "name=" would be read to its end at each one).
// to_line_end: an unquoted value runs to the end of its line (or a quote or
// backslash: the end of a string in raw JSON).
bool ValueAfter(std::string_view text, size_t pos, size_t* value_begin, size_t* value_end,
                size_t limit = std::string_view::npos, bool to_line_end = false) {
  const size_t full_size = text.size();
  if (limit != std::string_view::npos) text = text.substr(0, std::min(full_size, pos + 16 + limit));
  const size_t n = text.size();
  const char sep = text[pos];
  size_t j = pos + 1;
  bool arrow = false;
  if (sep == '=' && j < n && text[j] == '>') {  // key => value
    ++j;
    arrow = true;
  }
  if (sep == ':' && j < n && text[j] == '=') ++j;  // key := value
  while (j < n && IsBlank(text[j])) ++j;
  // PHP's var_dump puts the value on the next line, after its type.
  if (arrow && j < n && (text[j] == '\n' || text[j] == '\r')) {
    size_t k = j + (text.compare(j, 2, "\r\n") == 0 ? 2 : 1);
    while (k < n && IsBlank(text[k])) ++k;
    if (k < n && text[k] == '&') ++k;  // a reference
    if (text.compare(k, 7, "string(") == 0 || text.compare(k, 4, "int(") == 0 || text.compare(k, 6, "float(") == 0) {
      j = k;
    } else if (const size_t block_end = PhpBlockEnd(text, k); block_end != std::string_view::npos) {
      // An array under a secret's name: all of it.
      *value_begin = k;
      *value_end = block_end;
      return true;
    }
  }
  if (j >= n) return false;
  // Terraform's mark for a value it does not show.
  if (text.compare(j, 17, "(sensitive value)") == 0 || text.compare(j, 11, "(sensitive)") == 0) return false;
  j += WrapperLength(text, j);
  // \" (JSON in a string), \\\" (JSON in a string in a string), ...: the
  // value's quote behind any run of backslashes.
  bool escaped_quote = false;
  size_t slashes = 0;
  while (j + slashes < n && text[j + slashes] == '\\') ++slashes;
  if (slashes > 0 && j + slashes < n && (text[j + slashes] == '"' || text[j + slashes] == '\'')) {
    escaped_quote = true;
    j += slashes;
  }
  size_t begin;
  size_t end;
  const char q = text[j];
  if (q == '%' && IsEncoded(text, j + 3, "%22")) {
    // A URL-encoded quote: to the next one.
    begin = j + 3;
    end = begin;
    while (end < n && !IsEncoded(text, end + 3, "%22")) ++end;
    if (end >= n) end = n;
  } else if (q == '"' || q == '\'') {
    begin = j + 1;
    begin += SchemeLength(text, begin);
    end = QuotedEnd(text, begin, q, escaped_quote);
    if (end < n) {
      const size_t changed = ArrowValueEnd(text, end, q);
      if (changed != std::string_view::npos) end = changed;
    }
  } else if (q == '[' || q == '{' || q == '(') {
    // Python's auth=('bob', 'pw'), Snowflake's CREDENTIALS=(AWS_KEY_ID='..'
    // AWS_SECRET_KEY='..'): a parenthesised list is masked whole, as a container.
    begin = j;
    // Go's %#v of a slice, []string{"Token x"}: the literal after its type.
    size_t literal = j;
    if (q == '[' && j + 1 < n && text[j + 1] == ']') {
      literal = j + 2;
      while (literal < n && (kKeyChar[static_cast<unsigned char>(text[literal])] || text[literal] == '*')) ++literal;
      if (literal == n || text[literal] != '{') literal = j;
    }
    end = ContainerEnd(text, literal);
    // "(S3c)ret": what follows the parenthesis up to a terminator is the value's too.
    if (q == '(') {
      while (end < n && !kTerminator[static_cast<unsigned char>(text[end])]) ++end;
      end = StructureEnd(text, pos, begin, end);
    }
  } else if (sep == ':' && YamlBlock(text, pos, j, &begin, &end)) {
    // "password: |" and the lines indented under it.
  } else {
    begin = j + SchemeLength(text, j);
    end = begin;
    if (to_line_end) {
      // A quote ends it too: the header was quoted whole ('Authorization: x y').
      while (end < n && text[end] != '\n' && text[end] != '\r' && text[end] != '"' && text[end] != '\'' &&
             text[end] != '\\') {
        ++end;
      }
      while (end > begin && IsBlank(text[end - 1])) --end;
    }
    while (end < n && !kTerminator[static_cast<unsigned char>(text[end])]) ++end;
    // A string that is one KEY=VALUE (an environment entry, "DB_PASSWORD=a&b c")
    // holds the value to its end.
    if (sep == '=' && text.find('=', end) == std::string_view::npos && IsWholeEntry(text, pos)) {
      end = n;
    } else if (!to_line_end) {
      end = StructureEnd(text, pos, begin, end);
    }
  }
  if (end <= begin || (n < full_size && end >= n)) return false;
  *value_begin = begin;
  *value_end = end;
  return true;
}

// The separator of the next member of `role` after text[from], within the
// same object (a '}' or ']' that closes it ends the search) and kPairReach
// bytes; npos if a member of the other role comes first.
size_t NextPairMember(std::string_view text, size_t from, PairRole role) {
  const size_t limit = std::min(text.size(), from + kPairReach);
  int depth = 0;
  char key[kMaxKeyBytes];
  for (size_t i = from; i < limit; ++i) {
    const char c = text[i];
    if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth < 0) {
      return std::string_view::npos;
    } else if ((c == ':' || c == '=') && depth == 0) {
      const size_t size = KeyBefore(text, i, key);
      if (size == 0) continue;
      const PairRole found = KeyMatcher::PairRoleOf(std::string_view(key, size));
      if (found == role) return i;
      if (found != PairRole::kNone) return std::string_view::npos;
    }
  }
  return std::string_view::npos;
}

// The start tag that ends at text[pos] ('>'): its name ("password",
// "Password" of "<wsse:Password Type=\"..\">") and its whole tag name, with
// the namespace prefix ("wsse:Password"), which the end tag repeats. Attributes
// may follow the name. Empty when the '>' ends no start tag ("a -> b",
// "</x>", "<br/>").
struct StartTag {
  std::string_view name;
  std::string_view tag;
  std::string_view attributes;  // after the name, up to the '>'
};
StartTag StartTagBefore(std::string_view text, size_t pos) {
  constexpr size_t kMaxTagBytes = 512;
  size_t open = pos;
  while (open > 0 && pos - open < kMaxTagBytes && text[open - 1] != '<' && text[open - 1] != '>') --open;
  if (open == 0 || text[open - 1] != '<') return {};
  size_t tag_end = open;
  while (tag_end < pos && (kKeyChar[static_cast<unsigned char>(text[tag_end])] || text[tag_end] == ':')) ++tag_end;
  if (tag_end == open || tag_end - open > kMaxKeyBytes) return {};
  // After the name: the '>' itself, or a blank and attributes.
  if (tag_end != pos && text[tag_end] != ' ' && text[tag_end] != '\t') return {};
  if (text[pos - 1] == '/') return {};  // an empty element
  const std::string_view tag = text.substr(open, tag_end - open);
  const size_t colon = tag.rfind(':');
  const std::string_view name = colon == std::string_view::npos ? tag : tag.substr(colon + 1);
  if (name.empty()) return {};
  return {name, tag, text.substr(tag_end, pos - tag_end)};
}

// The value of a name="..." or key="..." attribute (Java's
// <entry key="password">, Hibernate's <property name="password">); empty
// when there is none.
std::string_view NamingAttribute(std::string_view attributes) {
  for (std::string_view attribute : {"key=", "name="}) {
    for (size_t at = attributes.find(attribute); at != std::string_view::npos;
         at = attributes.find(attribute, at + 1)) {
      if (at == 0 || !IsBlank(attributes[at - 1])) continue;
      size_t open = at + attribute.size();
      if (open < attributes.size() && attributes[open] == '\\') ++open;  // inside a JSON string: \"
      if (open >= attributes.size() || (attributes[open] != '"' && attributes[open] != '\'')) continue;
      const size_t close = attributes.find_first_of("\"'\\", open + 1);
      if (close == std::string_view::npos) continue;
      return attributes.substr(open + 1, close - open - 1);
    }
  }
  return {};
}

}  // namespace

KeyValueFinder::Found KeyValueFinder::ElementAt(std::string_view text, size_t pos, ValueMatch* match) const {
  const StartTag start = StartTagBefore(text, pos);
  if (start.name.empty()) return Found::kNothing;
  int rule = keys_->Match(start.name);
  if (rule < 0) {
    const std::string_view named = NamingAttribute(start.attributes);
    if (named.empty() || (rule = keys_->Match(named)) < 0) return Found::kNothing;
  }
  // The element's text (or its CDATA section's), up to its end tag: a start
  // tag alone is a generic type or a placeholder ("Mono<Token>", "vault
  // login <token>").
  size_t begin = pos + 1;
  size_t end = begin;
  size_t close = end;  // the end tag's '<'
  if (text.compare(begin, 9, "<![CDATA[") == 0) {
    begin += 9;
    end = text.find("]]>", begin);
    if (end == std::string_view::npos) return Found::kNothing;
    close = end + 3;
  } else {
    while (end < text.size() && text[end] != '<') ++end;
    close = end;
  }
  if (end == begin || close + 2 >= text.size() || text[close] != '<' || text[close + 1] != '/') {
    return Found::kNothing;
  }
  if (text.compare(close + 2, start.tag.size(), start.tag) != 0 || close + 2 + start.tag.size() >= text.size() ||
      text[close + 2 + start.tag.size()] != '>') {
    return Found::kNothing;
  }
  *match = {static_cast<uint32_t>(begin), static_cast<uint32_t>(end), static_cast<uint16_t>(rule)};
  return Found::kValue;
}

KeyValueFinder::Found KeyValueFinder::EncodedAt(std::string_view text, size_t pos, ValueMatch* match) const {
  const size_t n = text.size();
  if (!IsEncoded(text, pos + 3, "%3D")) return Found::kNothing;
  char key[kMaxKeyBytes];
  size_t key_start = 0;
  const size_t key_size = KeyBefore(text, pos, key, &key_start);
  if (key_size == 0) return Found::kNothing;
  const std::string_view key_text(key, key_size);
  int rule = keys_->Match(key_text);
  if (rule < 0 && (IsEncoded(text, key_start, "%26") || IsEncoded(text, key_start, "%3F"))) {
    rule = query_keys_->Match(key_text);
  }
  if (rule < 0) return Found::kNothing;
  // The value, up to the next encoded '&' or a plain terminator.
  const size_t begin = pos + 3;
  size_t end = begin;
  while (end < n && !kTerminator[static_cast<unsigned char>(text[end])] && !IsEncoded(text, end + 3, "%26")) ++end;
  if (end == begin) return Found::kNothing;
  *match = {static_cast<uint32_t>(begin), static_cast<uint32_t>(end), static_cast<uint16_t>(rule)};
  return Found::kValue;
}

KeyValueFinder::Found KeyValueFinder::SensitiveValueAt(std::string_view text, size_t pos, size_t key_start, int rule,
                                                       ValueMatch* match) const {
  const char sep = text[pos];
  size_t begin = 0, end = 0;
  // A header ("Cookie: a=1; b=2"), not logfmt ("cookie=abc user=bob"); PHP
  // print_r's "[password] => a b c" holds its line.
  const bool print_r = sep == '=' && pos + 1 < text.size() && text[pos + 1] == '>' && key_start > 0 &&
                       text[key_start - 1] == '[';
  const bool to_line_end = (sep == ':' && (*rules_)[static_cast<size_t>(rule)].value_to_line_end) || print_r;
  if (!ValueAfter(text, pos, &begin, &end, std::string_view::npos, to_line_end)) return Found::kNothing;
  if (print_r) {
    // "[password] => Array\n(\n [0] => pw\n)": all of the array.
    if (const size_t block_end = PhpBlockEnd(text, begin); block_end != std::string_view::npos) end = block_end;
  }
  // "has_password=true", "token: null": a literal holds no secret, as in a member.
  const std::string_view value = text.substr(begin, end - begin);
  if (value == "true" || value == "false" || value == "null") return Found::kNothing;
  if (begin > 0 && text[begin - 1] != '"' && text[begin - 1] != '\'' &&
      (IsDiagnosticWord(value) || IsSqlPlaceholder(value))) {
    return Found::kNothing;
  }
  // The shell's PWD=/home/bob (sudo's log line, an environment dump) is the
  // working directory, not a password.
  if (value.starts_with('/') && text.substr(key_start, pos - key_start).ends_with("PWD")) return Found::kNothing;
  *match = {static_cast<uint32_t>(begin), static_cast<uint32_t>(end), static_cast<uint16_t>(rule)};
  return Found::kValue;
}

KeyValueFinder::Found KeyValueFinder::ColumnsAt(std::string_view text, size_t pos, ValueMatch* match) const {
  // The columns: back from the ')' to its '(' (names hold no parentheses).
  constexpr size_t kMaxColumns = 256;
  const size_t close = pos - 1;
  size_t open = close;
  while (open > 0 && close - open < kMaxColumns && text[open - 1] != '(' && text[open - 1] != ')') --open;
  if (open == 0 || text[open - 1] != '(') return Found::kNothing;
  int rule = -1;
  for (size_t at = open; at < close && rule < 0;) {
    size_t end = std::min(text.find(',', at), close);
    std::string_view column = text.substr(at, end - at);
    while (!column.empty() && IsBlank(column.front())) column.remove_prefix(1);
    while (!column.empty() && IsBlank(column.back())) column.remove_suffix(1);
    if (column.size() >= 2 && column.front() == '"' && column.back() == '"') column = column.substr(1, column.size() - 2);
    if (!column.empty() && column.size() <= kMaxKeyBytes) rule = keys_->Match(column);
    at = end + 1;
  }
  if (rule < 0) return Found::kNothing;
  // The values: to the ')' that ends the text, its line or a word (values
  // are printed as they are, and may hold a ')').
  const size_t begin = pos + 2;
  size_t end = std::string_view::npos;
  for (size_t k = begin; k < text.size() && text[k] != '\n' && text[k] != '\r'; ++k) {
    if (text[k] != ')') continue;
    end = k;
    if (k + 1 == text.size() || IsBlank(text[k + 1]) || text[k + 1] == '.' || text[k + 1] == ',' ||
        text[k + 1] == ';' || text[k + 1] == '"' || text[k + 1] == '\\') {
      break;
    }
  }
  if (end == std::string_view::npos) end = text.find_first_of("\r\n", begin);
  if (end == std::string_view::npos) end = text.size();
  if (end <= begin) return Found::kNothing;
  *match = {static_cast<uint32_t>(begin), static_cast<uint32_t>(end), static_cast<uint16_t>(rule)};
  return Found::kValue;
}

void KeyValueFinder::CommandLinePasswords(std::string_view line,
                                          const std::function<void(const ValueMatch&)>& found) const {
  auto add = [&](size_t b, size_t e, int rule) {
    found({static_cast<uint32_t>(b), static_cast<uint32_t>(e), static_cast<uint16_t>(rule)});
  };
  if (const int rule = keys_->Match("password"); rule >= 0) {
    ForEachCommandLinePassword(line, [&](size_t b, size_t e) { add(b, e, rule); });
    ForEachPipedPassword(line, [&](size_t b, size_t e) { add(b, e, rule); });
  }
  ForEachSecretFlagValue(line, [this](std::string_view flag) { return keys_->Match(flag); },
                         [&](size_t b, size_t e, int rule) {
                           // A key rule with a check: "--auth -f x" is no credential.
                           if (MatchValidator::Accepts((*rules_)[static_cast<size_t>(rule)].validate,
                                                       line.substr(b, e - b))) {
                             add(b, e, rule);
                           }
                         });
}

KeyValueFinder::Found KeyValueFinder::CommandLineAt(std::string_view text, size_t pos, ValueMatch* match,
                                                    std::vector<ValueMatch>* more, size_t* command_end) const {
  if (command_end != nullptr && pos < *command_end) return Found::kNothing;
  size_t begin = 0, end = 0;
  if (!ValueAfter(text, pos, &begin, &end, std::string_view::npos, /*to_line_end=*/true)) return Found::kNothing;
  if (command_end != nullptr) *command_end = end;
  bool found = false;
  CommandLinePasswords(text.substr(begin, end - begin), [&](const ValueMatch& m) {
    const ValueMatch shifted{static_cast<uint32_t>(begin + m.begin), static_cast<uint32_t>(begin + m.end), m.rule};
    if (!found) {
      *match = shifted;
      found = true;
    } else if (more != nullptr) {
      more->push_back(shifted);
    }
  });
  return found ? Found::kPairValue : Found::kNothing;
}

KeyValueFinder::Found KeyValueFinder::FindAt(std::string_view text, size_t pos, ValueMatch* match,
                                             std::vector<ValueMatch>* more, size_t* command_end) const {
  const size_t first_more = more != nullptr ? more->size() : 0;
  const Found found = FindUncheckedAt(text, pos, match, more, command_end);
  if (found == Found::kNothing) return found;
  if (MatchValidator::Accepts((*rules_)[match->rule].validate, text.substr(match->begin, match->end - match->begin))) {
    return found;
  }
  if (more != nullptr) more->resize(first_more);
  return Found::kNothing;
}

KeyValueFinder::Found KeyValueFinder::FindUncheckedAt(std::string_view text, size_t pos, ValueMatch* match,
                                                      std::vector<ValueMatch>* more, size_t* command_end) const {
  const size_t n = text.size();
  const char sep = text[pos];
  // "10:30", "a=1:2": a number before and a digit after is a time or a
  // ratio ("cvv2=123" is not: its key has letters).
  if (pos > 0 && pos + 1 < n && IsDigit(text[pos - 1]) && IsDigit(text[pos + 1])) {
    size_t k = pos - 1;
    while (k > 0 && IsDigit(text[k - 1])) --k;
    if (k == 0 || !kKeyChar[static_cast<unsigned char>(text[k - 1])]) return Found::kNothing;
  }
  if (sep == '>') return ElementAt(text, pos, match);
  if (sep == '=' && pos > 0 && text[pos - 1] == ')' && pos + 1 < n && text[pos + 1] == '(') {
    return ColumnsAt(text, pos, match);
  }
  if (sep == '%') return EncodedAt(text, pos, match);
  if (sep == ':' && pos + 2 < n && text[pos + 1] == '/' && text[pos + 2] == '/') return Found::kNothing;
  if (sep == ':' && IsPhpVisibilityMark(text, pos)) return Found::kNothing;
  // Comparisons in code: "password == x", "token != nil", "a <= b".
  if (sep == '=' && ((pos + 1 < n && text[pos + 1] == '=') ||
                     (pos > 0 && (text[pos - 1] == '=' || text[pos - 1] == '!' || text[pos - 1] == '<' ||
                                  text[pos - 1] == '>')))) {
    return Found::kNothing;
  }
  char key[kMaxKeyBytes];
  size_t key_start = 0;
  const size_t key_size = KeyBefore(text, pos, key, &key_start);
  if (key_size == 0) return Found::kNothing;
  // A key right after ':' or '/' with no blank after its ':' is a segment of
  // a path: an ARN's "...:secret:prod/db", "system:serviceaccount:ns:token",
  // a URL's user ("https://x-access-token:PW@host", which url_password
  // masks), not KEY: VALUE as in "INFO:root:password: x".
  // A Windows switch is no segment: "/" as an argument's first byte
  // (cmdkey /pass:PW, sqlpackage /TargetPassword:PW).
  if (sep == ':' && key_start > 0 && (text[key_start - 1] == ':' || text[key_start - 1] == '/') &&
      (pos + 1 >= n || !IsBlank(text[pos + 1])) && !IsWindowsSwitch(text, key_start)) {
    return Found::kNothing;
  }
  const std::string_view key_text(key, key_size);
  int rule = keys_->Match(key_text);
  if (rule >= 0 && (*rules_)[static_cast<size_t>(rule)].validate != Validator::kNone) [[unlikely]] {
    // A key rule with a check takes only a value that passes ("_auth=" base64
    // of user:password); else the key is as one no rule names.
    if (SensitiveValueAt(text, pos, key_start, rule, match) == Found::kValue &&
        MatchValidator::Accepts((*rules_)[static_cast<size_t>(rule)].validate,
                                text.substr(match->begin, match->end - match->begin))) {
      return Found::kValue;
    }
    rule = -1;
  }
  if (rule < 0 && sep == '=' && IsQueryParameter(text, key_start, pos)) {
    rule = query_keys_->Match(key_text);  // "?code=...&state=..."
  }
  if (rule < 0 && sep == '=') {
    const int index = ExecveIndex(key_text);
    if (index > 0) return ExecveArgumentAt(text, pos, key_start, index, match);
  }
  // (The last byte first: most keys end as no command key does; a number
  // after the key, "cmd2", is read past as MatchKey reads it.)
  if (rule < 0 && command_keys_ != nullptr &&
      (command_keys_->term_last_bytes().test(static_cast<unsigned char>(key_text.back())) ||
       IsDigit(key_text.back())) &&
      command_keys_->Match(key_text) == 0) {
    return CommandLineAt(text, pos, match, more, command_end);
  }
  if (rule >= 0) return SensitiveValueAt(text, pos, key_start, rule, match);
  size_t begin = 0, end = 0;
  // A Kubernetes Secret as YAML (kubectl get -o yaml, a Helm manifest): what
  // its data and stringData hold goes, keys with it, by the rule for
  // "secret".
  size_t line_break = 0;
  // (Cheapest test first: a text of many nested "data:" lines stays linear.)
  if (sep == ':' && KeyMatcher::MemberPairRoleOf(key_text) == PairRole::kData &&
      YamlMappingStarts(text, pos, &line_break) && IsSecretManifest(text, pos) &&
      IndentedLines(text, pos, line_break, &begin, &end)) {
    const int secret_rule = keys_->Match("secret");
    if (secret_rule < 0) return Found::kNothing;
    *match = {static_cast<uint32_t>(begin), static_cast<uint32_t>(end), static_cast<uint16_t>(secret_rule)};
    return Found::kValue;
  }
  const PairRole role = KeyMatcher::PairRoleOf(key_text);
  // A name longer than any key term cannot be sensitive; a value before its
  // name must leave the name within reach.
  const size_t limit = role == PairRole::kName ? KeyMatcher::kMaxTermLength * 2 : kPairReach;
  if (role == PairRole::kNone || !ValueAfter(text, pos, &begin, &end, limit)) return Found::kNothing;
  // The other half follows this one; a name is checked before it is looked for.
  int name_rule = -1;
  if (role == PairRole::kName) {
    name_rule = keys_->Match(text.substr(begin, end - begin));
    if (name_rule < 0) return Found::kNothing;
    const size_t value_sep = NextPairMember(text, end, PairRole::kValue);
    if (value_sep == std::string_view::npos || !ValueAfter(text, value_sep, &begin, &end)) return Found::kNothing;
  } else {
    const size_t name_sep = NextPairMember(text, end, PairRole::kName);
    size_t name_begin = 0, name_end = 0;
    if (name_sep == std::string_view::npos ||
        !ValueAfter(text, name_sep, &name_begin, &name_end, KeyMatcher::kMaxTermLength * 2)) {
      return Found::kNothing;
    }
    name_rule = keys_->Match(text.substr(name_begin, name_end - name_begin));
    if (name_rule < 0) return Found::kNothing;
  }
  *match = {static_cast<uint32_t>(begin), static_cast<uint32_t>(end), static_cast<uint16_t>(name_rule)};
  return Found::kPairValue;
}

std::bitset<256> KeyValueFinder::KeyEndBytes() const {
  std::bitset<256> bytes = keys_->term_last_bytes() | query_keys_->term_last_bytes();
  if (bytes.none()) return bytes;  // no key rules: FindAt finds nothing after any byte
  if (command_keys_ != nullptr) bytes |= command_keys_->term_last_bytes();
  // Digits: a numbered key ("password1=") matches as its word.
  for (unsigned char c : std::string_view(" \t\"'_-.]0123456789")) bytes.set(c);
  bytes.set(')');  // PostgreSQL's "Key (col)=(value)"
  bytes.set('a');  // a Secret's data and stringData as YAML
  bytes.set('A');
  // Pair keys: name, key, field, header, value, values, vStr.
  for (unsigned char c : std::string_view("eydrsEYDRS")) bytes.set(c);
  for (int c = 0x80; c < 256; ++c) bytes.set(static_cast<size_t>(c));
  return bytes;
}

KeyValueFinder::Found KeyValueFinder::ExecveArgumentAt(std::string_view text, size_t pos, size_t key_start,
                                                       int index, ValueMatch* match) const {
  std::string_view value;
  if (!ExecveArgument(text, pos + 1, index, &value) || value.empty()) return Found::kNothing;
  const size_t begin = static_cast<size_t>(value.data() - text.data());
  const size_t end = begin + value.size();
  // An argument as the program read it: hex-encoded ones decoded.
  auto decode = [&](std::string_view argument, std::string* scratch) {
    const bool quoted = argument.data() > text.data() && argument.data()[-1] == '"';
    return !quoted && DecodeExecveHex(argument, scratch) ? std::string_view(*scratch) : argument;
  };
  std::string decoded, scratch;
  const std::string_view argument = decode(value, &decoded);
  const bool hex = argument.data() == decoded.data();
  // Its program's arguments read from a0, as an argument array's
  // (CommandArguments: "sudo" "redis-cli" "-a" "pw"), for the first
  // kMaxExecveRead arguments: each read costs a look-up of its own.
  constexpr int kMaxExecveRead = 32;
  if (index <= kMaxExecveRead) {
    CommandArguments arguments;
    CommandArguments::Word kind = CommandArguments::Word::kArgument;
    CommandArguments::Word before = kind;  // the kind of a<index - 1>
    // The reader keeps views of the words: the decoded ones stay here.
    std::vector<std::string> decoded_words(static_cast<size_t>(index));
    for (int i = 0; i <= index; ++i) {
      std::string_view word;
      if (i == index) {
        word = argument;
      } else if (ExecveArgument(text, key_start, i, &word)) {
        word = decode(word, &decoded_words[static_cast<size_t>(i)]);
      } else {
        break;
      }
      before = kind;
      kind = arguments.Read(word);
    }
    // bash -c "mysql -ppw": the command line after a shell's -c, which
    // auditd hex-encodes (it holds blanks), goes whole when it holds a password.
    if (before == CommandArguments::Word::kCommandLineNext && index > 0) {
      bool holds = false;
      CommandLinePasswords(argument, [&](const ValueMatch&) { holds = true; });
      const int rule = keys_->Match("password");
      if (holds && rule >= 0) {
        *match = {static_cast<uint32_t>(begin), static_cast<uint32_t>(end), static_cast<uint16_t>(rule)};
        return Found::kValue;
      }
    }
    if (kind == CommandArguments::Word::kPassword || kind == CommandArguments::Word::kGluedPassword) {
      const int rule = keys_->Match("password");
      if (rule < 0) return Found::kNothing;
      // "-ppw": the password after the flag; hex-encoded, the whole argument.
      const size_t skip = hex ? 0 : arguments.password_offset();
      const size_t stop = hex ? end : begin + arguments.password_end(end - begin);
      *match = {static_cast<uint32_t>(begin + skip), static_cast<uint32_t>(stop), static_cast<uint16_t>(rule)};
      return Found::kValue;
    }
  }
  // The value after a flag the key rules name ("--db-password", "-storepass"),
  // not a long flag itself ("--password -h db").
  std::string_view previous;
  if (argument.starts_with("--") || !ExecveArgument(text, key_start, index - 1, &previous)) return Found::kNothing;
  previous = decode(previous, &scratch);
  if (previous.size() < 3 || previous[0] != '-' || !TakesNextArgument(previous)) return Found::kNothing;
  const int rule = keys_->Match(previous);
  if (rule < 0) return Found::kNothing;
  *match = {static_cast<uint32_t>(begin), static_cast<uint32_t>(end), static_cast<uint16_t>(rule)};
  return Found::kValue;
}

}  // namespace sluice
