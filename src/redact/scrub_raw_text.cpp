// RedactionRules::ScrubRawText: scrubs a malformed line bound for the dead
// letter (the contract is in redaction_rules.h).
//
// Why a file of its own: a broken line cannot be walked, so it is scrubbed
// by a different method from records: the raw text is scanned, then its JSON-
// decoded forms with spans mapped back to raw bytes, journald byte arrays are
// decoded and scanned, and the tail a cut may have broken is masked. Forms
// that records give away only by their structure are looked for by it:
// argument lists (long flags, a program's short ones, a shell's -c), shell
// traces, flat header
// lists and [name, value] tuples, Kubernetes Secrets and SecretLists, Secret patches in audit events
// and admission reviews, a pair or an XML element that the cut left without
// its name or end tag. nginx's \x22
// escapes are decoded as a level of their own.
// Tests: tests/redact/redaction_rules_test.cpp (ScrubRawText cases), and the
// dead-letter parts of tests/cli/redaction_leak_test.cpp.
#include <algorithm>
#include <string>
#include <vector>

#include "core/json_text.h"
#include "parse/json_tokens.h"
#include "parse/record_walker.h"
#include "redact/key_matcher.h"
#include "redact/program_flags.h"
#include "redact/program_member.h"
#include "redact/redaction_rules.h"
#include "redact/word_bytes.h"

namespace sluice {
namespace {

using word_bytes::IsDigit;
using word_bytes::IsWordByte;

// Whether `raw` ends inside a JSON string (an odd number of unescaped quotes).
bool EndsInString(std::string_view raw) {
  bool in_string = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\') {
      ++i;
    } else if (raw[i] == '"') {
      in_string = !in_string;
    }
  }
  return in_string;
}

// Where the tail to mask begins in a line cut short, or one that ends inside
// a string: the cut may have taken the context a pattern needs (an
// `amqp://user:pass` without its @host, half a JWT). The tail is the last
// word, and the digit groups before a last word of digits ("4111 1111
// 1111 11": a card cut inside), with the half escape the cut may have left
// after it.
size_t TailToMask(std::string_view raw, bool cut_short) {
  if (!cut_short && !EndsInString(raw)) return raw.size();
  constexpr std::string_view kWordEnds = " \t\r\n\"'\\,;&=?<>()[]{}";
  size_t begin = raw.size();
  while (begin > 0 && raw[begin - 1] == '\\') --begin;  // an escape the cut split: "pw\ of "pw\"
  bool digits = true;
  while (begin > 0 && kWordEnds.find(raw[begin - 1]) == std::string_view::npos) {
    digits = digits && (IsDigit(raw[begin - 1]) || raw[begin - 1] == '-');
    --begin;
  }
  while (digits && begin >= 2 && raw[begin - 1] == ' ' && IsDigit(raw[begin - 2])) {
    --begin;
    while (begin > 0 && (IsDigit(raw[begin - 1]) || raw[begin - 1] == '-')) --begin;
  }
  return begin;
}

// journald writes a field that is not valid UTF-8 as the array of its bytes
// ("MESSAGE":[112,119,100,61,...]); a secret there is text only once decoded.
struct ByteArray {
  size_t begin;  // the '['
  size_t end;    // after the ']', or the end of a cut line
  std::string bytes;
};

// The arrays of at least four numbers 0-255 in `raw`, decoded.
std::vector<ByteArray> FindByteArrays(std::string_view raw) {
  constexpr size_t kMinBytes = 4;
  std::vector<ByteArray> arrays;
  for (size_t open = raw.find('['); open != std::string_view::npos; open = raw.find('[', open + 1)) {
    ByteArray array{open, raw.size(), {}};
    size_t i = open + 1;
    bool valid = true;
    while (valid) {
      while (i < raw.size() && raw[i] == ' ') ++i;
      if (i == raw.size() || raw[i] == ']') break;
      if (!IsDigit(raw[i])) {
        valid = false;
        break;
      }
      unsigned value = 0;
      size_t digits = 0;
      for (; i < raw.size() && IsDigit(raw[i]) && digits < 4; ++i, ++digits) {
        value = value * 10 + static_cast<unsigned>(raw[i] - '0');
      }
      if (value > 255) valid = false;
      array.bytes.push_back(static_cast<char>(value));
      while (i < raw.size() && raw[i] == ' ') ++i;
      if (i < raw.size() && raw[i] == ',') ++i;
      else if (i < raw.size() && raw[i] != ']') valid = false;
    }
    if (!valid || array.bytes.size() < kMinBytes) continue;
    if (i < raw.size()) array.end = i + 1;
    open = array.end - 1;
    arrays.push_back(std::move(array));
  }
  return arrays;
}


