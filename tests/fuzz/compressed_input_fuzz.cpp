// Fuzz target: an input file read to its end through src/ingest (OpenInput's
// magic-byte detection, GzipReader, ZstdReader, ChunkReader's line cutting).
// Errors must be values (ChunkReader::errors()), never a crash or an exception.
// The bytes are read as the file itself (fuzzed gzip/zstd streams reach the
// decoders when they start with a magic), then compressed by the target so that
// the decoders' paths past the header are reached too:
// - gzip or zstd of the bytes (chosen by their hash), in one member/frame or
//   in two (with a skippable frame between the zstd frames), read exactly as the plain bytes:
//   the same chunk texts and the same number of errors;
// - the same stream cut short (not between two members/frames): a "truncated" error, and (when the plain read
//   had no error and no oversized line) what was read is a prefix of the plain
//   read ending at a line end;
// - one byte flipped: anything but a crash.
// Chunks are small (32..287 bytes, chosen by the input's size) so that lines
// are carried over chunks and oversized lines are cut.
// Replayed by ctest over tests/fuzz/corpus/compressed_input_fuzz/
// (fuzz_replay.compressed_input_fuzz).
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/chunk.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/scratch_file.h"
#include "ingest/chunk_reader.h"
#include "testing/compress.h"

namespace sluice::fuzz {
namespace {

struct ReadResult {
  std::vector<std::string> chunks;  // the text of each chunk, in order
  size_t errors = 0;
  bool oversized = false;
  std::string Text() const {
    std::string all;
    for (const std::string& c : chunks) all += c;
    return all;
  }
};

ReadResult ReadAll(ScratchFile* file, std::string_view bytes, size_t capacity) {
  ChunkReader reader({file->Write(bytes)});
  ReadResult result;
  Chunk chunk(capacity);
  // A chunk is at least one byte of input (or ends an input), so this bounds the loop.
  for (size_t fills = 0;; ++fills) {
    FUZZ_CHECK(fills <= bytes.size() * 64 + 4096);
    chunk.Reset();
    if (!reader.Fill(&chunk)) break;
    FUZZ_CHECK(chunk.size() <= chunk.capacity());
    if (chunk.oversized_line) {
      result.oversized = true;
      FUZZ_CHECK(chunk.oversized_bytes >= chunk.size());
    }
    result.chunks.emplace_back(chunk.data(), chunk.size());
  }
  for (const std::string& e : reader.errors()) FUZZ_CHECK(!e.empty());
  result.errors = reader.errors().size();
  return result;
}

bool StartsWithMagic(std::string_view bytes) {
  return bytes.starts_with("\x1f\x8b") || bytes.starts_with("\x28\xb5\x2f\xfd");
}

// A read of `stream` cut short must report an error and give a prefix of the
// whole read that ends at a line end.
void CheckCut(ScratchFile* file, std::string_view stream, size_t cut, size_t capacity,
              const ReadResult& whole) {
  const ReadResult r = ReadAll(file, stream.substr(0, cut), capacity);
  FUZZ_CHECK(r.errors >= 1);
  // A refused whole read (json-pretty) is no reference: a cut one fails first.
  if (whole.oversized || r.oversized || whole.errors > 0) return;
  const std::string text = r.Text();
  const std::string all = whole.Text();
  FUZZ_CHECK(all.starts_with(text));
  FUZZ_CHECK(text.empty() || text.back() == '\n');
}

}  // namespace
}  // namespace sluice::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sluice;
  using namespace sluice::fuzz;
  namespace t = sluice::testing;
  static ScratchFile* file = new ScratchFile("input");
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const size_t capacity = 32 + size % 256;
  uint32_t h = 2166136261u;
  for (unsigned char c : bytes) h = (h ^ c) * 16777619u;

  const ReadResult plain = ReadAll(file, bytes, capacity);
  if (StartsWithMagic(bytes)) return 0;  // the plain read decoded them: no reference

  // One of four encodings of the bytes, chosen by their hash (each read costs
  // decoder set-up, so not all four every time).
  const std::string_view first = bytes.substr(0, bytes.size() / 2);
  const std::string_view second = bytes.substr(bytes.size() / 2);
  std::string stream;
  std::vector<size_t> frame_ends;  // where a cut leaves whole members/frames
  switch (h % 4) {
    case 0: stream = t::GzipMember(bytes); break;
    case 1: stream = t::ZstdFrame(bytes); break;
    case 2:
      stream = t::GzipMember(first);
      frame_ends.push_back(stream.size());
      stream += t::GzipMember(second);
      break;
    default:
      stream = t::ZstdFrame(first);
      frame_ends.push_back(stream.size());
      stream += t::ZstdSkippableFrame("skip");
      frame_ends.push_back(stream.size());
      stream += t::ZstdFrame(second);
  }
  const ReadResult r = ReadAll(file, stream, capacity);
  FUZZ_CHECK(r.chunks == plain.chunks);
  FUZZ_CHECK(r.errors == plain.errors);
  FUZZ_CHECK(r.oversized == plain.oversized);
  // Cut short: past the 4 magic bytes, so the stream is still taken as compressed.
  const size_t cut = 4 + (h >> 2) % (stream.size() - 4);
  if (std::find(frame_ends.begin(), frame_ends.end(), cut) == frame_ends.end()) {
    CheckCut(file, stream, cut, capacity, plain);
  }
  // One byte flipped, anywhere past the magic.
  const size_t at = 4 + (h >> 8) % (stream.size() - 4);
  stream[at] = static_cast<char>(stream[at] ^ (1u << (h >> 24) % 8));
  ReadAll(file, stream, capacity);
  return 0;
}
