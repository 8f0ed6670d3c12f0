// SecretValues: see secret_values.h. Tests: tests/gen/log_generator_test.cpp.
#include "gen/secret_values.h"

#include <functional>

namespace sluice::gen {
namespace {

constexpr std::string_view kAlnum =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kLetters = kAlnum.substr(0, 52);
constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kAwsChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kPasswordChars =
    "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%&*+-.=?^_~";
constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kHexLower = "0123456789abcdef";
constexpr std::string_view kFirstNames[] = {"alice", "bob", "carol", "dmitri", "eunji",
                                            "fatima", "gabriel", "hana"};
constexpr std::string_view kMailDomains[] = {"example.com", "mail.example.org",
                                             "corp.example.net"};

void AppendBase64(std::string_view in, bool url, std::string* out) {
  const std::string_view table = url ? kBase64Url : kBase64;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t v = (static_cast<uint8_t>(in[i]) << 16) |
                       (static_cast<uint8_t>(in[i + 1]) << 8) | static_cast<uint8_t>(in[i + 2]);
    out->push_back(table[v >> 18]);
    out->push_back(table[(v >> 12) & 63]);
    out->push_back(table[(v >> 6) & 63]);
    out->push_back(table[v & 63]);
  }
  const size_t rest = in.size() - i;
  if (rest == 0) return;
  uint32_t v = static_cast<uint8_t>(in[i]) << 16;
  if (rest == 2) v |= static_cast<uint8_t>(in[i + 1]) << 8;
  out->push_back(table[v >> 18]);
  out->push_back(table[(v >> 12) & 63]);
  if (rest == 2) out->push_back(table[(v >> 6) & 63]);
  if (!url) out->append(rest == 1 ? "==" : "=");
}

}  // namespace