// The closing quote of the string opening at `open`, or npos (cut short).
size_t StringEnd(std::string_view text, size_t open) {
  const char* close = FindStringEnd(text.data() + open + 1, text.data() + text.size());
  return close ? static_cast<size_t>(close - text.data()) : std::string_view::npos;
}

// In an argument list, the string or number after a flag named like a
// secret (["--db-password","x"]; see RecordWalker's argument lists).
void FindFlagValues(std::string_view text, const RedactionRules& rules, std::vector<ValueMatch>* matches) {
  for (size_t open = text.find("\"-"); open != std::string_view::npos; open = text.find("\"-", open + 1)) {
    const size_t close = StringEnd(text, open);
    if (close == std::string_view::npos) return;
    const std::string_view flag = text.substr(open + 1, close - open - 1);
    size_t at = SkipJsonSpace(text, close + 1);
    if (flag.size() < 2 || at >= text.size() || text[at] != ',') continue;
    at = SkipJsonSpace(text, at + 1);
    if (at >= text.size()) continue;
    size_t begin = at, end = at;
    if (text[at] == '"') {
      begin = at + 1;
      end = std::min(StringEnd(text, at), text.size());  // cut short: to the end
      if (text.substr(begin, 2) == "--") continue;      // the next flag
    } else {
      while (end < text.size() && IsDigit(text[end])) ++end;
    }
    if (end == begin || !TakesNextArgument(flag)) continue;
    const int rule = rules.MatchKey(flag);
    if (rule == RedactionRules::kNoRule) continue;
    matches->push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(end), static_cast<uint16_t>(rule)});
  }
}

// The string opening at text[at] (after blanks), and where it ends (after
// its closing quote); false when there is none or the cut took its end.
bool StringAt(std::string_view text, size_t at, std::string_view* body, size_t* after) {
  at = SkipJsonSpace(text, at);
  if (at >= text.size() || text[at] != '"') return false;
  const size_t close = StringEnd(text, at);
  if (close == std::string_view::npos) return false;
  *body = text.substr(at + 1, close - at - 1);
  *after = close + 1;
  return true;
}

// The start of the member value after a key ending at `key_end` (blanks,
// ':', blanks), or npos.
size_t MemberValueAt(std::string_view text, size_t key_end) {
  const size_t colon = SkipJsonSpace(text, key_end);
  if (colon >= text.size() || text[colon] != ':') return std::string_view::npos;
  const size_t value = SkipJsonSpace(text, colon + 1);
  return value < text.size() ? value : std::string_view::npos;
}

// The opening quote of the string after `at` and a comma (the next element
// of a list), or npos.
size_t NextStringAt(std::string_view text, size_t at) {
  at = SkipJsonSpace(text, at);
  if (at >= text.size() || text[at] != ',') return std::string_view::npos;
  at = SkipJsonSpace(text, at + 1);
  return at < text.size() && text[at] == '"' ? at : std::string_view::npos;
}

// Masks the body of the string opening at `open` with `rule`, to the text's
// end when the cut took its closing quote; returns that quote, or npos.
size_t AddStringBody(std::string_view text, size_t open, int rule, std::vector<ValueMatch>* matches) {
  const size_t close = StringEnd(text, open);
  matches->push_back({static_cast<uint32_t>(open + 1),
                      static_cast<uint32_t>(close == std::string_view::npos ? text.size() : close),
                      static_cast<uint16_t>(rule)});
  return close;
}

