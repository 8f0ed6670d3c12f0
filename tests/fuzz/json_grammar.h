// JsonGrammar: a strict, slow check of JSON text against RFC 8259's grammar,
// for the fuzz targets. simdjson's DOM parser (their first check) also refuses
// some valid JSON that sluice rightly passes through as it came: numbers a
// double cannot hold (1e999, huge integers) and unpaired surrogate escapes
// ("\ud83d\u84df"); those records are checked here instead. Written
// apart from sluice's own parsing code so that both cannot share a mistake.
#pragma once

#include <simdjson.h>

#include <cctype>
#include <string_view>

namespace sluice::fuzz {

class JsonGrammar {
 public:
  // True if `text` is one JSON object (whitespace around it allowed).
  static bool IsObject(std::string_view text) {
    if (!simdjson::validate_utf8(text.data(), text.size())) return false;
    JsonGrammar g(text);
    g.Space();
    if (g.Peek() != '{' || !g.Value(0)) return false;
    g.Space();
    return g.pos_ == text.size();
  }

 private:
  static constexpr int kMaxDepth = 1100;
  explicit JsonGrammar(std::string_view text) : text_(text) {}

  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  bool Eat(char c) {
    if (Peek() != c || pos_ >= text_.size()) return false;
    ++pos_;
    return true;
  }
  void Space() {
    while (pos_ < text_.size() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' || Peek() == '\r')) ++pos_;
  }
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }
  bool Digits() {
    if (!IsDigit(Peek())) return false;
    while (IsDigit(Peek())) ++pos_;
    return true;
  }
  bool Literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  bool Number() {
    Eat('-');
    if (!Eat('0') && !Digits()) return false;
    if (Eat('.') && !Digits()) return false;
    if (Peek() == 'e' || Peek() == 'E') {
      ++pos_;
      if (!Eat('+')) Eat('-');
      if (!Digits()) return false;
    }
    return true;
  }
  bool String() {
    if (!Eat('"')) return false;
    while (pos_ < text_.size()) {
      const unsigned char c = static_cast<unsigned char>(text_[pos_++]);
      if (c == '"') return true;
      if (c < 0x20) return false;
      if (c != '\\') continue;
      const char e = Peek();
      ++pos_;
      if (e == 'u') {
        for (int i = 0; i < 4; ++i, ++pos_) {
          if (!std::isxdigit(static_cast<unsigned char>(Peek()))) return false;
        }
      } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos || e == '\0') {
        return false;
      }
    }
    return false;
  }
  bool Value(int depth) {
    if (depth > kMaxDepth) return false;
    Space();
    switch (Peek()) {
      case '{':
        ++pos_;
        Space();
        if (Eat('}')) return true;
        do {
          Space();
          if (!String()) return false;
          Space();
          if (!Eat(':') || !Value(depth + 1)) return false;
          Space();
        } while (Eat(','));
        return Eat('}');
      case '[':
        ++pos_;
        Space();
        if (Eat(']')) return true;
        do {
          if (!Value(depth + 1)) return false;
          Space();
        } while (Eat(','));
        return Eat(']');
      case '"': return String();
      case 't': return Literal("true");
      case 'f': return Literal("false");
      case 'n': return Literal("null");
      default: return Number();
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace sluice::fuzz
