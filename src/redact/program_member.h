// ProgramMemberFinder: where a JSON record names the program of an argument
// list apart from the list, so that the list is read with it: a Kubernetes
// container's "command" beside its "args" (before them, or after them as
// kubectl sorts keys: {"args":["-a","pw"],"command":["redis-cli"]}), Docker's
// "Path" before "Args", and before a "Cmd" that starts with a flag (Config's
// Cmd holds the entrypoint's arguments without it).
//
// Why beside, in the same object: a sidecar's "command" must not become the
// next container's program (its image's "-p 8080" would be read as
// sshpass's password). Docker's Cmd is the exception: Path stands at the
// inspect output's top, Cmd inside its Config.
//
// Records (RecordRedactor) and the dead letter's raw text (scrub_raw_text.cpp)
// both ask, one list at a time in the order of the text: the members found
// are remembered as the asking goes forward, and each look-up reads only the
// list's own bytes and its member's, so a record of many lists is read in
// linear time. The text may be cut short (the dead letter): what the cut
// took is no member.
// Tests: tests/redact/program_member_test.cpp.
#pragma once

#include <cstddef>
#include <string_view>

#include "redact/program_flags.h"

namespace sluice {

// A reader that has read a program given apart from its arguments: the
// JSON value at `value`'s start (after blanks), a string ("redis-cli") or a
// list of strings (["sudo","mysql"]); a string with an escape ends them.
CommandArguments ReaderOfProgramValue(std::string_view value);

class ProgramMemberFinder {
 public:
  // `text`: the record's line, or a broken line's text; it must outlive the
  // finder and the readers it gives.
  explicit ProgramMemberFinder(std::string_view text = {}) : text_(text) {}

  // A reader for the list whose '[' is text[list], the value of member
  // `key`, that has read the program member beside it; a default reader
  // (the list's first word names its program) if there is none. Lists must
  // be asked about in the order of the text.
  CommandArguments ReaderFor(size_t list, std::string_view key);

 private:
  // The last member `key` (quotes and colon included) found before `before`,
  // remembered in *last and *next as the search goes forward: where its
  // value starts, or npos.
  struct Search {
    size_t next = std::string_view::npos;  // the next occurrence of the key, not yet passed
    size_t last = std::string_view::npos;  // the last one passed: its value's start
    size_t last_end = std::string_view::npos;  // that value's end, once asked
    bool started = false;
  };
  size_t LastBefore(Search* search, std::string_view key, size_t before);
  // The value of the member that `search` found last, if it ends right
  // before the list at `list` (a ',' and the list's own key between).
  bool EndsBeside(Search* search, size_t list, std::string_view list_key);

  std::string_view text_;
  Search command_, path_;
};

}  // namespace sluice