// The passwords of a command line held in a string (its body from `open`'s
// next byte to its closing quote, or the text's end when the cut took it).
void AddCommandLine(std::string_view text, size_t open, const RedactionRules& rules,
                    std::vector<ValueMatch>* matches) {
  const size_t close = StringEnd(text, open);
  const size_t begin = open + 1;
  const std::string_view body = text.substr(begin, (close == std::string_view::npos ? text.size() : close) - begin);
  std::vector<ValueMatch> found;
  rules.ScanValue(body, &found, /*command_line=*/true);
  for (const ValueMatch& m : found) {
    matches->push_back({static_cast<uint32_t>(begin + m.begin), static_cast<uint32_t>(begin + m.end), m.rule});
  }
}

// A shell's trace ("+ mysql -ppw") in any string: a command line, as
// records read it whatever its key (RecordRedactor::IsCommandLine).
void FindShellTraces(std::string_view text, const RedactionRules& rules, std::vector<ValueMatch>* matches) {
  for (size_t open = text.find("\"+"); open != std::string_view::npos; open = text.find("\"+", open + 1)) {
    const size_t close = StringEnd(text, open);
    const size_t end = close == std::string_view::npos ? text.size() : close;
    if (IsShellTrace(text.substr(open + 1, end - open - 1))) AddCommandLine(text, open, rules, matches);
  }
}

// The member key a list at text[list] is the value of ("args" for
// "args":[..), or empty.
std::string_view ListKey(std::string_view text, size_t list) {
  size_t at = list;
  while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t')) --at;
  if (at == 0 || text[at - 1] != ':') return {};
  --at;
  while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t')) --at;
  if (at < 2 || text[at - 1] != '"') return {};
  constexpr size_t kMaxKeyBytes = 16;  // only short keys are asked about
  const size_t close = at - 1;
  size_t open = close;
  while (open > 0 && close - open <= kMaxKeyBytes && text[open - 1] != '"') --open;
  if (open == 0 || close - open > kMaxKeyBytes) return {};
  return text.substr(open, close - open);
}

// In an argument list of strings, read as a record's (CommandArguments):
// the password a program's flag or place gives (["redis-cli","-a","x"],
// ["sudo","mysql","-ppw"], the rest of mysql's "-ppw"), and the command line
// after a shell's -c. A string the cut took goes to the text's end.
void FindArgumentListPasswords(std::string_view text, const RedactionRules& rules, std::vector<ValueMatch>* matches) {
  int rule = RedactionRules::kNoRule - 1;  // looked up on the first password
  size_t read_to = 0;  // a '[' before this is inside a string of a list read already
  // A program apart from its arguments: Docker's Path, a container's command.
  ProgramMemberFinder program_members(text);
  for (size_t list = text.find('['); list != std::string_view::npos; list = text.find('[', list + 1)) {
    size_t at = SkipJsonSpace(text, list + 1);
    if (list < read_to || at >= text.size() || text[at] != '"') continue;
    CommandArguments arguments = program_members.ReaderFor(list, ListKey(text, list));
    bool command_line_next = false;
    for (int index = 0; index < kMaxCommandArguments && at != std::string_view::npos; ++index) {
      const size_t close = StringEnd(text, at);
      const size_t end = close == std::string_view::npos ? text.size() : close;
      const std::string_view word = text.substr(at + 1, end - at - 1);
      if (command_line_next) {
        AddCommandLine(text, at, rules, matches);
        command_line_next = false;
      }
      const CommandArguments::Word kind = arguments.Read(word);
      if (kind == CommandArguments::Word::kCommandLineNext) {
        command_line_next = true;
      } else if (kind == CommandArguments::Word::kPassword || kind == CommandArguments::Word::kGluedPassword) {
        if (rule == RedactionRules::kNoRule - 1) rule = rules.MatchKey("password");
        if (rule == RedactionRules::kNoRule) return;
        const size_t skip = arguments.password_offset();  // after "-p"
        const size_t stop = arguments.password_end(word.size());
        if (stop > skip) {
          matches->push_back({static_cast<uint32_t>(at + 1 + skip), static_cast<uint32_t>(at + 1 + stop),
                              static_cast<uint16_t>(rule)});
        }
      }
      if (close == std::string_view::npos) {
        read_to = text.size();
        break;
      }
      read_to = close + 1;
      at = NextStringAt(text, close + 1);
    }
  }
}

