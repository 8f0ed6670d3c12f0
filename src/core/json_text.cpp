#include "core/json_text.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace sluice {
namespace {

bool ReadHex4(std::string_view s, size_t pos, uint32_t* value) {
  if (pos + 4 > s.size()) return false;
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) {
    int h = HexDigitValue(s[pos + i]);
    if (h < 0) return false;
    v = (v << 4) | static_cast<uint32_t>(h);
  }
  *value = v;
  return true;
}

// Writes `cp` as UTF-8 to dst (room for 4 bytes); returns the byte count.
size_t EncodeUtf8(uint32_t cp, char* dst) {
  if (cp < 0x80) {
    dst[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    dst[0] = static_cast<char>(0xC0 | (cp >> 6));
    dst[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    dst[0] = static_cast<char>(0xE0 | (cp >> 12));
    dst[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    dst[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  dst[0] = static_cast<char>(0xF0 | (cp >> 18));
  dst[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  dst[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  dst[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n = 0;
  uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    return 0;
  }
  return n;
}

// Decodes the escape sequence at body[i] (a backslash) into dst (room for 4
// bytes): returns the index after it and sets *written, or 0 when it is
// malformed. A lone surrogate becomes U+FFFD, so that the text stays decodable.
size_t DecodeEscape(std::string_view body, size_t i, char* dst, size_t* written) {
  if (i + 1 >= body.size()) return 0;
  size_t next = i + 2;
  char c;
  switch (body[i + 1]) {
    case '"': c = '"'; break;
    case '\\': c = '\\'; break;
    case '/': c = '/'; break;
    case 'b': c = '\b'; break;
    case 'f': c = '\f'; break;
    case 'n': c = '\n'; break;
    case 'r': c = '\r'; break;
    case 't': c = '\t'; break;
    case 'u': {
      uint32_t cp = 0;
      if (!ReadHex4(body, next, &cp)) return 0;
      next += 4;
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        uint32_t low = 0;
        if (next + 6 <= body.size() && body[next] == '\\' && body[next + 1] == 'u' &&
            ReadHex4(body, next + 2, &low) && low >= 0xDC00 && low <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          next += 6;
        } else {
          cp = 0xFFFD;
        }
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        cp = 0xFFFD;
      }
      *written = EncodeUtf8(cp, dst);
      return next;
    }
    default:
      return 0;
  }
  dst[0] = c;
  *written = 1;
  return next;
}

// The portable decoder behind both entry points; `lenient` keeps a malformed
// escape's backslash as a plain byte instead of failing. Runs without a
// backslash are copied whole, their origins written as a counting run (a
// push_back a byte was most of the redactor's decoding instructions). Decoded
// text is never longer than its source, so both outputs are sized once.
bool Unescape(std::string_view body, std::string* out, std::vector<uint32_t>* origin, bool lenient) {
  const size_t n = body.size();
  out->resize(n);
  if (origin) origin->resize(n + 1);
  char* dst = out->data();
  uint32_t* from = origin ? origin->data() : nullptr;
  size_t o = 0;
  size_t i = 0;
  while (i < n) {
    const size_t start = i;
    if (body[i] != '\\') {
      const void* next = std::memchr(body.data() + i, '\\', n - i);
      i = next ? static_cast<size_t>(static_cast<const char*>(next) - body.data()) : n;
      std::memcpy(dst + o, body.data() + start, i - start);
      if (from) {
        for (size_t k = 0; k < i - start; ++k) from[o + k] = static_cast<uint32_t>(start + k);
      }
      o += i - start;
      continue;
    }
    char decoded[4];
    size_t written = 0;
    const size_t next = DecodeEscape(body, i, decoded, &written);
    if (next == 0) {
      if (!lenient) return false;
      decoded[0] = '\\';
      written = 1;
      i = start + 1;
    } else {
      i = next;
    }
    std::memcpy(dst + o, decoded, written);
    if (from) {
      for (size_t k = 0; k < written; ++k) from[o + k] = static_cast<uint32_t>(start);
    }
    o += written;
  }
  out->resize(o);
  if (origin) {
    from[o] = static_cast<uint32_t>(n);
    origin->resize(o + 1);
  }
  return true;
}

#if defined(__x86_64__)
// UnescapeJsonString without `origin`, 64 bytes a step with AVX-512 VBMI2:
// the backslashes of simple escapes (\" \\ \/, nearly all of them in a
// journald MESSAGE that holds a JSON line) are squeezed out of the block by
// one compress; any other escape is decoded alone by DecodeEscape. A block
// always starts outside an escape: it ends before a backslash whose escaped
// byte lies beyond it.
__attribute__((target("avx512f,avx512bw,avx512vbmi2,popcnt,bmi"))) bool UnescapeVbmi2(
    std::string_view body, std::string* out) {
  const size_t n = body.size();
  // Decoded text is never longer than its source; 64 bytes of slack take the
  // last block's full-width store. Growing from the last call's size fills
  // only the difference.
  if (out->size() < n + 64) out->resize(n + 64);
  char* dst = out->data();
  const char* p = body.data();
  const __m512i backslash = _mm512_set1_epi8('\\');
  const __m512i quote = _mm512_set1_epi8('"');
  const __m512i slash = _mm512_set1_epi8('/');
  constexpr uint64_t kEven = 0x5555555555555555ull;
  size_t i = 0;
  size_t o = 0;
  while (i < n) {
    const size_t len = std::min<size_t>(64, n - i);
    const uint64_t valid = len == 64 ? ~uint64_t{0} : (uint64_t{1} << len) - 1;
    const __m512i v = _mm512_maskz_loadu_epi8(valid, p + i);
    const uint64_t backslashes = _mm512_cmpeq_epi8_mask(v, backslash);
    if (backslashes == 0) {
      _mm512_storeu_si512(dst + o, v);
      o += len;
      i += len;
      continue;
    }
    // Escaped bytes: the byte after a run of backslashes of odd length
    // (simdjson's branchless scan, with nothing carried into the block).
    const uint64_t follows = backslashes << 1;
    const uint64_t odd_starts = backslashes & ~kEven & ~follows;
    uint64_t even_starts = 0;
    __builtin_add_overflow(odd_starts, backslashes, &even_starts);
    const uint64_t escaped = (kEven ^ (even_starts << 1)) & follows & valid;
    const uint64_t escapers = backslashes & ~escaped;
    const uint64_t simple = _mm512_cmpeq_epi8_mask(v, quote) | backslashes |
                            _mm512_cmpeq_epi8_mask(v, slash);
    const uint64_t other = escaped & ~simple;
    size_t take = len;
    if (other != 0) {
      take = static_cast<size_t>(__builtin_ctzll(other)) - 1;  // its backslash
    } else if ((escapers >> (len - 1)) & 1) {
      take = len - 1;  // the escaped byte is in the next block
    }
    if (take == 0) {
      size_t written = 0;
      const size_t next = DecodeEscape(body, i, dst + o, &written);
      if (next == 0) return false;
      o += written;
      i = next;
      continue;
    }
    const uint64_t keep = (take == 64 ? ~uint64_t{0} : (uint64_t{1} << take) - 1) & ~escapers;
    _mm512_storeu_si512(dst + o, _mm512_maskz_compress_epi8(keep, v));
    o += static_cast<size_t>(__builtin_popcountll(keep));
    i += take;
  }
  out->resize(o);
  return true;
}

const bool kHasVbmi2 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                       __builtin_cpu_supports("avx512vbmi2");
#endif

}  // namespace

bool UnescapeJsonString(std::string_view body, std::string* out, std::vector<uint32_t>* origin) {
#if defined(__x86_64__)
  if (origin == nullptr && kHasVbmi2) return UnescapeVbmi2(body, out);
#endif
  return Unescape(body, out, origin, /*lenient=*/false);
}

void UnescapeJsonTextLenient(std::string_view text, std::string* out, std::vector<uint32_t>* origin) {
  Unescape(text, out, origin, /*lenient=*/true);
}

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool DecodeOnceMore(std::string_view text, std::string* out, std::vector<uint32_t>* origin) {
  UnescapeJsonTextLenient(text, out, origin);
  return out->size() != text.size() || DecodeHexEscapes(text, out, origin);
}

bool DecodeHexEscapes(std::string_view text, std::string* out, std::vector<uint32_t>* origin) {
  out->clear();
  origin->clear();
  bool any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    origin->push_back(static_cast<uint32_t>(i));
    if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x' && HexDigitValue(text[i + 2]) >= 0 &&
        HexDigitValue(text[i + 3]) >= 0) {
      out->push_back(static_cast<char>(HexDigitValue(text[i + 2]) * 16 + HexDigitValue(text[i + 3])));
      i += 3;
      any = true;
    } else {
      out->push_back(text[i]);
    }
  }
  origin->push_back(static_cast<uint32_t>(text.size()));
  return any;
}

void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  AppendJsonEscaped(text, out);
  out->push_back('"');
}

void AppendJsonEscaped(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      // Copy the run of plain ASCII in one go.
      size_t j = i + 1;
      while (j < text.size()) {
        unsigned char d = static_cast<unsigned char>(text[j]);
        if (d < 0x20 || d >= 0x80 || d == '"' || d == '\\') break;
        ++j;
      }
      out->append(text.data() + i, j - i);
      i = j;
      continue;
    }
    if (c >= 0x80) {
      size_t n = Utf8SequenceLength(text, i);
      if (n == 0) {
        out->append("\xEF\xBF\xBD");  // U+FFFD
        ++i;
      } else {
        out->append(text.data() + i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xF]);
    }
    ++i;
  }
}

bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    size_t n = Utf8SequenceLength(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

}  // namespace sluice
