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

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

// Length of an HTTP auth scheme word plus its blanks at text[at] when
// credentials follow, or 0: the scheme is kept, the credentials masked.
size_t SchemeLength(std::string_view text, size_t at) {
  // IANA's HTTP authentication schemes and common vendor ones.
  static constexpr std::string_view kSchemes[] = {
      "bearer", "basic", "token",  "digest", "negotiate",    "ntlm",   "oauth",
      "hoba",   "mutual", "vapid", "dpop",   "gnap",         "apikey", "hawk",
      "privatetoken", "sharedkey", "scram-sha-1", "scram-sha-256", "aws4-hmac-sha256"};
  size_t end = at;
  while (end < text.size() && end - at <= 16 &&
         (kKeyChar[static_cast<unsigned char>(text[end])] && text[end] != '.')) {
    ++end;
  }
  if (end == at || end >= text.size() || !IsBlank(text[end])) return 0;
  const std::string_view word = text.substr(at, end - at);
  bool known = false;
  for (std::string_view scheme : kSchemes) {
    if (word.size() != scheme.size()) continue;
    known = true;
    for (size_t i = 0; i < scheme.size() && known; ++i) known = Lower(word[i]) == scheme[i];
    if (known) break;
  }
  if (!known) return 0;
  while (end < text.size() && IsBlank(text[end])) ++end;
  // A scheme with nothing after it is the value itself.
  if (end >= text.size() || kTerminator[static_cast<unsigned char>(text[end])]) return 0;
  return end - at;
}

// End of a JSON array or object value at text[at] ('[' or '{'): after its
// matching bracket, strings skipped; the end of text when it never closes (a
// cut line). A sensitive key's value is masked whole, whatever it holds.
size_t ContainerEnd(std::string_view text, size_t at) {
  int depth = 0;
  for (size_t i = at; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      // A string: to its closing quote; inside raw JSON (\"...\") the
      // closing quote is the next one behind a backslash.
      const bool escaped = i > 0 && text[i - 1] == '\\';
      for (++i; i < text.size(); ++i) {
        if (text[i] == '"' && (!escaped || text[i - 1] == '\\')) break;
        if (!escaped && text[i] == '\\') ++i;
      }
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && --depth == 0) {
      return i + 1;
    }
  }
  return text.size();
}

}  // namespace

bool KeyValueFinder::FindAt(std::string_view text, size_t pos, ValueMatch* match) const {
  const size_t n = text.size();
  const char sep = text[pos];
  // "10:30", "a=1:2": a number before and a digit after is a time or a
  // ratio ("cvv2=123" is not: its key has letters).
  if (pos > 0 && pos + 1 < n && IsDigit(text[pos - 1]) && IsDigit(text[pos + 1])) {
    size_t k = pos - 1;
    while (k > 0 && IsDigit(text[k - 1])) --k;
    if (k == 0 || !kKeyChar[static_cast<unsigned char>(text[k - 1])]) return false;
  }
  if (sep == ':' && pos + 2 < n && text[pos + 1] == '/' && text[pos + 2] == '/') return false;
  // Comparisons in code: "password == x", "token != nil", "a <= b".
  if (sep == '=' && ((pos + 1 < n && text[pos + 1] == '=') ||
                     (pos > 0 && (text[pos - 1] == '=' || text[pos - 1] == '!' || text[pos - 1] == '<' ||
                                  text[pos - 1] == '>')))) {
    return false;
  }

  // Key: [spaces] [quote [backslashes]] key-chars, read backwards.
  size_t i = pos;
  while (i > 0 && IsBlank(text[i - 1])) --i;
  if (i > 0 && (text[i - 1] == '"' || text[i - 1] == '\'')) {
    --i;
    while (i > 0 && text[i - 1] == '\\') --i;
  } else if (i > 0 && text[i - 1] == ']') {
    --i;  // a form field's name: user[password]=...
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
  if (sep == ':' && j < n && text[j] == '=') ++j;  // key := value
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
  } else if (q == '[' || q == '{') {
    begin = j;
    end = ContainerEnd(text, j);
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
  // Digits: a numbered key ("password1=") matches as its word.
  for (unsigned char c : std::string_view(" \t\"'_-.]0123456789")) bytes.set(c);
  for (int c = 0x80; c < 256; ++c) bytes.set(static_cast<size_t>(c));
  return bytes;
}

}  // namespace sluice