// In a flat header list ("rawHeaders":["Host","h","Authorization","x"]),
// the value after a sensitive header's name (see IsFlatHeaderList).
void FindFlatHeaderValues(std::string_view text, const RedactionRules& rules, std::vector<ValueMatch>* matches) {
  for (std::string_view key : {"\"rawHeaders\"", "\"rawTrailers\"", "\"headers\"", "\"Headers\""}) {
    for (size_t at = text.find(key); at != std::string_view::npos; at = text.find(key, at + 1)) {
      const size_t list = MemberValueAt(text, at + key.size());
      if (list == std::string_view::npos || text[list] != '[') continue;
      // Names and values in turn: "name", "value", "name", "value", ...
      size_t i = list + 1;
      std::string_view name;
      while (StringAt(text, i, &name, &i)) {
        const size_t value = NextStringAt(text, i);
        if (value == std::string_view::npos) break;
        const int rule = rules.MatchKey(name);
        const size_t close = rule != RedactionRules::kNoRule ? AddStringBody(text, value, rule, matches)
                                                             : StringEnd(text, value);
        if (close == std::string_view::npos) break;
        i = SkipJsonSpace(text, close + 1);
        if (i >= text.size() || text[i] != ',') break;
        ++i;
      }
    }
  }
}

// A [name, value] tuple of two strings ("headers":[["Authorization","x"]]):
// the value, when the name is a sensitive key (see RecordWalker's tuples).
void FindTupleValues(std::string_view text, const RedactionRules& rules, std::vector<ValueMatch>* matches) {
  for (size_t open = text.find('['); open != std::string_view::npos; open = text.find('[', open + 1)) {
    std::string_view name;
    size_t i = 0;
    if (!StringAt(text, open + 1, &name, &i)) continue;
    const size_t value = NextStringAt(text, i);
    if (value == std::string_view::npos) continue;
    if (const size_t close = StringEnd(text, value); close != std::string_view::npos) {
      const size_t after = SkipJsonSpace(text, close + 1);
      if (after < text.size() && text[after] != ']') continue;  // a longer list: not a tuple
    }
    const int rule = rules.MatchKey(name);
    if (rule != RedactionRules::kNoRule) AddStringBody(text, value, rule, matches);
  }
}

// Whether `text` has "kind": "<kind>" somewhere.
bool HasKind(std::string_view text, std::string_view kind) {
  for (size_t at = text.find("\"kind\""); at != std::string_view::npos; at = text.find("\"kind\"", at + 1)) {
    std::string_view value;
    size_t after = 0;
    const size_t i = MemberValueAt(text, at + 6);
    if (i != std::string_view::npos && StringAt(text, i, &value, &after) && value == kind) return true;
  }
  return false;
}


// A Kubernetes Secret's data and stringData, and a SecretList's items: every
// string and number in them (see RecordWalker's kind and data pairs). The
// kind may come before or after.
void FindSecretData(std::string_view text, const RedactionRules& rules, std::vector<ValueMatch>* matches) {
  if (text.find("Secret") == std::string_view::npos) return;
  const bool secret = HasKind(text, "Secret");
  const bool list = HasKind(text, "SecretList");
  if (!secret && !list) return;
  const int rule = rules.MatchKey("Secret");
  if (rule == RedactionRules::kNoRule) return;
  std::vector<std::pair<const char*, const char*>> leaves;
  for (std::string_view key : {"\"data\"", "\"stringData\"", "\"items\""}) {
    if (key == "\"items\"" ? !list : !secret) continue;
    for (size_t at = text.find(key); at != std::string_view::npos; at = text.find(key, at + 1)) {
      const size_t open = MemberValueAt(text, at + key.size());
      if (open == std::string_view::npos || (text[open] != '{' && text[open] != '[')) continue;
      const size_t end = JsonValueEnd(text, open);  // a cut line's value runs to the end
      leaves.clear();
      FindValueLeaves(text.substr(open, end - open), &leaves);
      for (auto [begin, stop] : leaves) {
        if (*begin == '"') {
          ++begin;
          --stop;
        }
        matches->push_back({static_cast<uint32_t>(begin - text.data()), static_cast<uint32_t>(stop - text.data()),
                            static_cast<uint16_t>(rule)});
      }
    }
  }
}

