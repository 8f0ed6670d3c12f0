// Tests for worker/record_worker.h: one chunk in, its records out (redacted,
// '\n'-terminated, CRLF and the last line without newline handled), malformed
// lines kept for the dead letter with their cause, size and (bounded) text,
// the chunk's line count, a zstd frame that decodes to the output, oversized
// lines, the worker's metrics (and none without a FieldDiscovery), and journal
// envelopes whose values are bytes, kept or unwrapped.
#include "worker/record_worker.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstring>
#include <string>
#include <vector>

#include "testing/compress.h"

namespace sluice {
namespace {

struct Dead {
  uint64_t line;
  std::string cause;
  uint64_t bytes;
  std::string text;
  bool truncated;
  bool operator==(const Dead&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Dead& d) {
  return os << "{line " << d.line << " " << d.cause << " " << d.bytes << " bytes "
            << ::testing::PrintToString(d.text.substr(0, 60)) << (d.truncated ? " truncated}" : "}");
}

std::vector<Dead> DeadOf(const Chunk& chunk) {
  std::vector<Dead> dead;
  for (const DeadLetterEntry& e : chunk.dead) {
    EXPECT_LE(e.text_offset + e.text_size, chunk.dead_text.size());
    dead.push_back({e.line_in_chunk, std::string(MalformedName(e.cause)), e.line_bytes,
                    chunk.dead_text.substr(e.text_offset, e.text_size), e.truncated});
  }
  return dead;
}

ChunkPtr MakeChunk(const std::string& text) {
  auto chunk = std::make_unique<Chunk>(text.size() + 1);
  std::memcpy(chunk->data(), text.data(), text.size());
  chunk->set_size(text.size());
  return chunk;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return lines;
}

class RecordWorkerTest : public ::testing::Test {
 protected:
  std::shared_ptr<const RedactionRules> rules_ = RedactionRules::Default();
  FieldDiscovery discovery_;
};

TEST_F(RecordWorkerTest, WritesRecordsAndKeepsMalformedLines) {
  const std::string text =
      "{\"a\":1}\n"                                           // 0
      "\n"                                                   // 1 blank
      "not json\n"                                           // 2
      "{\"user\":\"bob\",\"password\":\"hunter2\",\"n\":2}\n"  // 3 redacted
      "[1]\n"                                                // 4
      "{\"msg\":\"a\\qb\"}\n"                                // 5 invalid escape in a value
      "  \t\n"                                               // 6 blank
      "{\"ok\":true}\r\n"                                    // 7 CRLF
      "{\"last\":\"no newline\"}";                           // 8
  RecordWorker worker(WorkerOptions{}, rules_, &discovery_);
  ChunkPtr chunk = MakeChunk(text);
  worker.Process(chunk.get());

  EXPECT_EQ(chunk->line_count, 9u);
  const std::vector<std::string> out = SplitLines(chunk->out);
  ASSERT_EQ(out.size(), 4u) << chunk->out;
  ASSERT_EQ(chunk->out.back(), '\n');
  EXPECT_EQ(out[0], "{\"a\":1}");
  const std::string before = "{\"user\":\"bob\",\"password\":", after = ",\"n\":2}";
  ASSERT_GT(out[1].size(), before.size() + after.size());
  EXPECT_EQ(out[1].substr(0, before.size()), before) << out[1];
  EXPECT_EQ(out[1].substr(out[1].size() - after.size()), after) << out[1];
  EXPECT_EQ(out[1].find("hunter2"), std::string::npos) << out[1];
  EXPECT_EQ(out[2], "{\"ok\":true}");
  EXPECT_EQ(out[3], "{\"last\":\"no newline\"}");
  EXPECT_TRUE(chunk->frame.empty()) << "no frame without compression";

  const std::vector<Dead> expected = {
      {2, "invalid_json", 8, "not json", false},
      {4, "not_object", 3, "[1]", false},
      {5, "invalid_json", 14, "{\"msg\":\"a\\qb\"}", false},
  };
  EXPECT_EQ(DeadOf(*chunk), expected);

  const MetricsShard& m = worker.metrics();
  EXPECT_EQ(m.lines_out, 4u);
  EXPECT_EQ(m.malformed_total(), 3u);
  EXPECT_EQ(m.malformed[static_cast<int>(Malformed::kInvalidJson)], 2u);
  EXPECT_EQ(m.malformed[static_cast<int>(Malformed::kNotObject)], 1u);
  EXPECT_EQ(m.lines_in, 9u) << "every line read counts, blank ones too";
  uint64_t redactions = 0;
  for (uint64_t n : m.redactions) redactions += n;
  EXPECT_EQ(redactions, 1u);
}

TEST_F(RecordWorkerTest, KeyWithAnInvalidEscapeIsMalformed) {
  RecordWorker worker(WorkerOptions{}, rules_, &discovery_);
  ChunkPtr chunk = MakeChunk("{\"ok\":1}\n{\"a\\qb\":1}\n{\"a\\u12\":1}\n{\"ok\":2}\n");
  worker.Process(chunk.get());
  EXPECT_EQ(chunk->out, "{\"ok\":1}\n{\"ok\":2}\n");
  const std::vector<Dead> dead = DeadOf(*chunk);
  ASSERT_EQ(dead.size(), 2u);
  EXPECT_EQ(dead[0].line, 1u);
  EXPECT_EQ(dead[0].cause, "invalid_json");
  EXPECT_EQ(dead[1].line, 2u);
  EXPECT_EQ(dead[1].cause, "invalid_json");
}

TEST_F(RecordWorkerTest, EveryRecordOfAChunkIsValidJsonOut) {
  std::string text;
  for (int i = 0; i < 500; ++i) {
    text += "{\"i\":" + std::to_string(i) + ",\"password\":\"p" + std::to_string(i) +
            "\",\"s\":\"q\\\"\\u00e9\",\"a\":[1,{\"password\":[1,2]}]}\n";
  }
  RecordWorker worker(WorkerOptions{}, rules_, &discovery_);
  ChunkPtr chunk = MakeChunk(text);
  worker.Process(chunk.get());
  const std::vector<std::string> out = SplitLines(chunk->out);
  ASSERT_EQ(out.size(), 500u);
  simdjson::dom::parser parser;
  for (int i = 0; i < 500; ++i) {
    simdjson::dom::object object;
    ASSERT_EQ(parser.parse(out[i]).get_object().get(object), simdjson::SUCCESS) << out[i];
    int64_t n = -1;
    ASSERT_EQ(object["i"].get_int64().get(n), simdjson::SUCCESS);
    EXPECT_EQ(n, i);
    std::string_view password;
    ASSERT_EQ(object["password"].get_string().get(password), simdjson::SUCCESS);
    std::string planted = "p";
    planted += std::to_string(i);
    EXPECT_NE(password, planted);
  }
  EXPECT_TRUE(chunk->dead.empty());
}

TEST_F(RecordWorkerTest, CompressedChunkIsOneFrameOfItsOutput) {
  WorkerOptions options;
  options.compress = true;
  options.level = 1;
  RecordWorker worker(options, rules_, &discovery_);
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "{\"i\":" + std::to_string(i) + ",\"msg\":\"hello\"}\n";
  ChunkPtr chunk = MakeChunk(text);
  worker.Process(chunk.get());
  ASSERT_EQ(chunk->out, text);
  EXPECT_EQ(testing::ZstdFrameCount(chunk->frame), 1);
  EXPECT_LT(chunk->frame.size(), chunk->out.size());
  bool ok = false;
  EXPECT_EQ(testing::ZstdDecompress(chunk->frame, &ok), chunk->out);
  EXPECT_TRUE(ok);

  // A chunk with no record has nothing to compress.
  ChunkPtr bad = MakeChunk("x\ny\n");
  worker.Process(bad.get());
  EXPECT_TRUE(bad->out.empty());
  EXPECT_TRUE(bad->frame.empty());
  EXPECT_EQ(bad->dead.size(), 2u);
}

TEST_F(RecordWorkerTest, OversizedLineIsTooLongWithItsTrueSize) {
  RecordWorker worker(WorkerOptions{}, rules_, &discovery_);
  ChunkPtr chunk = MakeChunk(std::string(100, 'x'));
  chunk->oversized_line = true;
  chunk->oversized_bytes = 5'000'000;
  worker.Process(chunk.get());
  EXPECT_EQ(chunk->line_count, 1u);
  EXPECT_TRUE(chunk->out.empty());
  ASSERT_EQ(chunk->dead.size(), 1u);
  const Dead dead = DeadOf(*chunk)[0];
  EXPECT_EQ(dead.line, 0u);
  EXPECT_EQ(dead.cause, "too_long");
  EXPECT_EQ(dead.bytes, 5'000'000u);
  EXPECT_TRUE(dead.truncated);
  EXPECT_EQ(dead.text, "[REDACTED]");  // the kept start ends in a word the cut may have split
  EXPECT_EQ(worker.metrics().lines_in, 1u);
  EXPECT_EQ(worker.metrics().malformed[static_cast<int>(Malformed::kTooLong)], 1u);
}

TEST_F(RecordWorkerTest, LongLinesAndDeadLetterTextAreBounded) {
  WorkerOptions options;
  options.max_line_bytes = 200;
  options.dead_letter_text_limit = 50;
  RecordWorker worker(options, rules_, &discovery_);
  const std::string long_record = "{\"a\":\"" + std::string(300, 'y') + "\"}";
  const std::string long_garbage(120, 'g');
  const std::string fits = "{\"a\":\"" + std::string(192, 'z') + "\"}";  // exactly 200 bytes
  ChunkPtr chunk = MakeChunk(long_record + "\n" + long_garbage + "\n" + fits + "\nshort\n");
  worker.Process(chunk.get());
  EXPECT_EQ(chunk->out, fits + "\n");
  const std::vector<Dead> expected = {
      // Cut inside a string: the last word, which the cut may have split, is masked.
      {0, "too_long", long_record.size(), "{\"a\":\"[REDACTED]", true},
      // Cut outside any string: the last word is masked all the same.
      {1, "invalid_json", 120, "[REDACTED]", true},
      {3, "invalid_json", 5, "short", false},
  };
  EXPECT_EQ(DeadOf(*chunk), expected);
}

TEST_F(RecordWorkerTest, DeadLetterRedactionsAreCountedPerRule) {
  RecordWorker worker(WorkerOptions{}, rules_, &discovery_);
  ChunkPtr chunk = MakeChunk(
      "{\"password\":\"hunter2\"\nuser=bob password=x1 key AKIAIOSFODNN7EXAMPLE\n{\"ok\":1}\n");
  worker.Process(chunk.get());
  ASSERT_EQ(chunk->dead.size(), 2u);
  const MetricsShard& m = worker.metrics();
  EXPECT_EQ(m.redactions[rules_->FindRule("password")], 2u);
  EXPECT_EQ(m.redactions[rules_->FindRule("aws_access_key_id")], 1u);
  uint64_t redactions = 0;
  for (uint64_t n : m.redactions) redactions += n;
  EXPECT_EQ(redactions, 3u);
}

TEST_F(RecordWorkerTest, KeptEnvelopeWithByteArrayMessageIsRedacted) {
  WorkerOptions options;
  options.keep_envelope = true;
  RecordWorker worker(options, rules_, &discovery_);
  // MESSAGE = {"password":"hunter2secret","status_code":503} as byte values.
  std::string bytes;
  for (unsigned char c : std::string(R"({"password":"hunter2secret","status_code":503})")) {
    bytes += (bytes.empty() ? "" : ",") + std::to_string(c);
  }
  ChunkPtr chunk = MakeChunk(R"({"__CURSOR":"s=1","MESSAGE":[)" + bytes + R"(],"_PID":"7"})" + "\n");
  worker.Process(chunk.get());
  EXPECT_EQ(chunk->out,
            R"({"__CURSOR":"s=1","MESSAGE":"{\"password\":\"[REDACTED]\",\"status_code\":503}","_PID":"7"})"
            "\n");
  EXPECT_EQ(worker.metrics().lines_out, 1u);
  EXPECT_EQ(worker.metrics().status_total(), 1u);  // measured inside MESSAGE, as for a string

