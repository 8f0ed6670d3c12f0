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

TEST(RedactMatchValidatorTest, PaymentCardNeedsAnIssuerDigitAndLuhn) {
  for (const char* card : {"4111111111111111", "4111-1111-1111-1111", "2221000000000009",
                           "378282246310005", "5555 5555 5555 4444", "6011111111111117"}) {
    EXPECT_TRUE(MatchValidator::PaymentCard(card)) << card;
  }
  // Luhn-valid, but no card issuer starts with 0, 1, 7, 8 or 9: epoch
  // microseconds, ids.
  for (const char* id : {"1795440577022598", "7992739871300008", "8000000000000003", "9123456789012348", "0000000000000000"}) {
    ASSERT_TRUE(MatchValidator::Luhn(id)) << id;
    EXPECT_FALSE(MatchValidator::PaymentCard(id)) << id;
  }
  EXPECT_FALSE(MatchValidator::PaymentCard("4111111111111112"));
  EXPECT_FALSE(MatchValidator::PaymentCard("- -"));
  // 15 digits are Amex (34, 37) or Maestro, or a phone's IMEI (35..., 4...).
  ASSERT_TRUE(MatchValidator::Luhn("490154203237518"));
  ASSERT_TRUE(MatchValidator::Luhn("356938035643809"));
  EXPECT_FALSE(MatchValidator::PaymentCard("356938035643809"));
  EXPECT_FALSE(MatchValidator::PaymentCard("490154203237518"));
  EXPECT_TRUE(MatchValidator::PaymentCard("371449635398431"));
  EXPECT_TRUE(MatchValidator::PaymentCard("3782 822463 10005"));
  // Each length is some issuers' only: Visa's 13, Diners' 14, Mastercard's
  // 2-series from 22. Luhn-valid look-alikes of other lengths stay.
  EXPECT_TRUE(MatchValidator::PaymentCard("4222222222222"));
  EXPECT_TRUE(MatchValidator::PaymentCard("36227206271667"));
  EXPECT_TRUE(MatchValidator::PaymentCard("6200000000000005"));
  for (const char* id : {"20240115123042",  // a Rails migration's version: YYYYMMDDHHMMSS
                         "5901234123457",   // an EAN-13 barcode
                         "2024011500004", "41111111111114", "2000000000000006"}) {
    ASSERT_TRUE(MatchValidator::Luhn(id)) << id;
    EXPECT_FALSE(MatchValidator::PaymentCard(id)) << id;
  }
}

TEST(RedactMatchValidatorTest, BasicCredentials) {
  EXPECT_TRUE(MatchValidator::BasicCredentials("dXNlcjpwYXNz"));      // user:pass
  EXPECT_TRUE(MatchValidator::BasicCredentials("dXNlcjpwYXNzd29yZA=="));
  EXPECT_TRUE(MatchValidator::BasicCredentials("OnA="));              // ":p"
  EXPECT_FALSE(MatchValidator::BasicCredentials("information"));
  EXPECT_FALSE(MatchValidator::BasicCredentials("aGVsbG8gd29ybGQ="));  // hello world
  EXPECT_TRUE(MatchValidator::BasicCredentials("Ym9iOnDDpHNz"));        // bob:päss
  EXPECT_TRUE(MatchValidator::BasicCredentials("YWRtaW46cORzcw=="));    // admin:päss in Latin-1
  EXPECT_TRUE(MatchValidator::BasicCredentials("YWRtaW46UzNjcmV0Cg==")); // echo admin:S3cret | base64
  // A word and a hex id that decode to binary.
  EXPECT_FALSE(MatchValidator::BasicCredentials("Optional"));
  EXPECT_FALSE(MatchValidator::BasicCredentials("3a9f0c2b7e4d1a6f8c5b3e2d1f0a9b8c7d6e5f4a"));
  EXPECT_FALSE(MatchValidator::BasicCredentials("not base64!"));
  EXPECT_FALSE(MatchValidator::BasicCredentials(""));
}

// base64 of PEM blocks: RSA and PKCS#8 encrypted keys (one line, and wrapped
// at 76 as base64(1) writes it) against a certificate and other base64.
TEST(RedactMatchValidatorTest, Base64PrivateKey) {
  EXPECT_TRUE(MatchValidator::Base64PrivateKey(
      "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFcEFJQkFBS0NBUUVBMFozVlM1SkpjZHMzeGZuCi0tLS0tRU5EIFJTQSBQ"
      "UklWQVRFIEtFWS0tLS0tCg=="));
  EXPECT_TRUE(MatchValidator::Base64PrivateKey(
      "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFcEFJQkFBS0NBUUVBMFozVlM1Skpj\nZHMzeGZuCi0tLS0tRU5E"));
  EXPECT_TRUE(MatchValidator::Base64PrivateKey(
      "LS0tLS1CRUdJTiBFTkNSWVBURUQgUFJJVkFURSBLRVktLS0tLQpNSUlGSERCT0Jna3Foa2lH"));
  EXPECT_TRUE(MatchValidator::Base64PrivateKey("LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ"));  // cut short
  // A key after a certificate (a combined PEM), after EC PARAMETERS (openssl ecparam -genkey).
  EXPECT_TRUE(MatchValidator::Base64PrivateKey(
      "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJzekNDQVZtZ0F3SUJBZ0lVUQotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCi0tLS0t"
      "QkVHSU4gUFJJVkFURSBLRVktLS0tLQpNSUdIQWdFQU1CTUcKLS0tLS1FTkQgUFJJVkFURSBLRVktLS0tLQo="));
  EXPECT_TRUE(MatchValidator::Base64PrivateKey(
      "LS0tLS1CRUdJTiBFQyBQQVJBTUVURVJTLS0tLS0KQmdncWhrak9QUU1CQnc9PQotLS0tLUVORCBFQyBQQVJBTUVURVJTLS0tLS0KLS0tLS1C"
      "RUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFCi0tLS0tRU5EIEVDIFBSSVZBVEUgS0VZLS0tLS0K"));
  EXPECT_FALSE(MatchValidator::Base64PrivateKey(
      "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJzekNDQVZtZ0F3SUJBZ0lVUQotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg=="));
  EXPECT_FALSE(MatchValidator::Base64PrivateKey("LS0tLS1CRUdJTiBSU0Eg"));  // "-----BEGIN RSA "
  EXPECT_FALSE(MatchValidator::Base64PrivateKey("aGVsbG8gd29ybGQ="));
  EXPECT_FALSE(MatchValidator::Base64PrivateKey(""));
  EXPECT_FALSE(MatchValidator::BasicCredentials("dXNlcjpw\nYXNz"));  // a header's token has no line break
}

TEST(RedactMatchValidatorTest, Accepts) {
  EXPECT_TRUE(MatchValidator::Accepts(Validator::kNone, "anything"));
  EXPECT_TRUE(MatchValidator::Accepts(Validator::kLuhn, "4111111111111111"));
  EXPECT_FALSE(MatchValidator::Accepts(Validator::kLuhn, "4111111111111112"));
  EXPECT_TRUE(MatchValidator::Accepts(Validator::kLuhn, "1795440577022598"));
  EXPECT_FALSE(MatchValidator::Accepts(Validator::kPaymentCard, "1795440577022598"));
  EXPECT_TRUE(MatchValidator::Accepts(Validator::kPaymentCard, "4111111111111111"));
  EXPECT_TRUE(MatchValidator::Accepts(Validator::kBase64PrivateKey, "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ"));
}

}  // namespace
}  // namespace sluice
