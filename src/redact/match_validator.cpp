// MatchValidator (see match_validator.h). Tests: tests/redact/match_validator_test.cpp.
#include "redact/match_validator.h"

#include <cstdint>
#include <cstring>

#include "redact/program_flags.h"

namespace sluice {

namespace {

// Card numbers have 19 digits at most, so at most 19 groups.
constexpr int kMaxGroups = 19;

// Groups [first, last] as cards are printed: one run of 13-19 digits, or a
// first group of 4 digits and the rest of 3-6 (4-4-4-4, 4-6-5, 4-4-5,
// 4-4-4-4-3). Lists of ids ("77092 49650 10146 74913") are not.
bool CardLayout(const size_t* starts, const size_t* ends, int first, int last) {
  auto size = [&](int g) { return ends[g] - starts[g]; };
  if (first == last) return size(first) >= 13;
  if (size(first) != 4) return false;
  for (int g = first + 1; g <= last; ++g) {
    if (size(g) < 3 || size(g) > 6) return false;
  }
  return true;
}

// The ' '/'-' separated groups of `text` into starts/ends (kMaxGroups at
// most; 0 when there are more).
int SplitGroups(std::string_view text, size_t* starts, size_t* ends) {
  int groups = 0;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == ' ' || text[i] == '-') {
      ++i;
      continue;
    }
    if (groups == kMaxGroups) return 0;
    starts[groups] = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '-') ++i;
    ends[groups++] = i;
  }
  return groups;
}

// Whether a card of `digits` digits may start with d1 d2, by the issuers'
// ranges: 13 digits are Visa's old cards (4); 14 Diners Club's (a 3: 30,
// 36, 38, 39, taken as any 3); 15 Amex's (34, 37) or Maestro's (5, 6),
// never Visa's 4 or a phone's IMEI (15 digits, Luhn, 35 or 4); 16-19 any
// issuer, a 2 only as Mastercard's 2221-2720 or Mir's 2200-2204. Timestamps written as digits
// (20240115123042), build numbers and EAN-13 barcodes are no cards then.
bool IssuerIssuesLength(char d1, char d2, size_t digits) {
  switch (digits) {
    case 13: return d1 == '4';
    case 14: return d1 == '3';
    case 15: return (d1 == '3' && (d2 == '4' || d2 == '7')) || d1 == '5' || d1 == '6';
    default: return d1 != '2' || (d2 >= '2' && d2 <= '7');
  }
}

// Decodes standard base64 from the start of `text`, up to its padding or its
// end, handing each byte to `stop` until it returns true (then true). False
// at a byte that is not base64, or when `text` ends first. Line breaks are
// skipped: encoders wrap base64 at 64 or 76 characters.
template <class Stop>
bool DecodeBase64Until(std::string_view text, Stop stop) {
  uint32_t bits = 0;
  int nbits = 0;
  for (size_t i = 0; i < text.size() && text[i] != '='; ++i) {
    const char c = text[i];
    uint32_t v;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '+') {
      v = 62;
    } else if (c == '/') {
      v = 63;
    } else if (c == '\n' || c == '\r') {
      continue;
    } else {
      return false;
    }
    bits = (bits << 6) | v;
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      if (stop(static_cast<char>((bits >> nbits) & 0xFF))) return true;
    }
  }
  return false;
}

}  // namespace

bool MatchValidator::Accepts(Validator validator, std::string_view secret) {
  switch (validator) {
    case Validator::kNone: return true;
    case Validator::kLuhn: return Luhn(secret);
    case Validator::kPaymentCard: return PaymentCard(secret);
    case Validator::kBasicCredentials: return BasicCredentials(secret);
    case Validator::kBase64PrivateKey: return Base64PrivateKey(secret);
    case Validator::kCommandLine: return false;  // the secret is a part: FindValidGroups
  }
  return true;
}

