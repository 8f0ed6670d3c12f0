// JSON token helpers (see json_tokens.h).
#include "parse/json_tokens.h"

#include <cstring>

namespace sluice {

std::string_view TrimJsonSpaceTail(std::string_view token) {
  size_t n = token.size();
  while (n > 0) {
    char c = token[n - 1];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    --n;
  }
  return token.substr(0, n);
}

bool IsJsonNumber(std::string_view t) {
  size_t i = 0;
  const size_t n = t.size();
  auto digit = [&](size_t k) { return k < n && t[k] >= '0' && t[k] <= '9'; };
  if (i < n && t[i] == '-') ++i;
  if (!digit(i)) return false;
  if (t[i] == '0') {
    ++i;
  } else {
    while (digit(i)) ++i;
  }
  if (i < n && t[i] == '.') {
    ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  return i == n;
}

bool HoldsNothing(std::string_view token) {
  if (IsJsonLiteral(token)) return true;
  if (token.size() < 2) return false;
  const char open = token.front();
  const char close = token.back();
  if (!((open == '"' && close == '"') || (open == '[' && close == ']') || (open == '{' && close == '}'))) return false;
  for (char c : token.substr(1, token.size() - 2)) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return open != '"' || token.size() == 2;
}

void FindValueLeaves(std::string_view json, std::vector<std::pair<const char*, const char*>>* leaves) {
  const char* p = json.data();
  const char* const end = p + json.size();
  while (p < end) {
    const char c = *p;
    if (c == '"') {
      const char* close = FindStringEnd(p + 1, end);
      if (!close) return;  // not valid JSON: nothing more to find
      const char* after = close + 1;
      const char* next = after;
      while (next < end && (*next == ' ' || *next == '\t' || *next == '\n' || *next == '\r')) ++next;
      if (next == end || *next != ':') leaves->emplace_back(p, after);
      p = after;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      const char* q = p + 1;
      while (q < end && ((*q >= '0' && *q <= '9') || *q == '.' || *q == 'e' || *q == 'E' || *q == '+' || *q == '-')) ++q;
      leaves->emplace_back(p, q);
      p = q;
    } else {
      ++p;  // structure, blanks, and the letters of true, false and null
    }
  }
}

const char* FindStringEnd(const char* p, const char* limit) {
  while (p < limit) {
    const char* q = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(limit - p)));
    if (!q) return nullptr;
    // The quote ends the string unless an odd number of backslashes precede it.
    const char* b = q;
    while (b > p && b[-1] == '\\') --b;
    if (((q - b) & 1) == 0) return q;
    p = q + 1;
  }
  return nullptr;
}

size_t JsonValueEnd(std::string_view text, size_t at) {
  int depth = 0;
  for (size_t i = at; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      const char* close = FindStringEnd(text.data() + i + 1, text.data() + text.size());
      if (close == nullptr) return text.size();
      i = static_cast<size_t>(close - text.data());
      if (depth == 0) return i + 1;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return i;
      if (--depth == 0) return i + 1;
    } else if (depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
      return i;
    }
  }
  return text.size();
}

}  // namespace sluice
