// KeyValueFinder (see key_value_finder.h).
// Tests: tests/redact/redaction_rules_test.cpp (KeyValue cases).
#include "redact/key_value_finder.h"

#include <array>

namespace sluice {
namespace {

constexpr size_t kMaxKeyBytes = 96;

constexpr std::array<bool, 256> MakeKeyChars() {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.';
  }
  return t;
}
constexpr std::array<bool, 256> kKeyChar = MakeKeyChars();

constexpr std::array<bool, 256> MakeTerminators() {
  std::array<bool, 256> t{};
  for (unsigned char c : std::string_view(" \t\r\n\f\v&,;\"'<>\\")) t[c] = true;
  return t;
}
constexpr std::array<bool, 256> kTerminator = MakeTerminators();

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// Length of an auth scheme word plus its spaces at text[at], or 0.
size_t SchemeLength(std::string_view text, size_t at) {
  for (std::string_view scheme : {std::string_view("bearer"), std::string_view("basic"),
                                  std::string_view("token")}) {
    if (text.size() - at <= scheme.size()) continue;
    bool same = true;
    for (size_t i = 0; i < scheme.size() && same; ++i) {
      char c = text[at + i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
      same = c == scheme[i];
    }
    if (!same || !IsBlank(text[at + scheme.size()])) continue;
    size_t end = at + scheme.size();
    while (end < text.size() && IsBlank(text[end])) ++end;
    return end - at;
  }
  return 0;
}

}  // namespace

bool KeyValueFinder::FindAt(std::string_view text, size_t pos, ValueMatch* match) const {
  const size_t n = text.size();
  const char sep = text[pos];
  // "10:30", "a=1:2": a digit on both sides is a time or a ratio.
  if (pos > 0 && pos + 1 < n && IsDigit(text[pos - 1]) && IsDigit(text[pos + 1])) return false;
  if (sep == ':' && pos + 2 < n && text[pos + 1] == '/' && text[pos + 2] == '/') return false;

  // Key: [spaces] [quote [backslashes]] key-chars, read backwards.
  size_t i = pos;
  while (i > 0 && IsBlank(text[i - 1])) --i;
  if (i > 0 && (text[i - 1] == '"' || text[i - 1] == '\'')) {
    --i;
    while (i > 0 && text[i - 1] == '\\') --i;
  }
  const size_t key_end = i;
  // Non-ASCII bytes inside a key are read past and left out of the match: a
  // malformed line bound for the dead letter may carry invalid UTF-8 in a key
  // ("password\xc3", "pass\xffword"), and its value is still a password.
  char key[kMaxKeyBytes];
  size_t key_size = 0;
  while (i > 0 && key_end - i < kMaxKeyBytes) {
    const unsigned char c = static_cast<unsigned char>(text[i - 1]);
    if (!kKeyChar[c] && c < 0x80) break;
    --i;
  }
  for (size_t k = i; k < key_end; ++k) {
    if (static_cast<unsigned char>(text[k]) < 0x80) key[key_size++] = text[k];
  }
  if (key_size == 0) return false;
  const int rule = keys_->Match(std::string_view(key, key_size));
  if (rule < 0) return false;

  // Value.
  size_t j = pos + 1;
  if (sep == '=' && j < n && text[j] == '>') ++j;  // key => value
  while (j < n && IsBlank(text[j])) ++j;
  if (j >= n) return false;
  // \" (JSON in a string), \\\" (JSON in a string in a string), ...: the
  // value's quote behind any run of backslashes.
  bool escaped_quote = false;
  size_t slashes = 0;
  while (j + slashes < n && text[j + slashes] == '\\') ++slashes;
  if (slashes > 0 && j + slashes < n && (text[j + slashes] == '"' || text[j + slashes] == '\'')) {
    escaped_quote = true;
    j += slashes;
  }
  size_t begin;
  size_t end;
  const char q = text[j];
  if (q == '"' || q == '\'') {
    begin = j + 1;
    begin += SchemeLength(text, begin);
    end = begin;
    if (escaped_quote) {
      while (end < n && !(text[end] == q && text[end - 1] == '\\')) ++end;
      if (end < n) {
        while (end > begin && text[end - 1] == '\\') --end;  // the closing quote's backslashes
      }
    } else {
      while (end < n && text[end] != q) end += text[end] == '\\' ? 2 : 1;
      if (end > n) end = n;
    }
  } else {
    begin = j + SchemeLength(text, j);
    end = begin;
    while (end < n && !kTerminator[static_cast<unsigned char>(text[end])]) ++end;
  }
  if (end <= begin) return false;
  match->begin = static_cast<uint32_t>(begin);
  match->end = static_cast<uint32_t>(end);
  match->rule = static_cast<uint16_t>(rule);
  return true;
}

std::bitset<256> KeyValueFinder::KeyEndBytes() const {
  std::bitset<256> bytes = keys_->term_last_bytes();
  for (unsigned char c : std::string_view(" \t\"'_-.")) bytes.set(c);
  for (int c = 0x80; c < 256; ++c) bytes.set(static_cast<size_t>(c));
  return bytes;
}

}  // namespace sluice