// An audit event or admission review about Secrets ("resource":"secrets", a
// requestURI under /secrets): the objects it writes, whole (see
// RecordRedactor::NoteResource).
void FindSecretPatches(std::string_view text, const RedactionRules& rules, std::vector<ValueMatch>* matches) {
  if (text.find("secrets") == std::string_view::npos) return;
  bool about_secrets = false;
  for (std::string_view key : {"\"resource\"", "\"requestURI\""}) {
    for (size_t at = text.find(key); at != std::string_view::npos && !about_secrets; at = text.find(key, at + 1)) {
      const size_t i = MemberValueAt(text, at + key.size());
      std::string_view value;
      size_t after = 0;
      if (i == std::string_view::npos || !StringAt(text, i, &value, &after)) continue;
      about_secrets = KeyMatcher::NamesSecrets(value);
    }
  }
  if (!about_secrets) return;
  const int rule = rules.MatchKey("secret");
  if (rule == RedactionRules::kNoRule) return;
  for (std::string_view key : {"\"requestObject\"", "\"object\"", "\"oldObject\""}) {
    for (size_t at = text.find(key); at != std::string_view::npos; at = text.find(key, at + 1)) {
      const size_t open = MemberValueAt(text, at + key.size());
      if (open == std::string_view::npos || (text[open] != '{' && text[open] != '[')) continue;
      matches->push_back({static_cast<uint32_t>(open), static_cast<uint32_t>(JsonValueEnd(text, open)),
                          static_cast<uint16_t>(rule)});
    }
  }
}

// In each object a cut left open, a pair's value (or data) member whose name
// (or kind) the cut took, as in {"value":"x","name": at the end of a broken
// line, is undecided: its strings and numbers are masked, and all of it when
// the cut is inside it. A pair with its name is the key=value scan's
// (RedactionRules::ScanValue), a Secret's data FindSecretData's.
void FindUndecidedPairValues(std::string_view text, uint16_t undecided, std::vector<ValueMatch>* matches,
                             int depth = 0) {
  std::vector<size_t> open_objects;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') {
      const size_t close = StringEnd(text, i);
      if (close == std::string_view::npos) {
        // Cut inside a string: JSON escaped in it ({\"value\":\"x\",\"name\":)
        // is looked at decoded, its spans mapped back.
        if (depth < 4 && text.find('\\', i) != std::string_view::npos) {
          std::string inner;
          std::vector<uint32_t> origin;
          UnescapeJsonTextLenient(text.substr(i + 1), &inner, &origin);
          std::vector<ValueMatch> found;
          FindUndecidedPairValues(inner, undecided, &found, depth + 1);
          for (const ValueMatch& m : found) {
            matches->push_back({static_cast<uint32_t>(i + 1 + origin[m.begin]),
                                static_cast<uint32_t>(i + 1 + origin[m.end]), m.rule});
          }
        }
        break;
      }
      i = close;
    } else if (text[i] == '{') {
      open_objects.push_back(i);
    } else if (text[i] == '}' && !open_objects.empty()) {
      open_objects.pop_back();
    }
  }
  struct Member {
    size_t begin, end;
    bool data;
  };
  std::vector<Member> values;
  std::vector<std::pair<const char*, const char*>> leaves;
  auto add = [&](size_t begin, size_t end) {
    matches->push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(end), undecided});
  };
  for (const size_t open : open_objects) {
    bool named = false, kinded = false;
    values.clear();
    size_t at = SkipJsonSpace(text, open + 1);
    while (at < text.size() && text[at] == '"') {
      const size_t key_close = StringEnd(text, at);
      if (key_close == std::string_view::npos) break;
      size_t value = SkipJsonSpace(text, key_close + 1);
      if (value >= text.size() || text[value] != ':') break;
      value = SkipJsonSpace(text, value + 1);
      if (value >= text.size()) break;
      const size_t end = JsonValueEnd(text, value);
      const PairRole role = KeyMatcher::MemberPairRoleOf(text.substr(at + 1, key_close - at - 1));
      named |= role == PairRole::kName && end < text.size();
      kinded |= role == PairRole::kKind && end < text.size();
      if (role == PairRole::kValue || role == PairRole::kData) values.push_back({value, end, role == PairRole::kData});
      at = SkipJsonSpace(text, end);
      if (at < text.size() && text[at] == ',') at = SkipJsonSpace(text, at + 1);
    }
    for (const Member& m : values) {
      if (m.data ? kinded : named) continue;
      if (m.end == text.size()) {
        add(m.begin, m.end);
        continue;
      }
      leaves.clear();
      FindValueLeaves(text.substr(m.begin, m.end - m.begin), &leaves);
      for (const auto& [begin, end] : leaves) {
        const bool quoted = *begin == '"';
        add(static_cast<size_t>(begin - text.data()) + quoted, static_cast<size_t>(end - text.data()) - quoted);
      }
    }
  }
}

