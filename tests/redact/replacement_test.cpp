// ReplacementRenderer: HMAC-SHA256 against OpenSSL's own HMAC(), partial masking.
#include "redact/replacement.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

namespace sluice {
namespace {

std::string ReferenceHash(const std::string& key, const std::string& secret) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), md, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "[HASH:";
  for (int i = 0; i < ReplacementRenderer::kHashHexChars / 2; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 15];
  }
  return out + "]";
}

TEST(RedactReplacementTest, HashIsHmacSha256) {
  RedactionRule rule{"h", RedactMode::kHash, "[REDACTED]", 4};
  for (const std::string& key : {std::string("sixteen-byte-key"), std::string(64, 'k'),
                                std::string(200, 'z') /* longer than a block: hashed first */}) {
    ReplacementRenderer renderer(key);
    ASSERT_TRUE(renderer.has_hash_key());
    for (const std::string& secret : {std::string(""), std::string("hunter2"),
                                     std::string(1000, 's')}) {
      std::string out;
      renderer.Append(rule, secret, &out);
      EXPECT_EQ(out, ReferenceHash(key, secret)) << key.size() << " " << secret.size();
    }
  }
}

TEST(RedactReplacementTest, MaskPartialDrop) {
  ReplacementRenderer renderer("");
  EXPECT_FALSE(renderer.has_hash_key());
  std::string out;
  renderer.Append({"m", RedactMode::kMask, "[X]", 4}, "secret", &out);
  renderer.Append({"d", RedactMode::kDrop, "[D]", 4}, "secret", &out);
  renderer.Append({"p", RedactMode::kPartial, "", 2}, "abcdef", &out);
  renderer.Append({"p", RedactMode::kPartial, "", 2}, "abc", &out);
  EXPECT_EQ(out, "[X][D]****ef***");
}

// Partial shows the tail of one token only: where the value holds more than
// the card (an expiry and CVV after it, a whole object), the tail would be
// another secret, so all of it is masked.
TEST(RedactReplacementTest, PartialShowsTheTailOfOneTokenOnly) {
  ReplacementRenderer renderer("");
  const RedactionRule card{"card_number", RedactMode::kPartial, "", 4};
  auto render = [&](std::string_view secret) {
    std::string out;
    renderer.Append(card, secret, &out);
    return out;
  };
  EXPECT_EQ(render("4111111111111111"), "************1111");
  EXPECT_EQ(render("4111 1111 1111 1111"), "***************1111");
  EXPECT_EQ(render("4111-1111-1111-1111"), "***************1111");
  EXPECT_EQ(render("4111111111111111|12/27|321"), std::string(26, '*'));
  EXPECT_EQ(render("4111 1111 1111 1111 exp 12/25 cvv 123"), std::string(37, '*'));
  EXPECT_EQ(render("4111 1111 1111 1111 cvv 123"), std::string(27, '*'));  // the tail " 123"
  EXPECT_EQ(render(R"({"number":"4111111111111111","cvv":"987"})"), std::string(41, '*'));
  EXPECT_EQ(render("ñandú-1234"), "******1234");  // UTF-8 letters are letters
  // As many digits as a card: the tail shows only for one card in a card's grouping.
  EXPECT_EQ(render("4111111111111111 1227"), std::string(21, '*'));  // and its expiry
  EXPECT_EQ(render("378282246310005 4321"), std::string(20, '*'));   // and its CVV
  EXPECT_EQ(render("3782 822463 10005"), "*************0005");
  EXPECT_EQ(render("4111111111111112"), std::string(16, '*'));  // fails the Luhn sum
}

}  // namespace
}  // namespace sluice
