// MatchValidator: checks a regex match before it counts as a secret, for the
// shapes a regex alone cannot tell apart: card numbers (issuer digit and
// Luhn), so that order
// ids and other long numbers survive, Basic credentials (base64 of
// "user:password"), so that "basic information" in prose survives, and
// base64 of a PEM block, so that certificates survive and private keys not;
// and a command line's password, which a program's short flag gives
// (FindCommandLinePassword), so that "docker run -p 8080" survives.
//
// Why a separate step: RE2 cannot compute checksums; running the check only on
// the few spans a pattern found keeps it off the hot path. No allocation.
// Tests: tests/redact/match_validator_test.cpp.
#pragma once

#include <string_view>

#include "redact/rule_pack.h"

namespace sluice {

class MatchValidator {
 public:
  static bool Accepts(Validator validator, std::string_view secret);

  // 13-19 digits once ' ' and '-' are ignored, passing the Luhn check.
  static bool Luhn(std::string_view text);
  // Luhn, and the first digit of a payment card's issuer: 2-6 (Mastercard 2
  // and 5, Amex/Diners/JCB 3, Visa 4, Discover/UnionPay 6). Other first
  // digits are not bank cards (1: airlines, 7: petroleum, 8: telecom,
  // 9: national use), and they are how epoch timestamps in micro- or
  // nanoseconds and many order ids begin.
  // Separated digits must be grouped as cards are printed (4-4-4-4, 4-6-5,
  // 4-4-5; see FindValidGroups), not a list of ids that happens to pass.
  // The length must be the issuer's: 13 digits start with 4 (Visa), 14 with
  // 3 (Diners), 15 with 34, 37 (Amex), 5 or 6 (Maestro; IMEIs start with 35
  // or 4), and 16-19 digits with a 2 only at 22-27 (Mastercard, Mir), so
  // that timestamps as digits (20240115123042) are no cards.
  static bool PaymentCard(std::string_view text);
  // Standard base64 (padding optional) of text (UTF-8 or Latin-1, no
  // control byte but blanks and line breaks) that holds a ':':
  // "user:password", ":apikey".
  static bool BasicCredentials(std::string_view text);
  // Standard base64 (padding optional, line breaks allowed) whose decoding
  // holds a PEM private key's line ("-----BEGIN RSA PRIVATE KEY-----"),
  // first or after other blocks: a key as a Kubernetes Secret or Helm value
  // holds it (tls.key). A certificate alone is public and is not one.
  static bool Base64PrivateKey(std::string_view text);

  // For a match that `validator` refused: the part of it that is the
  // secret, as [*begin, *end) in `secret`. kCommandLine refuses every match
  // (a command line) and finds its password here. For a card check: the
  // widest run of its ' '/'-'
  // separated digit groups that passes. A
  // greedy pattern takes the digits around a card too ("4111 1111 1111 1111
  // 12/25", "ref 12 4111..."). Runs that count are laid out as cards are
  // printed: one group of 13-19 digits, or a group of 4 then groups of 3-6
  // (4-4-4-4, 4-6-5, 4-4-5), so that lists of ids are not searched for a
  // sum. False when none passes, or the validator is neither.
  static bool FindValidGroups(Validator validator, std::string_view secret, size_t* begin,
                              size_t* end);
};

}  // namespace sluice