// The text of an XML element named like a secret whose end tag a cut took
// or broke (`<password>hunter2</pa`, `<password>x</password"`): from its
// start tag to the next '"' or the end. Records need the end tag
// (RedactionRules' XML rule); a broken line may have lost it.
void FindCutElement(std::string_view text, const RedactionRules& rules, std::vector<ValueMatch>* matches) {
  for (size_t from = text.size(), open; from > 0 && (open = text.rfind('<', from - 1)) != std::string_view::npos;
       from = open) {
    size_t name_end = open + 1;
    while (name_end < text.size() && (IsWordByte(text[name_end]) || text[name_end] == ':' ||
                                      text[name_end] == '.' || text[name_end] == '-')) {
      ++name_end;
    }
    if (name_end == open + 1 || name_end >= text.size()) continue;
    size_t tag_end = name_end;  // the start tag's '>', after its attributes if any
    if (text[tag_end] == ' ' || text[tag_end] == '\t') {
      tag_end = text.find_first_of("<>", tag_end);
      if (tag_end == std::string_view::npos) continue;
    }
    if (text[tag_end] != '>' || text[tag_end - 1] == '/') continue;
    std::string_view name = text.substr(open + 1, name_end - open - 1);
    const std::string end_tag = "</" + std::string(name) + ">";
    if (text.find(end_tag, tag_end) != std::string_view::npos) return;  // closed: the scan's
    if (const size_t colon = name.rfind(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    const int rule = rules.MatchKey(name);
    if (rule == RedactionRules::kNoRule) continue;
    const size_t quote = text.find('"', tag_end + 1);
    matches->push_back({static_cast<uint32_t>(tag_end + 1),
                        static_cast<uint32_t>(quote == std::string_view::npos ? text.size() : quote),
                        static_cast<uint16_t>(rule)});
    return;
  }
}

}  // namespace

bool RedactionRules::HoldsSecretDecoded(std::string text, int levels) const {
  std::vector<ValueMatch> matches;
  std::string decoded;
  std::vector<uint32_t> origin;  // unused: nothing is mapped back from here
  for (int level = 0; level <= levels; ++level) {
    if (ScanWithKeyValues(text, &matches) != ScanStatus::kClean) return true;
    if (text.find('\\') == std::string::npos) return false;
    // As the mapped levels decode: JSON escapes, else nginx's \xHH.
    if (!DecodeOnceMore(text, &decoded, &origin)) return false;
    text.swap(decoded);
  }
  return true;  // still escapes left: undecided
}

size_t RedactionRules::ScrubRawText(std::string_view raw, std::string* out, bool cut_short,
                                    std::vector<uint16_t>* hits) const {
  auto mask_whole = [&] {
    AppendReplacement(undecided_rule(), raw, out);
    if (hits) hits->push_back(undecided_rule());
    return size_t{1};
  };
  // A broken line is scanned as it is, then with its JSON escapes decoded,
  // once per level of nesting: a secret written \u0041KIA..., or inside JSON
  // held in a string (journald's MESSAGE), or both, is found in the decoded
  // text and its span mapped back to the raw bytes it came from.
  constexpr int kMaxLevels = 4;
  constexpr int kMaxDepth = 16;
  struct Span {
    uint32_t begin;  // in raw
    uint32_t end;
    uint16_t rule;
    std::string secret;  // as decoded where it was found
  };
  std::vector<Span> spans;
  std::vector<ValueMatch> matches;
  std::string text(raw), decoded;
  std::vector<uint32_t> to_raw(raw.size() + 1), origin;
  for (size_t i = 0; i <= raw.size(); ++i) to_raw[i] = static_cast<uint32_t>(i);
  for (int level = 0;; ++level) {
    if (level == kMaxLevels) {
      // Deeper than the levels mapped back: a secret found there, however
      // many decodings down, takes the whole line.
      if (HoldsSecretDecoded(text, kMaxDepth - kMaxLevels)) return mask_whole();
      break;
    }
    matches.clear();
    if (ScanWithKeyValues(text, &matches) == ScanStatus::kUndecided) return mask_whole();
    FindFlagValues(text, *this, &matches);
    FindArgumentListPasswords(text, *this, &matches);
    FindShellTraces(text, *this, &matches);
    FindFlatHeaderValues(text, *this, &matches);
    FindTupleValues(text, *this, &matches);
    FindSecretData(text, *this, &matches);
    FindSecretPatches(text, *this, &matches);
    FindUndecidedPairValues(text, undecided_rule(), &matches);
    FindCutElement(text, *this, &matches);
    for (const ValueMatch& m : matches) {
      spans.push_back({to_raw[m.begin], to_raw[m.end], m.rule,
                       text.substr(m.begin, m.end - m.begin)});
    }
    if (text.find('\\') == std::string::npos) break;
    if (!DecodeOnceMore(text, &decoded, &origin)) break;
    for (uint32_t& at : origin) at = to_raw[at];
    to_raw.swap(origin);
    text.swap(decoded);
  }
  // A byte array holding a secret is masked whole (its bytes are not
  // written back decoded); one the scanner cannot decide, too.
  for (ByteArray& array : FindByteArrays(raw)) {
    matches.clear();
    const ScanStatus status = ScanWithKeyValues(array.bytes, &matches);
    if (status == ScanStatus::kClean) continue;
    const uint16_t rule = status == ScanStatus::kMatched ? matches.front().rule : undecided_rule();
    spans.push_back({static_cast<uint32_t>(array.begin), static_cast<uint32_t>(array.end), rule,
                     std::move(array.bytes)});
  }
  if (const size_t tail = TailToMask(raw, cut_short); tail < raw.size()) {
    spans.push_back({static_cast<uint32_t>(tail), static_cast<uint32_t>(raw.size()), undecided_rule(),
                     std::string(raw.substr(tail))});
  }
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin || (a.begin == b.begin && a.end > b.end); });
  size_t at = 0, made = 0;
  for (const Span& span : spans) {
    if (span.end <= at) continue;  // inside a span already replaced
    const size_t begin = std::max<size_t>(span.begin, at);
    out->append(raw.substr(at, begin - at));
    AppendReplacement(span.rule, span.secret, out);
    if (hits) hits->push_back(span.rule);
    at = span.end;
    ++made;
  }
  out->append(raw.substr(at));
  return made;
}

}  // namespace sluice