bool MatchValidator::Luhn(std::string_view text) {
  int digits = 0;
  int sum = 0;
  // Walk from the rightmost digit; every second digit is doubled.
  for (size_t i = text.size(); i > 0; --i) {
    char c = text[i - 1];
    if (c == ' ' || c == '-') continue;
    if (c < '0' || c > '9') return false;
    int d = c - '0';
    if (digits % 2 == 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    ++digits;
  }
  return digits >= 13 && digits <= 19 && sum % 10 == 0;
}

bool MatchValidator::PaymentCard(std::string_view text) {
  const size_t first = text.find_first_not_of(" -");
  if (first == std::string_view::npos || text[first] < '2' || text[first] > '6' || !Luhn(text)) return false;
  const size_t second = text.find_first_not_of(" -", first + 1);
  if (second == std::string_view::npos) return false;
  size_t digits = 0;
  for (char c : text) digits += c >= '0' && c <= '9';
  if (!IssuerIssuesLength(text[first], text[second], digits)) return false;
  size_t starts[kMaxGroups], ends[kMaxGroups];
  const int groups = SplitGroups(text, starts, ends);
  return groups > 0 && CardLayout(starts, ends, 0, groups - 1);
}

bool MatchValidator::FindValidGroups(Validator validator, std::string_view secret, size_t* begin,
                                     size_t* end) {
  if (validator == Validator::kCommandLine) return FindCommandLinePassword(secret, begin, end);
  if (validator != Validator::kLuhn && validator != Validator::kPaymentCard) return false;
  size_t starts[kMaxGroups], ends[kMaxGroups];
  const int groups = SplitGroups(secret, starts, ends);
  if (groups == 0) return false;
  size_t best_digits = 0;
  for (int first = 0; first < groups; ++first) {
    size_t digits = 0;
    for (int last = first; last < groups; ++last) {
      const size_t size = ends[last] - starts[last];
      digits += size;
      if (digits > 19) break;
      if (digits < 13 || digits <= best_digits) continue;
      if (!CardLayout(starts, ends, first, last)) continue;
      const std::string_view run = secret.substr(starts[first], ends[last] - starts[first]);
      if (!Accepts(validator, run)) continue;
      best_digits = digits;
      *begin = starts[first];
      *end = ends[last];
    }
  }
  return best_digits > 0;
}

bool MatchValidator::BasicCredentials(std::string_view text) {
  for (char c : text) {
    if (c == '\n' || c == '\r') return false;  // one token, as an Authorization header has it
  }
  // Text, not bytes: UTF-8 or Latin-1, with no control byte but blanks and
  // line breaks ("echo admin:pw | base64" ends in one). "Optional" decodes
  // to ':' and binary, a hex id to binary. The user may be empty (":apikey").
  int continuation = 0;  // UTF-8 continuation bytes still due
  bool utf8 = true;
  bool latin1 = true;  // no C1 control (0x80-0x9f)
  bool colon = false;
  bool bad = false;
  DecodeBase64Until(text, [&](char c) {
    const auto b = static_cast<unsigned char>(c);
    bad = (b < 0x20 && b != '\t' && b != '\r' && b != '\n') || b == 0x7f;
    latin1 &= b < 0x80 || b >= 0xa0;
    if (continuation > 0) {
      utf8 &= (b & 0xC0) == 0x80;
      --continuation;
    } else if (b >= 0xC2 && b <= 0xF4) {
      continuation = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;
    } else {
      utf8 &= b < 0x80;
    }
    colon |= b == ':';
    return bad;
  });
  return colon && !bad && ((utf8 && continuation == 0) || latin1);
}

bool MatchValidator::Base64PrivateKey(std::string_view text) {
  // Any block of the decoded text: a combined PEM puts the certificate
  // first, openssl ecparam -genkey its EC PARAMETERS. Only a private key's
  // BEGIN and END lines end in "PRIVATE KEY-----".
  constexpr std::string_view kMark = "PRIVATE KEY-----";
  char window[kMark.size()] = {};
  size_t seen = 0;
  return DecodeBase64Until(text, [&](char c) {
    std::memmove(window, window + 1, sizeof window - 1);
    window[sizeof window - 1] = c;
    return ++seen >= sizeof window && std::string_view(window, sizeof window) == kMark;
  });
}

}  // namespace sluice
