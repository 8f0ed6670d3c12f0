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

}  // namespace
}  // namespace sluice
