// SecretValues: random values for the secrets SecretPlanter plants (passwords,
// tokens, JWTs, card numbers, PEM blocks, ...), each in the format real
// scanners look for, and each unique in the file: a value that has been handed
// out before is drawn again, so the truth never lists a secret twice and a
// secret found in sluice's output points at exactly one planting.
// Not thread-safe. Tests: tests/gen/log_generator_test.cpp (unique, >= 10 bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

#include "gen/rng.h"

namespace sluice::gen {

enum class SecretKind : uint8_t {
  // Under a sensitive key (any depth, in arrays of objects, header spellings).
  kPasswordKey, kSecretKey, kTokenKey, kApiKeyKey, kAuthorizationKey, kCookieKey,
  kSessionKey, kPrivateKeyKey, kCardKey, kSsnKey,
  // Inside ordinary text, whatever the key.
  kJwt, kBearerText, kBasicText, kCardText, kEmail, kAwsKeyId, kGithubToken, kSlackToken,
  kStripeKey, kGoogleApiKey, kPemText, kUrlPassword, kQuerySecret, kKeyValueText,
  kQuotedKeyText,
  // Written with JSON escapes (\u0041KIA..., https:\/\/u:p@h, bob\u0040x.com).
  kEscapedAwsKeyId, kEscapedUrlPassword, kEscapedEmail,
  // Inside JSON text that is a string value ("body":"{\"password\":...}"),
  // NDJSON (an Elasticsearch _bulk body), or a container's JSON line kept as
  // text, its query token after Go's \u0026 (found once decoded twice).
  kJsonInString,
  // In text: an XML element (<password>..</password>), a URL-encoded pair
  // (password%3D..), a Cookie header line, a Go MySQL DSN (user:pw@tcp(..)),
  // an OpenAI/Anthropic key, an OAuth ?code= in a request line.
  kXmlElement, kUrlEncodedPair, kCookieText, kMysqlDsn, kAiApiKey, kQueryCode,
  // In text: a password set in SQL, a GitLab/Sentry/Grafana token, a
  // wrapped string (b'..', Some("..")), a Terraform plan's new value.
  kSqlPassword, kServiceToken, kWrappedValue, kPlanChange,
  // Structures: a name/value pair ({"name":"DB_PASSWORD","value":..}), an
  // argument list (["--db-password",..]), a Kubernetes Secret's data (before
  // its kind, as kubectl sorts the keys, or after it); a program's short
  // password flag (["redis-cli","-a",..]), a Secret patch in an audit event,
  // a flat header list (rawHeaders).
  kNameValuePair, kArgumentList, kKubernetesSecret, kProgramFlag, kSecretPatch, kRawHeaders,
  kCount
};

class SecretValues {
 public:
  // rng: not owned, outlives this.
  explicit SecretValues(Rng* rng) : rng_(rng) {}

  // Each returns a value never returned before, valid until the next call.
  // The typical value for a kind: AKIA... for kAwsKeyId, a PEM block for
  // kPrivateKeyKey, a password for kKeyValueText, ...
  const std::string& ForKind(SecretKind kind);
  const std::string& Password();  // 12-20 characters, some punctuation
  const std::string& Alnum(size_t min_len, size_t max_len);
  const std::string& Base64Url(size_t min_len, size_t max_len);
  const std::string& Jwt();
  const std::string& BasicCredentials();  // base64 of "user:password"
  const std::string& Email();

  // Not unique, not secret on their own: `n` random decimal digits.
  std::string Digits(size_t n);
  static int LuhnCheckDigit(std::string_view digits);

 private:
  template <typename Make>
  const std::string& Fresh(Make make);
  void AppendPassword(std::string* s);
  void AppendJwt(std::string* s);
  void AppendBasicCredentials(std::string* s);
  void AppendCard(std::string* s);
  void AppendSsn(std::string* s);
  void AppendEmail(std::string* s);
  void AppendPem(std::string* s);
  void AppendChars(std::string_view alphabet, size_t n, std::string* s);

  Rng* rng_;
  std::string value_;
  std::unordered_set<uint64_t> handed_out_;  // hashes of every value returned
};

}  // namespace sluice::gen
