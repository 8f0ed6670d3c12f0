// ArgumentArray: what the elements of one JSON array say about each other,
// for a visitor of RecordWalker that redacts by name (has OnPairName):
//   - a flag naming a secret, then its value: ["app","--db-password","x"];
//   - a program's arguments (["redis-cli","-a","x"], ["sudo","mysql",
//     "-ppw"]), which the visitor reads one by one with a ProgramReader of
//     its own that this array keeps (OnProgramArgument), and which may say
//     that the next element is a command line (["sh","-c","mysql -ppw"]):
//     the visitor reads it as one between its OnCommandLineNext(true) and
//     OnCommandLineNext(false);
//   - the name after "set": ["aws","configure","set","aws_secret_access_key","x"];
//   - a flat header list, names and values in turn (Node's rawHeaders);
//   - a [name, value] tuple inside an array (Sentry's header tuples).
// The value after a sensitive name goes to OnReplaceValue with its rule.
//
// Why apart from the walk: RecordWalker shows each element once, as the
// [begin, end) of its JSON text after walking it, and which element names
// which is a small state machine of its own. No allocation.
// Tests: tests/parse/record_walker_test.cpp and tests/redact/record_redactor_test.cpp
// (ArgumentArraysLoseTheirPasswords), through the walk.
#pragma once

#include <concepts>
#include <cstddef>
#include <string_view>
#include <utility>

#include "parse/key_decision.h"

namespace sluice {

// A command-line flag that may take the next argument as its value: not one
// with its value inline ("-field=password") or one that switches something
// off or shows it ("--no-password", "-no-password", "--skip-password",
// "--show-token").
bool TakesNextArgument(std::string_view flag);
// A member holding a flat list of header names and values, in turn: Node's
// req.rawHeaders and rawTrailers, kcat's "headers".
bool IsFlatHeaderList(std::string_view key);

// What the visitor's program reader made of an element (OnProgramArgument).
enum class ArgumentRole {
  kArgument,         // an argument like any: a flag of it may name a secret ("--db-password")
  kProgramFlag,      // a program's flag or password (["redis-cli","-a","pw"]): no name
  kCommandLineNext,  // a flag whose value, the next element, is a command line
};

template <class Visitor>
class ArgumentArray {
 public:
  // `flat_headers`: the array is a flat header list (IsFlatHeaderList of its key).
  ArgumentArray(Visitor* visitor, bool flat_headers) : visitor_(visitor), flat_headers_(flat_headers) {}

  // The next element, walked: [begin, end) is its JSON text.
  void Add(const char* begin, const char* end) {
    if constexpr (kProgramArguments) {
      if (command_line_next_) [[unlikely]] {
        visitor_->OnCommandLineNext(false);
        command_line_next_ = false;
      }
    }
    // The value after a secret's flag: a number (a PIN), or a string unless
    // it is a long flag ("-x7Kq" may be a password; psql's "--password -h
    // db" then loses its "-h").
    const bool long_flag = begin[0] == '"' && begin[1] == '-' && begin[2] == '-';
    const bool is_value = (begin[0] == '"' && !long_flag) || begin[0] == '-' || (begin[0] >= '0' && begin[0] <= '9');
    if (flag_.action != KeyAction::kVisit && is_value) [[unlikely]] {
      visitor_->OnReplaceValue(flag_.rule, begin, end);
      flag_ = KeyDecision{};
    } else {
      const bool is_string = begin[0] == '"';
      const std::string_view body = is_string ? StringBody({begin, end}) : std::string_view{};
      const bool is_flag = is_string && begin[1] == '-' && end - begin > 3 && TakesNextArgument(body);
      ArgumentRole role = ArgumentRole::kArgument;
      if constexpr (kProgramArguments) {
        // Strings and numbers; a program's name only as a string.
        if ((is_string || count_ > 0) && (is_string || begin[0] == '-' || (begin[0] >= '0' && begin[0] <= '9'))) {
          role = visitor_->OnProgramArgument(&reader_, count_, begin, end);
        }
        if (role == ArgumentRole::kCommandLineNext) {
          visitor_->OnCommandLineNext(true);
          command_line_next_ = true;
        }
      }
      const bool header_name = flat_headers_ && count_ % 2 == 0;
      const bool named = role != ArgumentRole::kProgramFlag && (is_flag || ((after_set_ || header_name) && is_string));
      flag_ = named ? visitor_->OnPairName(body) : KeyDecision{};
      after_set_ = body == "set";
    }
    if (count_ == 0) {
      first_ = {begin, end};
    } else if (count_ == 1) {
      second_ = {begin, end};
    }
    ++count_;
  }

  // After the last element. `in_array`: this array is an element of an array.
  void Finish(bool in_array) {
    if constexpr (kProgramArguments) {
      if (command_line_next_) visitor_->OnCommandLineNext(false);
    }
    // Both strings: [["password", 120], ...] is a count, not a header.
    if (in_array && count_ == 2 && *first_.first == '"' && *second_.first == '"') [[unlikely]] {
      const KeyDecision decision = visitor_->OnPairName(StringBody(first_));
      if (decision.action != KeyAction::kVisit) visitor_->OnReplaceValue(decision.rule, second_.first, second_.second);
    }
  }

 private:
  using Token = std::pair<const char*, const char*>;
  // The visitor reads a program's arguments: OnProgramArgument(reader,
  // index, begin, end) with the element's JSON text.
  struct NoReader {};
  template <class V>
  struct ReaderOf {
    using type = NoReader;
  };
  template <class V>
    requires requires { typename V::ProgramReader; }
  struct ReaderOf<V> {
    using type = typename V::ProgramReader;
  };
  using Reader = typename ReaderOf<Visitor>::type;
  static constexpr bool kProgramArguments = requires(Visitor* v, Reader* r, const char* p) {
    { v->OnProgramArgument(r, size_t{0}, p, p) } -> std::same_as<ArgumentRole>;
    v->OnCommandLineNext(true);
  };
  // The body of a string token (its quotes left out).
  static std::string_view StringBody(Token token) {
    return std::string_view(token.first + 1, static_cast<size_t>(token.second - token.first - 2));
  }

  Visitor* visitor_;
  const bool flat_headers_;
  Token first_{}, second_{};
  [[no_unique_address]] Reader reader_{};
  bool command_line_next_ = false;  // the visitor reads the next element as a command line
  size_t count_ = 0;
  KeyDecision flag_;  // the element before was a flag naming a secret
  bool after_set_ = false;
};

}  // namespace sluice
