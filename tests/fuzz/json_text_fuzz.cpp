// Fuzz target: bytes as the body of a JSON string through core/json_text.h.
// UnescapeJsonString has two decoders: without an origin map it takes 64
// bytes a step where the CPU has AVX-512 VBMI2, with one it goes byte by
// byte. Both must accept and reject the same bodies and decode them to the
// same bytes, whatever the output string held before. The origin map must be
// one entry per decoded byte plus the body's size, never decreasing; the
// lenient decoder must agree with the strict one wherever the strict one
// succeeds; and text that is valid UTF-8 must survive AppendJsonEscaped and
// decoding unchanged.
// Replayed by ctest over tests/fuzz/corpus/json_text_fuzz/
// (fuzz_replay.json_text_fuzz).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_text.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sluice;
  const std::string_view body(reinterpret_cast<const char*>(data), size);

  // Kept from input to input: the block decoder reuses the output's bytes.
  static std::string* blocks = new std::string;
  std::string bytes;
  std::vector<uint32_t> origin;
  const bool block_ok = UnescapeJsonString(body, blocks);
  const bool byte_ok = UnescapeJsonString(body, &bytes, &origin);
  FUZZ_CHECK(block_ok == byte_ok);

  std::string lenient;
  std::vector<uint32_t> lenient_origin;
  UnescapeJsonTextLenient(body, &lenient, &lenient_origin);
  FUZZ_CHECK(lenient_origin.size() == lenient.size() + 1);
  FUZZ_CHECK(lenient_origin.back() == body.size());
  if (!byte_ok) return 0;

  FUZZ_CHECK(*blocks == bytes);
  FUZZ_CHECK(lenient == bytes);
  FUZZ_CHECK(origin == lenient_origin);
  FUZZ_CHECK(origin.size() == bytes.size() + 1);
  FUZZ_CHECK(origin.back() == body.size());
  for (size_t i = 1; i < origin.size(); ++i) FUZZ_CHECK(origin[i - 1] <= origin[i]);

  if (IsValidUtf8(bytes)) {
    std::string escaped;
    AppendJsonEscaped(bytes, &escaped);
    std::string again;
    FUZZ_CHECK(UnescapeJsonString(escaped, &again));
    FUZZ_CHECK(again == bytes);
  }
  return 0;
}
