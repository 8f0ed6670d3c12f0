// BenchInput: the one input every stage benchmark runs on, made once per
// process and shared, so that the stages are timed on the same bytes.
//
// By default it is the sample generator's output (kGeneratedBytes, seed 1, all
// shapes, in memory), whose truth (line, record and malformed counts) the
// benchmarks check against before timing. With SLUICE_BENCH_INPUT=path.ndjson
// it is that file instead (plain NDJSON, read whole into memory); then there
// is no truth and the checks compare the stages with each other.
//
// The input is cut into chunks as the reader cuts them (kChunkBytes, after
// the last newline, padded for simdjson), so that the workers see what they
// see in a run.
// Thread safety: TheBenchInput() builds on first use (thread-safe static);
// the chunks' input bytes are then read-only, their output fields belong to
// whichever benchmark is running.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/chunk.h"
#include "gen/generator_truth.h"

namespace sluice::bench {

inline constexpr uint64_t kGeneratedBytes = 64ull << 20;
inline constexpr uint64_t kGeneratedSeed = 1;
inline constexpr size_t kChunkBytes = 1 << 20;

struct BenchInput {
  std::string description;  // "generated: 64 MiB, seed 1" or the file's path
  std::string text;         // the whole input
  std::vector<std::unique_ptr<Chunk>> chunks;  // `text`, cut at line ends
  uint64_t lines = 0;       // as the parser counts them (a last line without '\n' included)
  std::optional<gen::GeneratorTruth> truth;  // only for generated input
};

// Builds the input on first call; aborts with a message if the file cannot be read.
const BenchInput& TheBenchInput();

// Cuts `text` into padded chunks of at most `chunk_bytes` (more only for a
// single longer line), each ending after a newline except perhaps the last.
std::vector<std::unique_ptr<Chunk>> CutIntoChunks(const std::string& text, size_t chunk_bytes);

// Clears what a worker wrote into a chunk, keeping its input.
void ClearOutput(Chunk* chunk);

// Prints "sluice_bench: check failed: what" and aborts when !ok: a benchmark
// must never time wrong output.
void Check(bool ok, const char* what);

}  // namespace sluice::bench
