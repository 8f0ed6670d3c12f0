// LogGenerator: see log_generator.h. The Engine owns one instance of every
// writer and decides each line's fate (blank, malformed, or a record of some
// shape) before the writers fill it in. Tests: tests/gen/log_generator_test.cpp.
#include "gen/log_generator.h"

#include <cstdint>
#include <string_view>
#include <utility>

#include "gen/journal_writer.h"
#include "gen/json_buffer.h"
#include "gen/log_clock.h"
#include "gen/malformed_writer.h"
#include "gen/record_facts.h"
#include "gen/rng.h"
#include "gen/secret_planter.h"
#include "gen/shape_writer.h"

namespace sluice::gen {
namespace {

constexpr int64_t kStartEpochUs = 1795440248LL * 1000000;  // 2026-11-23T13:24:08Z
constexpr size_t kFlushBytes = 4 << 20;
constexpr std::string_view kBlankLines[] = {"", " ", "\t", "  \t "};

std::vector<Shape> AppShapes(const std::vector<Shape>& shapes) {
  std::vector<Shape> apps;
  for (Shape shape : shapes) {
    if (shape != Shape::kJournal) apps.push_back(shape);
  }
  return apps;
}

std::vector<Shape> AllShapesIfEmpty(std::vector<Shape> shapes) {
  if (shapes.empty()) {
    for (int i = 0; i < kShapeCount; ++i) shapes.push_back(static_cast<Shape>(i));
  }
  return shapes;
}

}  // namespace

class LogGenerator::Engine {
 public:
  explicit Engine(GeneratorOptions options)
      : options_(std::move(options)),
        shape_list_(AllShapesIfEmpty(options_.shapes)),
        rng_(options_.seed),
        clock_(kStartEpochUs + static_cast<int64_t>(options_.seed % 3600) * 1000000),
        facts_sampler_(&rng_, &clock_),
        planter_(&rng_, options_.secret_rate, options_.near_miss_rate),
        shapes_(&clock_, &planter_),
        journal_(&rng_, &clock_, &planter_, &shapes_, AppShapes(shape_list_)),
        malformed_(&rng_, [this](JsonBuffer* out) { return WriteRecord(PickShape(), out); }) {}

  uint64_t target_bytes() const { return options_.bytes; }

  // Appends lines to *buffer until the log reaches options_.bytes. Whenever
  // the buffer holds flush_bytes or more, flush(buffer) writes it out and
  // clears it (returning false on a write error, which stops the run).
  template <typename Flush>
  bool Run(std::string* buffer, size_t flush_bytes, Flush flush) {
    JsonBuffer out(buffer);
    const size_t base = buffer->size();
    uint64_t flushed = 0;
    while (flushed + (buffer->size() - base) < options_.bytes) {
      WriteLine(&out);
      if (buffer->size() >= flush_bytes) {
        flushed += buffer->size();
        if (!flush(buffer)) return false;
      }
    }
    truth_.bytes = flushed + (buffer->size() - base);
    return true;
  }

  GeneratorTruth truth_;

 private:
  Shape PickShape() {
    return shape_list_[rng_.Below(static_cast<uint32_t>(shape_list_.size()))];
  }

  // Writes one record of `shape` (no line end) into out, truth into line_;
  // returns the offset just past its last planted secret (0: none).
  size_t WriteRecord(Shape shape, JsonBuffer* out) {
    const Shape inner = shape == Shape::kJournal ? journal_.InnerShape() : shape;
    facts_sampler_.Next(/*request_only=*/inner == Shape::kNginx, &facts_);
    planter_.BeginLine(inner, &line_);
    if (shape == Shape::kJournal) {
      journal_.Write(inner, facts_, out, &line_);
    } else {
      shapes_.Write(shape, facts_, out, &line_);
    }
    return planter_.last_secret_end();
  }

  void WriteLine(JsonBuffer* out) {
    line_.Clear();
    if (rng_.Chance(options_.blank_rate)) {
      out->Raw(rng_.Pick(kBlankLines));
      EndLine(out);
      truth_.AddBlank();
      return;
    }
    if (rng_.Chance(options_.malformed_rate)) {
      const MalformedCause cause = malformed_.Write(out);
      EndLine(out);
      truth_.AddMalformed(cause, line_);
      return;
    }
    const Shape shape = PickShape();
    WriteRecord(shape, out);
    EndLine(out);
    truth_.AddRecord(shape, line_);
  }

  void EndLine(JsonBuffer* out) { out->Raw(options_.crlf ? "\r\n" : "\n"); }

  GeneratorOptions options_;
  std::vector<Shape> shape_list_;
  Rng rng_;
  LogClock clock_;
  FactsSampler facts_sampler_;
  SecretPlanter planter_;
  ShapeWriter shapes_;
  JournalWriter journal_;
  MalformedWriter malformed_;
  RecordFacts facts_;
  LineTruth line_;
};

LogGenerator::LogGenerator(GeneratorOptions options)
    : engine_(std::make_unique<Engine>(std::move(options))) {}

LogGenerator::~LogGenerator() = default;

bool LogGenerator::Generate(std::FILE* out) {
  std::string buffer;
  buffer.reserve(kFlushBytes + (64 << 10));
  auto write = [out](std::string* text) {
    const bool ok = std::fwrite(text->data(), 1, text->size(), out) == text->size();
    text->clear();
    return ok;
  };
  if (!engine_->Run(&buffer, kFlushBytes, write)) return false;
  return write(&buffer) && std::fflush(out) == 0;
}

void LogGenerator::GenerateTo(std::string* out) {
  out->reserve(out->size() + engine_->target_bytes() + (64 << 10));
  engine_->Run(out, SIZE_MAX, [](std::string*) { return true; });
}

const GeneratorTruth& LogGenerator::truth() const { return engine_->truth_; }

std::string GenerateString(const GeneratorOptions& options, GeneratorTruth* truth) {
  std::string text;
  text.reserve(options.bytes + (64 << 10));
  LogGenerator generator(options);
  generator.GenerateTo(&text);
  if (truth != nullptr) *truth = generator.truth();
  return text;
}

}  // namespace sluice::gen
