// KeyMatcher on its own: normalisation, exact vs suffix precedence, the
// allowlist, long keys, many terms (probing).
#include "redact/key_matcher.h"

#include <gtest/gtest.h>

#include <string>

namespace sluice {
namespace {

TEST(RedactKeyMatcherTest, Normalize) {
  EXPECT_EQ(KeyMatcher::Normalize("X-Api-Key"), "xapikey");
  EXPECT_EQ(KeyMatcher::Normalize("api_key"), "apikey");
  EXPECT_EQ(KeyMatcher::Normalize("apiKey"), "apikey");
  EXPECT_EQ(KeyMatcher::Normalize("db.pass word"), "dbpassword");
  EXPECT_EQ(KeyMatcher::Normalize("_-. "), "");
  EXPECT_EQ(KeyMatcher::Normalize("Ünïcode_KEY"), "Ünïcodekey");  // ASCII folding only
}

TEST(RedactKeyMatcherTest, ExactBeatsSuffixAndAllowBeatsBoth) {
  KeyMatcher m;
  m.AddSuffix("token", 1);
  m.AddSuffix("authtoken", 2);
  m.AddExact("idtoken", 3);
  m.AddAllowed("tokentype");
  m.AddAllowed("nexttoken");
  m.Build();
  EXPECT_EQ(m.Match("token"), 1);
  EXPECT_EQ(m.Match("access_token"), 1);
  EXPECT_EQ(m.Match("X-Auth-Token"), 2);  // longest suffix
  EXPECT_EQ(m.Match("id_token"), 3);      // exact
  EXPECT_EQ(m.Match("my_id_token"), 1);   // exact terms do not match as suffixes
  EXPECT_EQ(m.Match("token_type"), KeyMatcher::kNoRule);
  EXPECT_EQ(m.Match("nextToken"), KeyMatcher::kNoRule);  // allowed though it ends in token
  EXPECT_EQ(m.Match("tokens"), KeyMatcher::kNoRule);
  EXPECT_EQ(m.Match(""), KeyMatcher::kNoRule);
  EXPECT_EQ(m.Match("--"), KeyMatcher::kNoRule);
}

TEST(RedactKeyMatcherTest, NumberedKeysMatchAsTheirWord) {
  KeyMatcher m;
  m.AddSuffix("password", 1);
  m.AddExact("cvv2", 2);
  m.AddExact("sig", 3);
  m.AddAllowed("maxtokens");
  m.AddSuffix("token", 4);
  m.AddAllowed("token9");
  m.Build();
  EXPECT_EQ(m.Match("password1"), 1);
  EXPECT_EQ(m.Match("db_password_2"), 1);
  EXPECT_EQ(m.Match("Password-01"), 1);
  EXPECT_EQ(m.Match("cvv2"), 2);   // a term with its digit matches as it is
  EXPECT_EQ(m.Match("cvv22"), KeyMatcher::kNoRule);  // "cvv" is no term
  EXPECT_EQ(m.Match("sig2"), 3);
  EXPECT_EQ(m.Match("max_tokens2"), KeyMatcher::kNoRule);  // allowed once numbered too
  EXPECT_EQ(m.Match("token9"), KeyMatcher::kNoRule);       // allowed as it is
  EXPECT_EQ(m.Match("token8"), 4);
  EXPECT_EQ(m.Match("123"), KeyMatcher::kNoRule);
  EXPECT_EQ(m.Match("password1a"), KeyMatcher::kNoRule);  // only trailing digits
  EXPECT_EQ(m.Match("password_v2"), 1);                   // a version
  EXPECT_EQ(m.Match("DB_PASSWORD_V10"), 1);
  EXPECT_EQ(m.Match("passwordv2"), KeyMatcher::kNoRule);  // a 'v' of the word is kept
  EXPECT_EQ(m.Match("dbPasswordV2"), 1);                  // camelCase
  EXPECT_EQ(m.Match("password\r\n"), 1);                  // line breaks are separators
}

TEST(RedactKeyMatcherTest, FormFieldsMatchByTheirLastBracketedName) {
  KeyMatcher m;
  m.AddSuffix("password", 1);
  m.AddExact("cvv", 2);
  m.Build();
  EXPECT_EQ(m.Match("user[password]"), 1);
  EXPECT_EQ(m.Match("order[card][cvv]"), 2);
  EXPECT_EQ(m.Match("user[password1]"), 1);
  EXPECT_EQ(m.Match("password[user]"), KeyMatcher::kNoRule);
  EXPECT_EQ(m.Match("user[]"), KeyMatcher::kNoRule);
  EXPECT_EQ(m.Match("]"), KeyMatcher::kNoRule);
}

TEST(RedactKeyMatcherTest, PairRoles) {
  for (const char* key : {"name", "Key", "field", "header", "ParameterKey", "option_name", "TagKey", "property",
                          "param", "Parameter", "variable", "setting", "option", "label", "Title"}) {
    EXPECT_EQ(KeyMatcher::PairRoleOf(key), PairRole::kName) << key;
  }
  for (const char* key : {"value", "Value", "vStr", "ParameterValue", "secure-value", "oldValue"}) {
    EXPECT_EQ(KeyMatcher::PairRoleOf(key), PairRole::kValue) << key;
  }
  for (const char* key : {"", "names", "keys", "valued", "v", "msg", "key_id", "a_very_long_parameter_value_name_x",
                          "HOSTNAME", "values", "level_value", "logger_name", "defaultValue", "cache_key",
                          "region", "version", "role", "string", "settings", "subtitle", "params"}) {
    EXPECT_EQ(KeyMatcher::PairRoleOf(key), PairRole::kNone) << key;
  }
}

// A word with a qualifier after it ("_b64", "Value", "-encoded") is the word;
// the qualifier alone, or glued to a word in lower case, is not.
TEST(RedactKeyMatcherTest, QualifiedKeysMatchAsTheirWord) {
  KeyMatcher m;
  m.AddSuffix("password", 1);
  m.AddSuffix("token", 2);
  m.Build();
  for (const char* key : {"password_b64", "DB_PASSWORD_BASE64", "passwordValue", "token-encoded", "token_value_b64"}) {
    EXPECT_NE(m.Match(key), KeyMatcher::kNoRule) << key;
  }
  for (const char* key : {"value", "b64", "passwordvalue", "cache_value", "_value", "tokenencoded"}) {
    EXPECT_EQ(m.Match(key), KeyMatcher::kNoRule) << key;
  }
}

// Members also pair Kubernetes' kind with data and stringData; text does not.
TEST(RedactKeyMatcherTest, MemberPairRoles) {
  EXPECT_EQ(KeyMatcher::MemberPairRoleOf("kind"), PairRole::kKind);
  EXPECT_EQ(KeyMatcher::MemberPairRoleOf("data"), PairRole::kData);
  EXPECT_EQ(KeyMatcher::MemberPairRoleOf("stringData"), PairRole::kData);
  EXPECT_EQ(KeyMatcher::MemberPairRoleOf("name"), PairRole::kName);
  for (const char* key : {"kind", "data", "stringData"}) EXPECT_EQ(KeyMatcher::PairRoleOf(key), PairRole::kNone) << key;
  for (const char* key : {"metadata", "find", "userdata", "ta", "band", "source", "uri", "subject", "objects"}) {
    EXPECT_EQ(KeyMatcher::MemberPairRoleOf(key), PairRole::kNone) << key;
  }
  // An audit event's or admission review's members that tell and hold a Secret.
  for (const char* key : {"resource", "requestURI"}) EXPECT_EQ(KeyMatcher::MemberPairRoleOf(key), PairRole::kResource) << key;
  for (const char* key : {"requestObject", "object", "oldObject"}) {
    EXPECT_EQ(KeyMatcher::MemberPairRoleOf(key), PairRole::kSecretBody) << key;
  }
  for (const char* value : {"secrets", "/api/v1/namespaces/p/secrets", "/api/v1/namespaces/p/secrets/db",
                            "/api/v1/secrets?watch=1"}) {
    EXPECT_TRUE(KeyMatcher::NamesSecrets(value)) << value;
  }
  for (const char* value : {"secret", "configmaps", "/apis/x/v1/secretstores/s", "/secretsmanager", ""}) {
    EXPECT_FALSE(KeyMatcher::NamesSecrets(value)) << value;
  }
}

TEST(RedactKeyMatcherTest, ShortTermsTurnTheTailFilterOff) {
  KeyMatcher m;
  m.AddSuffix("ip", 1);
  m.AddExact("pin", 2);
  m.Build();
  EXPECT_EQ(m.Match("client_ip"), 1);
  EXPECT_EQ(m.Match("X-Real-IP"), 1);
  EXPECT_EQ(m.Match("PIN"), 2);
  EXPECT_EQ(m.Match("zip"), 1);  // suffixes are blunt: "zip" ends in "ip"
  EXPECT_EQ(m.Match("timestamp"), KeyMatcher::kNoRule);
}

TEST(RedactKeyMatcherTest, LaterTermOverrides) {
  KeyMatcher m;
  m.AddExact("password", 1);
  m.AddExact("password", 7);
  m.Build();
  EXPECT_EQ(m.Match("Password"), 7);
}

TEST(RedactKeyMatcherTest, LongKeysUseTheirTail) {
  KeyMatcher m;
  m.AddSuffix("password", 4);
  m.AddExact(std::string(KeyMatcher::kMaxTermLength, 'a'), 5);
  m.Build();
  EXPECT_EQ(m.Match(std::string(500, 'x') + "Password"), 4);
  EXPECT_EQ(m.Match(std::string(KeyMatcher::kMaxTermLength, 'A')), 5);
  // One more character: the exact term no longer equals the whole key.
  EXPECT_EQ(m.Match(std::string(KeyMatcher::kMaxTermLength + 1, 'a')), KeyMatcher::kNoRule);
  EXPECT_EQ(m.Match(std::string(KeyMatcher::kMaxTermLength, 'a') + "_"), 5);
}

TEST(RedactKeyMatcherTest, ManyTermsAllFound) {
  KeyMatcher m;
  for (int i = 0; i < 500; ++i) m.AddExact("key" + std::to_string(i), i);
  for (int i = 0; i < 100; ++i) m.AddSuffix("end" + std::to_string(i) + "x", 1000 + i);
  m.Build();
  for (int i = 0; i < 500; ++i) EXPECT_EQ(m.Match("KEY_" + std::to_string(i)), i);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(m.Match("some.end" + std::to_string(i) + "X"), 1000 + i);
  EXPECT_EQ(m.Match("key500"), KeyMatcher::kNoRule);
}

}  // namespace
}  // namespace sluice
