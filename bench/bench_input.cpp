#include "bench_input.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "gen/log_generator.h"

namespace sluice::bench {

void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "sluice_bench: check failed: %s\n", what);
  std::abort();
}

void ClearOutput(Chunk* chunk) {
  chunk->line_count = 0;
  chunk->out.clear();
  chunk->frame.clear();
  chunk->dead.clear();
  chunk->dead_text.clear();
}

std::vector<std::unique_ptr<Chunk>> CutIntoChunks(const std::string& text, size_t chunk_bytes) {
  std::vector<std::unique_ptr<Chunk>> chunks;
  size_t pos = 0;
  uint64_t seq = 0;
  while (pos < text.size()) {
    size_t end = std::min(text.size(), pos + chunk_bytes);
    if (end < text.size()) {
      const void* nl = memrchr(text.data() + pos, '\n', end - pos);
      if (nl) {
        end = static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1;
      } else {
        // One line longer than a chunk: give it a chunk of its own size.
        const void* next = std::memchr(text.data() + end, '\n', text.size() - end);
        end = next ? static_cast<size_t>(static_cast<const char*>(next) - text.data()) + 1
                   : text.size();
      }
    }
    auto chunk = std::make_unique<Chunk>(std::max(chunk_bytes, end - pos));
    std::memcpy(chunk->data(), text.data() + pos, end - pos);
    std::memset(chunk->data() + (end - pos), 0, kChunkPadding);
    chunk->set_size(end - pos);
    chunk->seq = seq++;
    chunk->end_of_source = end == text.size();
    chunks.push_back(std::move(chunk));
    pos = end;
  }
  return chunks;
}

namespace {

std::string ReadFileOrDie(const char* path) {
  std::FILE* f = std::fopen(path, "rb");
  if (!f) {
    std::fprintf(stderr, "sluice_bench: SLUICE_BENCH_INPUT=%s: %s\n", path, std::strerror(errno));
    std::exit(2);
  }
  std::string text;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  const bool failed = std::ferror(f);
  std::fclose(f);
  if (failed || text.empty()) {
    std::fprintf(stderr, "sluice_bench: SLUICE_BENCH_INPUT=%s: unreadable or empty\n", path);
    std::exit(2);
  }
  return text;
}

BenchInput Build() {
  BenchInput input;
  if (const char* path = std::getenv("SLUICE_BENCH_INPUT"); path && *path) {
    input.description = path;
    input.text = ReadFileOrDie(path);
  } else {
    gen::GeneratorOptions options;
    options.bytes = kGeneratedBytes;
    options.seed = kGeneratedSeed;
    gen::GeneratorTruth truth;
    input.text = gen::GenerateString(options, &truth);
    input.truth = std::move(truth);
    input.description = "generated: " + std::to_string(kGeneratedBytes >> 20) + " MiB, seed " +
                        std::to_string(kGeneratedSeed);
  }
  input.lines = static_cast<uint64_t>(std::count(input.text.begin(), input.text.end(), '\n'));
  if (input.text.back() != '\n') ++input.lines;
  if (input.truth) Check(input.truth->lines == input.lines, "generator truth: line count");
  input.chunks = CutIntoChunks(input.text, kChunkBytes);
  std::fprintf(stderr, "sluice_bench input: %s (%zu bytes, %llu lines, %zu chunks of <= %zu KiB)\n",
               input.description.c_str(), input.text.size(),
               static_cast<unsigned long long>(input.lines), input.chunks.size(), kChunkBytes >> 10);
  return input;
}

}  // namespace

const BenchInput& TheBenchInput() {
  static const BenchInput input = Build();
  return input;
}

}  // namespace sluice::bench