  // Redacted the same with metrics off.
  RecordWorker unmeasured(options, rules_, nullptr);
  ChunkPtr again = MakeChunk(R"({"__CURSOR":"s=1","MESSAGE":[)" + bytes + R"(],"_PID":"7"})" + "\n");
  unmeasured.Process(again.get());
  EXPECT_EQ(again->out, chunk->out);
}

// journalctl writes a value that is not UTF-8 as an array of its bytes, and a
// field repeated in an entry as an array of its values. An adversarial review
// found such bytes passed through a kept envelope verbatim, whatever the
// field, and a repeated MESSAGE sent to the dead letter as not_object.
constexpr const char* kSecretBytes = "[112,119,100,61,72,117,110,116,101,114,50,86,97,108]";  // pwd=Hunter2Val

TEST_F(RecordWorkerTest, KeptEnvelopeLetsNoByteArrayThrough) {
  WorkerOptions options;
  options.keep_envelope = true;
  RecordWorker worker(options, rules_, &discovery_);
  const std::string secret = kSecretBytes;
  ChunkPtr chunk = MakeChunk(R"({"__CURSOR":"s","MESSAGE":["x",)" + secret + "]}\n" +                // repeated
                             R"({"__CURSOR":"s","MESSAGE":"x","MESSAGE":)" + secret + "}\n" +       // duplicated
                             R"({"__CURSOR":"s","MESS\u0041GE":)" + secret + "}\n" +               // escaped key
                             R"({"__CURSOR":"s","MESSAGE":[[104,105],)" + secret + "]}\n" +         // nested
                             R"({"__CURSOR":"s","_CMDLINE":)" + secret + R"(,"MESSAGE":"m"})" "\n"  // another field
                             R"({"__CURSOR":"s","X":[1,"a",)" + secret + R"(],"MESSAGE":"m"})" "\n"  // not journalctl's
                             R"({"__CURSOR":"s","MESSAGE":"no bytes","_PID":"7"})" "\n");
  worker.Process(chunk.get());
  EXPECT_EQ(chunk->out,
            R"({"__CURSOR":"s","MESSAGE":["x","pwd=[REDACTED]"]})" "\n"
            R"({"__CURSOR":"s","MESSAGE":"x","MESSAGE":"pwd=[REDACTED]"})" "\n"
            R"({"__CURSOR":"s","MESS\u0041GE":"pwd=[REDACTED]"})" "\n"
            R"({"__CURSOR":"s","MESSAGE":["hi","pwd=[REDACTED]"]})" "\n"
            R"({"__CURSOR":"s","_CMDLINE":"pwd=[REDACTED]","MESSAGE":"m"})" "\n"
            R"({"__CURSOR":"s","X":"[REDACTED]","MESSAGE":"m"})" "\n"
            R"({"__CURSOR":"s","MESSAGE":"no bytes","_PID":"7"})" "\n");
  EXPECT_TRUE(chunk->dead.empty());
  EXPECT_EQ(worker.metrics().redactions[rules_->undecided_rule()], 1u) << "the array it cannot read is masked whole";
  EXPECT_EQ(worker.metrics().redactions[rules_->FindRule("password")], 5u);
}

// --input-format journal: every line is an envelope, whatever its first key.
TEST_F(RecordWorkerTest, DeclaredJournalInputKeepsNoBytesInAnyKeyOrder) {
  WorkerOptions options;
  options.keep_envelope = true;
  options.input_format = InputFormat::kJournal;
  RecordWorker worker(options, rules_, &discovery_);
  ChunkPtr chunk = MakeChunk(R"({"MESSAGE":)" + std::string(kSecretBytes) + R"(,"__CURSOR":"s"})" "\n");
  worker.Process(chunk.get());
  EXPECT_EQ(chunk->out, R"({"MESSAGE":"pwd=[REDACTED]","__CURSOR":"s"})" "\n");
}

TEST_F(RecordWorkerTest, UnwrappedRepeatedMessageIsRedactedText) {
  RecordWorker worker(WorkerOptions{}, rules_, &discovery_);
  const std::string secret = kSecretBytes;
  ChunkPtr chunk = MakeChunk(R"({"__CURSOR":"s","MESSAGE":["x",)" + secret + "]}\n" +
                             R"({"__CURSOR":"s","MESSAGE":"x","MESS\u0041GE":)" + secret + "}\n" +
                             R"({"__CURSOR":"s","MESSAGE":[[104,105],"{\"password\":\"p\"}"]})" "\n"
                             R"({"__CURSOR":"s","MESSAGE":["x",1]})" "\n");
  worker.Process(chunk.get());
  EXPECT_EQ(chunk->out,
            R"({"message":"x\npwd=[REDACTED]","journal":{}})" "\n"
            R"({"message":"x\npwd=[REDACTED]","journal":{}})" "\n"
            R"({"message":"hi\n{\"password\":\"[REDACTED]\"}","journal":{}})" "\n"
            R"({"message":"[REDACTED]","journal":{}})" "\n");
  EXPECT_EQ(DeadOf(*chunk), std::vector<Dead>{}) << "valid journal entries";
  EXPECT_EQ(worker.metrics().redactions[rules_->undecided_rule()], 1u);
}

