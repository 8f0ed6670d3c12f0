// MatchValidator: checks a regex match before it counts as a secret, for the
// shapes a regex alone cannot tell apart: card numbers (Luhn), so that order
// ids and other long numbers survive, and Basic credentials (base64 of
// "user:password"), so that "basic information" in prose survives.
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
  // Standard base64 (padding optional) whose decoded bytes contain ':'.
  static bool BasicCredentials(std::string_view text);
};

}  // namespace sluice
