// MatchValidator: Luhn (the card numbers a regex alone cannot tell from order
// ids) and Basic credentials.
#include "redact/match_validator.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(RedactMatchValidatorTest, Luhn) {
  for (const char* card : {"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111",
                           "5555555555554444", "378282246310005", "4012888888881881",
                           "6011111111111117", "4222222222222"}) {
    EXPECT_TRUE(MatchValidator::Luhn(card)) << card;
  }
  for (const char* id : {"4111111111111112", "1234567890123456", "1234567890123",
                         "411111111111", "41111111111111111111", "4111a11111111111", ""}) {
    EXPECT_FALSE(MatchValidator::Luhn(id)) << id;
  }
}

TEST(RedactMatchValidatorTest, BasicCredentials) {
  EXPECT_TRUE(MatchValidator::BasicCredentials("dXNlcjpwYXNz"));      // user:pass
  EXPECT_TRUE(MatchValidator::BasicCredentials("dXNlcjpwYXNzd29yZA=="));
  EXPECT_TRUE(MatchValidator::BasicCredentials("OnA="));              // ":p"
  EXPECT_FALSE(MatchValidator::BasicCredentials("information"));
  EXPECT_FALSE(MatchValidator::BasicCredentials("aGVsbG8gd29ybGQ="));  // hello world
  EXPECT_FALSE(MatchValidator::BasicCredentials("not base64!"));
  EXPECT_FALSE(MatchValidator::BasicCredentials(""));
}

TEST(RedactMatchValidatorTest, Accepts) {
  EXPECT_TRUE(MatchValidator::Accepts(Validator::kNone, "anything"));
  EXPECT_TRUE(MatchValidator::Accepts(Validator::kLuhn, "4111111111111111"));
  EXPECT_FALSE(MatchValidator::Accepts(Validator::kLuhn, "4111111111111112"));
}

}  // namespace
}  // namespace sluice
