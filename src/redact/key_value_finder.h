// KeyValueFinder: finds `KEY=VALUE`, `KEY: VALUE` and `"KEY": "VALUE"` inside
// free text (log messages, query strings, raw broken JSON) and reports VALUE
// when KEY is sensitive by the key rules.
//
// Why this design: the key rules already know which keys are secret (with
// their normalisation, suffixes and allowlist), so free text reuses them
// instead of a second, drifting list of regexes: "?access_token=abc&x=1",
// "password: hunter2", '{"apiKey": "k"}' and "token_type=bearer" (allowlisted)
// all follow the same rules as JSON members. Called at each '=' or ':' the
// prefilter reports; it looks back for the key and forward for the value only,
// so it is cheap and allocates nothing.
// Value shapes: quoted ('"' or '\'', backslash escapes honoured, runs to the
// end of text if unterminated, and \"...\" inside raw JSON), a JSON array or
// object (to its matching bracket, or the end of text), a YAML block scalar
// after ':' ("|" or ">" ending its line: the lines indented under the key),
// or unquoted up to whitespace, '&', ',', ';', quotes, '<', '>' or '\' (to
// the end of the text when the text is one environment entry, NAME=VALUE
// with NAME upper case, as in Docker's "Env" list; to the end of its line
// for a rule with value_to_line_end, a Cookie header's). A value that starts
// with an HTTP auth scheme ("Bearer ", "Digest ", "Negotiate ") keeps the
// scheme. Separators: '=', ':', "=>" and ":="; a key may sit in brackets
// (a form field "user[password]="). An XML or HTML element named like a
// sensitive key ("<password>VALUE</password>", "<ns:Token>") has its text
// up to the next tag as the value, found at the start tag's '>'. URL-encoded
// pairs ("%3Fpassword%3Dx%26", {%22password%22:%22x%22}) count too, and so
// do an auditd EXECVE record's arguments (a1="--password" a2="x"), a
// command line's short flags ("COMMAND=/usr/bin/mysql -ppw") and
// PostgreSQL's "Key (api_token)=(x) already exists.".
// Tests: tests/redact/redaction_rules_test.cpp (KeyValue cases).
#pragma once

#include <bitset>
#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

#include "redact/key_matcher.h"
#include "redact/redaction_rules.h"

namespace sluice {

class KeyValueFinder {
 public:
  // `query_keys` match a key only as a query parameter's name ("?code=",
  // "&code="); `command_keys` (rule 0, may be null) name a command line
  // (sudo's "COMMAND=/usr/bin/mysql -ppw"), whose short flags' passwords go
  // by the key rule for "password" (FindCommandLinePassword). All must
  // outlive the finder; `rules` by id (RedactionRule::value_to_line_end).
  KeyValueFinder(const KeyMatcher* keys, const KeyMatcher* query_keys, const std::vector<RedactionRule>* rules,
                 const KeyMatcher* command_keys = nullptr)
      : keys_(keys), query_keys_(query_keys), command_keys_(command_keys), rules_(rules) {}

  enum class Found : uint8_t {
    kNothing,
    kValue,      // the value right after a sensitive key
    kPairValue,  // the value of a pair whose name is sensitive: it may lie past other members
  };
  // text[pos] is '=', ':' or '>'. After a sensitive key with a non-empty value,
  // sets *match to the value's span and the key's rule (kValue). After a
  // pair's name or value key (KeyMatcher::PairRoleOf: "name=DB_PASSWORD value=x",
  // `{"Value":"x","Key":"api_key"}`, Go's `{Name:DB_PASSWORD,Value:x}`,
  // YAML's `name: X` then `value: x`), when the other half follows within
  // the same object (and 512 bytes) and the name is a sensitive key, sets
  // *match to the value's span and the name's rule (kPairValue).
  // At a '>': the text of an element named like a sensitive key (kValue). At
  // a '%' of "%3D": the value of a URL-encoded pair ("password%3Dx%26a%3D1").
  // A value found by a key rule with a check (RedactionRule::validate) must
  // pass it. After a command line's key, the command line's passwords: the
  // first in *match (kPairValue: the others and other pairs may lie inside
  // its span), the rest appended to *more. *command_end (when given) is where
  // the last command line read ends: one that starts before it was read with
  // it (its words are tried wherever they start), so a text of many
  // "COMMAND=" stays linear.
  Found FindAt(std::string_view text, size_t pos, ValueMatch* match, std::vector<ValueMatch>* more = nullptr,
               size_t* command_end = nullptr) const;

  // Every password in `line`, a command line's text: what programs' short
  // flags carry (ForEachCommandLinePassword), by the key rule for
  // "password" (none without one), and the argument after a flag a key rule
  // names ("-storepass x", "--db-password x"; ForEachSecretFlagValue), by
  // that rule if it passes the rule's check. Offsets in `line`.
  void CommandLinePasswords(std::string_view line, const std::function<void(const ValueMatch&)>& found) const;

  // The bytes FindAt can find a sensitive key or a pair key behind when one
  // is right before text[pos]: the last bytes of key terms and of pair keys
  // in either case, what it reads past (blanks, a quote, a form field's ']',
  // the separators keys are compared without, digits a key may be numbered
  // with) and every byte from 0x80; none without key rules. Before any other
  // byte FindAt finds nothing.
  std::bitset<256> KeyEndBytes() const;

 private:
  Found FindUncheckedAt(std::string_view text, size_t pos, ValueMatch* match, std::vector<ValueMatch>* more,
                        size_t* command_end) const;
  Found ElementAt(std::string_view text, size_t pos, ValueMatch* match) const;
  Found EncodedAt(std::string_view text, size_t pos, ValueMatch* match) const;
  // At the '=' of an auditd EXECVE argument aN ("a2=\"x\"", N >= 1, its name
  // from key_start): its value when the argument before it is a long flag
  // named like a sensitive key, or a short flag that carries a password for
  // the program in a0 (ProgramPasswordFlag); the password part of "-ppw".
  Found ExecveArgumentAt(std::string_view text, size_t pos, size_t key_start, int index, ValueMatch* match) const;
  // At the '=' of PostgreSQL's "Key (col, ...)=(value, ...)" (a unique or
  // foreign key violation's DETAIL): the values in their parentheses when a
  // key rule names one of the columns.
  Found ColumnsAt(std::string_view text, size_t pos, ValueMatch* match) const;

  // At the separator text[pos] after a key (from key_start) that `rule`
  // names: its value (kValue), unless it holds nothing.
  Found SensitiveValueAt(std::string_view text, size_t pos, size_t key_start, int rule, ValueMatch* match) const;
  // At the separator after a command line's key: its passwords (see FindAt).
  Found CommandLineAt(std::string_view text, size_t pos, ValueMatch* match, std::vector<ValueMatch>* more,
                      size_t* command_end) const;

  const KeyMatcher* keys_;
  const KeyMatcher* query_keys_;
  const KeyMatcher* command_keys_;
  const std::vector<RedactionRule>* rules_;
};

}  // namespace sluice
