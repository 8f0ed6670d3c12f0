// ReplacementRenderer (see replacement.h). Tests: tests/redact/replacement_test.cpp.
//
// HMAC is built from OpenSSL's SHA256_CTX because a pre-keyed SHA256_CTX is a
// plain struct that can be copied per call; the EVP/EVP_MAC interfaces allocate
// a context per duplication, which the hot path must not do. Those low-level
// functions are deprecated (not removed) in OpenSSL 3, hence the define below.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "redact/replacement.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <cstring>

#include "redact/match_validator.h"

namespace sluice {
namespace {

constexpr size_t kBlock = SHA256_CBLOCK;  // 64

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// ASCII letters and digits, and every byte of a multi-byte UTF-8 character.
bool IsLetterOrDigit(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

}  // namespace

struct ReplacementRenderer::HmacState {
  SHA256_CTX inner;  // after absorbing key ^ ipad
  SHA256_CTX outer;  // after absorbing key ^ opad
};

ReplacementRenderer::ReplacementRenderer(std::string_view hash_key) {
  if (hash_key.empty()) return;
  unsigned char key[kBlock] = {};
  if (hash_key.size() > kBlock) {
    SHA256(reinterpret_cast<const unsigned char*>(hash_key.data()), hash_key.size(), key);
  } else {
    std::memcpy(key, hash_key.data(), hash_key.size());
  }
  unsigned char pad[kBlock];
  hmac_ = std::make_unique<HmacState>();
  for (size_t i = 0; i < kBlock; ++i) pad[i] = key[i] ^ 0x36;
  SHA256_Init(&hmac_->inner);
  SHA256_Update(&hmac_->inner, pad, kBlock);
  for (size_t i = 0; i < kBlock; ++i) pad[i] = key[i] ^ 0x5c;
  SHA256_Init(&hmac_->outer);
  SHA256_Update(&hmac_->outer, pad, kBlock);
  OPENSSL_cleanse(key, sizeof key);
  OPENSSL_cleanse(pad, sizeof pad);
}

ReplacementRenderer::~ReplacementRenderer() {
  if (hmac_) OPENSSL_cleanse(hmac_.get(), sizeof(HmacState));
}

void ReplacementRenderer::Append(const RedactionRule& rule, std::string_view secret,
                                 std::string* out) const {
  switch (rule.mode) {
    case RedactMode::kHash:
      if (hmac_) {
        AppendHash(secret, out);
        return;
      }
      break;
    case RedactMode::kPartial:
      AppendPartial(secret, rule.keep_last, out);
      return;
    case RedactMode::kMask:
    case RedactMode::kDrop:
      break;
  }
  out->append(rule.label);
}

void ReplacementRenderer::AppendHash(std::string_view secret, std::string* out) const {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256_CTX ctx = hmac_->inner;
  SHA256_Update(&ctx, secret.data(), secret.size());
  SHA256_Final(digest, &ctx);
  ctx = hmac_->outer;
  SHA256_Update(&ctx, digest, sizeof digest);
  SHA256_Final(digest, &ctx);
  static constexpr char kHex[] = "0123456789abcdef";
  char text[6 + kHashHexChars + 1] = {'[', 'H', 'A', 'S', 'H', ':'};
  for (int i = 0; i < kHashHexChars / 2; ++i) {
    text[6 + 2 * i] = kHex[digest[i] >> 4];
    text[6 + 2 * i + 1] = kHex[digest[i] & 15];
  }
  text[6 + kHashHexChars] = ']';
  out->append(text, sizeof text);
}

void ReplacementRenderer::AppendPartial(std::string_view secret, int keep_last, std::string* out) {
  size_t chars = 0;
  bool one_token = true;  // letters and digits, in groups split by ' ', '-', '.' or '_'
  bool digits_only = true;  // digits and those separators
  size_t digits = 0;
  for (unsigned char c : secret) {
    chars += !IsContinuation(c);
    const bool separator = c == ' ' || c == '-' || c == '.' || c == '_';
    const bool digit = c >= '0' && c <= '9';
    digits += digit;
    one_token = one_token && (IsLetterOrDigit(c) || separator);
    digits_only = digits_only && (digit || separator);
  }
  // Byte offset where the last keep_last code points begin.
  size_t keep_from = secret.size();
  for (int kept = 0; kept < keep_last && keep_from > 0;) {
    --keep_from;
    if (!IsContinuation(static_cast<unsigned char>(secret[keep_from]))) ++kept;
  }
  // Only the tail of a single value shows: in "4111111111111111|12/27|321"
  // or a whole object under a card key, the last characters are another
  // secret (the CVV), not the card's last digits.
  for (size_t i = keep_from; i < secret.size() && one_token; ++i) {
    one_token = IsLetterOrDigit(static_cast<unsigned char>(secret[i]));
  }
  // Digits alone, as many as a card's: the tail shows only when they are one
  // card in a card's grouping, not a card and its expiry or CVV
  // ("4111111111111111 1227", "378282246310005 4321").
  size_t begin = 0, end = 0;
  if (one_token && digits_only && digits >= 13 &&
      !(MatchValidator::FindValidGroups(Validator::kLuhn, secret, &begin, &end) && begin == 0 &&
        end == secret.size())) {
    one_token = false;
  }
  if (!one_token || chars < 2 * static_cast<size_t>(keep_last)) {
    out->append(chars, '*');
    return;
  }
  out->append(chars - keep_last, '*');
  out->append(secret.substr(keep_from));
}

}  // namespace sluice
