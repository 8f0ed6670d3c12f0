// ProgramMemberFinder (see program_member.h).
#include "redact/program_member.h"

#include <algorithm>

#include "parse/json_tokens.h"

namespace sluice {
namespace {

constexpr std::string_view kCommand = "\"command\":";
constexpr std::string_view kPath = "\"Path\":";
// A program member or argument list longer than this is none: a reading
// stays bounded whatever the record holds.
constexpr size_t kMaxValueBytes = 16 * 1024;

// `text` holds `part` at `at`.
bool HoldsAt(std::string_view text, size_t at, std::string_view part) {
  return at < text.size() && text.substr(at, part.size()) == part;
}

// The end of the string or container at text[at], within kMaxValueBytes;
// npos if it is cut short, longer, or no string or container.
size_t ValueEnd(std::string_view text, size_t at) {
  if (at >= text.size() || (text[at] != '"' && text[at] != '[' && text[at] != '{')) return std::string_view::npos;
  const std::string_view head = text.substr(0, std::min(text.size(), at + kMaxValueBytes));
  const size_t end = JsonValueEnd(head, at);
  // A value that runs to the view's end was cut (a record never ends in one).
  return end >= head.size() ? std::string_view::npos : end;
}

}  // namespace

CommandArguments ReaderOfProgramValue(std::string_view value) {
  CommandArguments reader;
  size_t at = SkipJsonSpace(value, 0);
  const bool list = at < value.size() && value[at] == '[';
  if (list) ++at;
  for (int i = 0; i < kMaxCommandArguments; ++i) {
    at = SkipJsonSpace(value, at);
    if (at >= value.size() || value[at] != '"') break;
    const size_t close = value.find('"', at + 1);
    if (close == std::string_view::npos) break;
    const std::string_view word = value.substr(at + 1, close - at - 1);
    if (word.find('\\') != std::string_view::npos) break;
    reader.Read(word);
    at = close + 1;
    if (!list) break;
    at = SkipJsonSpace(value, at);
    if (at >= value.size() || value[at] != ',') break;
    ++at;
  }
  return reader;
}

size_t ProgramMemberFinder::LastBefore(Search* search, std::string_view key, size_t before) {
  if (!search->started) {
    search->next = text_.find(key);
    search->started = true;
  }
  while (search->next < before) {
    search->last = search->next + key.size();
    search->last_end = std::string_view::npos;
    search->next = text_.find(key, search->next + 1);
  }
  return search->last;
}

bool ProgramMemberFinder::EndsBeside(Search* search, size_t list, std::string_view list_key) {
  if (search->last == std::string_view::npos) return false;
  if (search->last_end == std::string_view::npos) {
    const size_t value = SkipJsonSpace(text_, search->last);
    search->last_end = value < list ? ValueEnd(text_, value) : std::string_view::npos;
    if (search->last_end == std::string_view::npos) search->last_end = text_.size() + 1;  // asked: none
  }
  // value , "key" : [
  size_t at = SkipJsonSpace(text_, search->last_end);
  if (at >= text_.size() || text_[at] != ',') return false;
  at = SkipJsonSpace(text_, at + 1);
  if (!HoldsAt(text_, at, "\"") || !HoldsAt(text_, at + 1, list_key)) return false;
  at += 1 + list_key.size();
  if (!HoldsAt(text_, at, "\"")) return false;
  at = SkipJsonSpace(text_, at + 1);
  if (at >= text_.size() || text_[at] != ':') return false;
  return SkipJsonSpace(text_, at + 1) == list;
}

CommandArguments ProgramMemberFinder::ReaderFor(size_t list, std::string_view key) {
  const bool docker_args = key == "Args";
  const bool docker_cmd = key == "Cmd";
  if (!docker_args && !docker_cmd && key != "args") return {};
  if (docker_args || docker_cmd) {
    const size_t path = LastBefore(&path_, kPath, list);
    if (path == std::string_view::npos) return {};
    if (docker_cmd) {
      // Only a Cmd that starts with a flag: the entrypoint's arguments.
      const size_t first = SkipJsonSpace(text_, list + 1);
      if (!HoldsAt(text_, first, "\"-")) return {};
    } else if (!EndsBeside(&path_, list, key)) {
      return {};
    }
    return ReaderOfProgramValue(text_.substr(path, list - path));
  }
  // A container's command before its args, or right after them.
  const size_t command = LastBefore(&command_, kCommand, list);
  if (command != std::string_view::npos && EndsBeside(&command_, list, key)) {
    return ReaderOfProgramValue(text_.substr(command, list - command));
  }
  const size_t end = ValueEnd(text_, list);
  if (end == std::string_view::npos) return {};
  size_t at = SkipJsonSpace(text_, end);
  if (at >= text_.size() || text_[at] != ',') return {};
  at = SkipJsonSpace(text_, at + 1);
  if (!HoldsAt(text_, at, kCommand)) return {};
  const size_t value = SkipJsonSpace(text_, at + kCommand.size());
  const size_t value_end = ValueEnd(text_, value);
  if (value_end == std::string_view::npos) return {};
  return ReaderOfProgramValue(text_.substr(value, value_end - value));
}

}  // namespace sluice