TEST_F(RecordWorkerTest, MetricsAccumulateOverChunks) {
  RecordWorker worker(WorkerOptions{}, rules_, &discovery_);
  for (int round = 0; round < 3; ++round) {
    ChunkPtr chunk = MakeChunk(
        "{\"status_code\":503,\"duration_ms\":12.5}\n{\"status_code\":200,\"duration_ms\":0.5}\n\nbad\n");
    worker.Process(chunk.get());
    EXPECT_EQ(chunk->line_count, 4u);
  }
  const MetricsShard& m = worker.metrics();
  EXPECT_EQ(m.lines_in, 12u);
  EXPECT_EQ(m.lines_out, 6u);
  EXPECT_EQ(m.malformed_total(), 3u);
  EXPECT_EQ(m.status_count(503), 3u);
  EXPECT_EQ(m.status_count(200), 3u);
  EXPECT_EQ(m.LatencyOverall().count(), 6u);
  EXPECT_NEAR(m.LatencyOverall().sum_seconds(), 0.039, 1e-9);
}

TEST_F(RecordWorkerTest, WithoutDiscoveryNothingIsMeasuredAndTheOutputIsTheSame) {
  const std::string text =
      "{\"status_code\":503,\"duration_ms\":12.5,\"password\":\"hunter2\"}\n"
      "{\"http\":{\"response\":{\"status_code\":200}},\"event\":{\"duration\":1500}}\n"
      "bad\n";
  RecordWorker measuring(WorkerOptions{}, rules_, &discovery_);
  RecordWorker plain(WorkerOptions{}, rules_, nullptr);
  ChunkPtr a = MakeChunk(text);
  ChunkPtr b = MakeChunk(text);
  measuring.Process(a.get());
  plain.Process(b.get());
  EXPECT_EQ(b->out, a->out);
  EXPECT_EQ(DeadOf(*b), DeadOf(*a));
  EXPECT_EQ(measuring.metrics().status_total(), 2u);
  EXPECT_EQ(measuring.metrics().LatencyOverall().count(), 2u);
  const MetricsShard& m = plain.metrics();
  EXPECT_EQ(m.status_total(), 0u);
  EXPECT_EQ(m.LatencyOverall().count(), 0u);
  EXPECT_EQ(m.lines_in, 3u);
  EXPECT_EQ(m.lines_out, 2u);
  EXPECT_EQ(m.malformed_total(), 1u);
  EXPECT_EQ(m.bytes_out, measuring.metrics().bytes_out);
  uint64_t redactions = 0;
  for (uint64_t n : m.redactions) redactions += n;
  EXPECT_EQ(redactions, 1u);
}

TEST_F(RecordWorkerTest, EmptyAndBlankChunks) {
  RecordWorker worker(WorkerOptions{}, rules_, &discovery_);
  ChunkPtr blank = MakeChunk("\n \n\t\n");
  worker.Process(blank.get());
  EXPECT_EQ(blank->line_count, 3u);
  EXPECT_TRUE(blank->out.empty());
  EXPECT_TRUE(blank->dead.empty());
  ChunkPtr empty = MakeChunk("");
  worker.Process(empty.get());
  EXPECT_EQ(empty->line_count, 0u);
  EXPECT_TRUE(empty->out.empty());
}

}  // namespace
}  // namespace sluice