int SecretValues::LuhnCheckDigit(std::string_view digits) {
  int sum = 0;
  bool twice = true;  // the rightmost payload digit is doubled
  for (size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return (10 - sum % 10) % 10;
}

template <typename Make>
const std::string& SecretValues::Fresh(Make make) {
  for (;;) {
    value_.clear();
    make(&value_);
    if (handed_out_.insert(std::hash<std::string_view>()(value_)).second) return value_;
  }
}

void SecretValues::AppendChars(std::string_view alphabet, size_t n, std::string* s) {
  for (size_t i = 0; i < n; ++i) {
    s->push_back(alphabet[rng_->Below(static_cast<uint32_t>(alphabet.size()))]);
  }
}

std::string SecretValues::Digits(size_t n) {
  std::string digits;
  AppendChars(kDigits, n, &digits);
  return digits;
}

const std::string& SecretValues::Password() {
  return Fresh([this](std::string* s) { AppendPassword(s); });
}

const std::string& SecretValues::Alnum(size_t min_len, size_t max_len) {
  return Fresh([&](std::string* s) {
    AppendChars(kAlnum, min_len + rng_->Below(static_cast<uint32_t>(max_len - min_len + 1)), s);
  });
}

const std::string& SecretValues::Base64Url(size_t min_len, size_t max_len) {
  return Fresh([&](std::string* s) {
    AppendChars(kBase64Url, min_len + rng_->Below(static_cast<uint32_t>(max_len - min_len + 1)),
                s);
  });
}

const std::string& SecretValues::Jwt() {
  return Fresh([this](std::string* s) { AppendJwt(s); });
}

const std::string& SecretValues::BasicCredentials() {
  return Fresh([this](std::string* s) { AppendBasicCredentials(s); });
}

const std::string& SecretValues::Email() {
  return Fresh([this](std::string* s) { AppendEmail(s); });
}

void SecretValues::AppendPassword(std::string* s) {
  AppendChars(kLetters, 1, s);
  AppendChars(kPasswordChars, 11 + rng_->Below(9), s);
}

void SecretValues::AppendJwt(std::string* s) {
  s->append(rng_->Chance(0.6) ? "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"  // {"alg":"HS256",...}
                              : "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiSldUIn0");
  s->push_back('.');
  std::string payload = "{\"sub\":\"user_";
  payload += std::to_string(100000 + rng_->Below(900000));
  payload += "\",\"iat\":";
  const uint64_t iat = 1795000000 + rng_->Below(10000000);
  payload += std::to_string(iat);
  payload += ",\"exp\":";
  payload += std::to_string(iat + 3600);
  payload += ",\"scope\":\"orders:read orders:write\"}";
  AppendBase64(payload, /*url=*/true, s);
  s->push_back('.');
  AppendChars(kBase64Url, 43, s);
}

void SecretValues::AppendBasicCredentials(std::string* s) {
  std::string pair = "svc-";
  AppendChars(kLower, 5, &pair);
  pair.push_back(':');
  AppendChars(kAlnum, 14 + rng_->Below(6), &pair);
  AppendBase64(pair, /*url=*/false, s);
}

void SecretValues::AppendCard(std::string* s) {
  struct Brand {
    std::string_view prefix;
    int length;
    std::string_view groups;  // digits per group when written with separators
  };
  static constexpr Brand kBrands[] = {
      {"4", 16, "4444"},   {"4", 16, "4444"}, {"51", 16, "4444"}, {"55", 16, "4444"},
      {"2221", 16, "4444"}, {"6011", 16, "4444"}, {"34", 15, "465"}, {"37", 15, "465"},
      {"36", 14, "464"},   {"4", 13, "445"},  {"62", 19, "44443"}, {"35", 16, "4444"},
  };
  const Brand& brand = rng_->Pick(kBrands);
  std::string digits(brand.prefix);
  AppendChars(kDigits, static_cast<size_t>(brand.length) - digits.size() - 1, &digits);
  digits.push_back(static_cast<char>('0' + LuhnCheckDigit(digits)));
  const uint32_t style = rng_->Below(3);  // plain, spaces, dashes
  if (style == 0) {
    s->append(digits);
    return;
  }
  size_t at = 0;
  for (char g : brand.groups) {
    if (at > 0) s->push_back(style == 1 ? ' ' : '-');
    const size_t n = static_cast<size_t>(g - '0');
    s->append(digits, at, n);
    at += n;
  }
}

void SecretValues::AppendSsn(std::string* s) {
  uint32_t area = 1 + rng_->Below(899);
  if (area == 666) area = 667;
  s->append(std::to_string(1000 + area).substr(1));
  s->push_back('-');
  s->append(std::to_string(101 + rng_->Below(98)).substr(1));
  s->push_back('-');
  s->append(std::to_string(10001 + rng_->Below(9998)).substr(1));
}

void SecretValues::AppendEmail(std::string* s) {
  s->append(rng_->Pick(kFirstNames));
  s->push_back('.');
  AppendChars(kLower, 1, s);
  AppendChars(kDigits, 4, s);
  AppendChars(kLower, 2, s);
  s->push_back('@');
  s->append(rng_->Pick(kMailDomains));
}

void SecretValues::AppendPem(std::string* s) {
  static constexpr std::string_view kKinds[][2] = {
      {"RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA"},
      {"PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"},
      {"OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"},
      {"EC PRIVATE KEY", "MHcCAQEEI"},
  };
  const auto& kind = rng_->Pick(kKinds);
  s->append("-----BEGIN ").append(kind[0]).append("-----\n").append(kind[1]);
  AppendChars(kBase64, 64 - kind[1].size(), s);
  for (int line = 0; line < 2; ++line) {
    s->push_back('\n');
    AppendChars(kBase64, 64, s);
  }
  s->push_back('\n');
  AppendChars(kBase64, 20 + rng_->Below(40), s);
  s->append("=\n-----END ").append(kind[0]).append("-----");
}

const std::string& SecretValues::ForKind(SecretKind kind) {
  switch (kind) {
    case SecretKind::kSecretKey: return Alnum(32, 40);
    case SecretKind::kTokenKey:
    case SecretKind::kBearerText:
      if (rng_->Chance(0.3)) return Jwt();
      return kind == SecretKind::kTokenKey ? Base64Url(40, 63) : Base64Url(32, 47);
    case SecretKind::kApiKeyKey:
      return Fresh([this](std::string* s) {
        if (rng_->Chance(0.5)) {
          AppendChars(kHexLower, 32, s);
        } else {
          s->append("key_");
          AppendChars(kAlnum, 24 + rng_->Below(9), s);
        }
      });
    case SecretKind::kSessionKey:
      return Fresh([this](std::string* s) { AppendChars(kHexLower, 32, s); });
    case SecretKind::kPrivateKeyKey:
    case SecretKind::kPemText:
      return Fresh([this](std::string* s) { AppendPem(s); });
    case SecretKind::kCardKey:
    case SecretKind::kCardText:
      return Fresh([this](std::string* s) { AppendCard(s); });
    case SecretKind::kSsnKey: return Fresh([this](std::string* s) { AppendSsn(s); });
    case SecretKind::kJwt: return Jwt();
    case SecretKind::kBasicText: return BasicCredentials();
    case SecretKind::kEmail:
    case SecretKind::kEscapedEmail: return Email();
    case SecretKind::kAwsKeyId:
    case SecretKind::kEscapedAwsKeyId:
      return Fresh([this](std::string* s) {
        s->append(rng_->Chance(0.8) ? "AKIA" : "ASIA");
        AppendChars(kAwsChars, 16, s);
      });
    case SecretKind::kGithubToken:
      return Fresh([this](std::string* s) {
        s->append(rng_->Chance(0.8) ? "ghp_" : "gho_");
        AppendChars(kAlnum, 36, s);
      });
    case SecretKind::kSlackToken:
      return Fresh([this](std::string* s) {
        s->append(rng_->Chance(0.7) ? "xoxb-" : "xoxp-");
        AppendChars(kDigits, 12, s);
        s->push_back('-');
        AppendChars(kDigits, 13, s);
        s->push_back('-');
        AppendChars(kAlnum, 24, s);
      });
    case SecretKind::kStripeKey:
      return Fresh([this](std::string* s) {
        s->append(rng_->Chance(0.7) ? "sk_live_" : "rk_live_");
        AppendChars(kAlnum, 32, s);
      });
    case SecretKind::kGoogleApiKey:
      return Fresh([this](std::string* s) {
        s->append("AIza");
        AppendChars(kBase64Url, 35, s);
      });
    case SecretKind::kAiApiKey:
      return Fresh([this](std::string* s) {
        s->append(rng_->Chance(0.6) ? "sk-proj-" : "sk-ant-api03-");
        AppendChars(kBase64Url, 40 + rng_->Below(20), s);
      });
    case SecretKind::kServiceToken:
      return Fresh([this](std::string* s) {
        switch (rng_->Below(3)) {
          case 0: s->append("glpat-"); AppendChars(kBase64Url, 20, s); break;
          case 1: s->append("sntrys_"); AppendChars(kBase64Url, 40 + rng_->Below(20), s); break;
          default: s->append("glsa_"); AppendChars(kAlnum, 32, s); s->append("_0a1b2c3d");
        }
      });
    case SecretKind::kKubernetesSecret: case SecretKind::kSecretPatch: return Base64Url(24, 64);
    case SecretKind::kXmlElement: case SecretKind::kUrlEncodedPair: case SecretKind::kCookieText:
    case SecretKind::kMysqlDsn: case SecretKind::kQueryCode: case SecretKind::kArgumentList:
    case SecretKind::kSqlPassword: case SecretKind::kWrappedValue: case SecretKind::kPlanChange:
    case SecretKind::kProgramFlag: case SecretKind::kRawHeaders:
      return Alnum(14, 32);  // no byte that the form would have to escape
    default:
      return Password();
  }
}

}  // namespace sluice::gen
