// Journal envelopes: what an unwrapped journalctl -o json line becomes, and a
// kept one with its byte arrays decoded (DecodeKept).
#include "parse/journal_envelope.h"

#include <gtest/gtest.h>

#include <simdjson.h>

#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

namespace sluice {
namespace {

std::string Unwrap(const std::string& line, const EnvelopeOptions& options = {}, bool as_text = false) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(line);
  simdjson::ondemand::document doc;
  EXPECT_EQ(parser.iterate(padded).get(doc), simdjson::SUCCESS);
  simdjson::ondemand::object object;
  EXPECT_EQ(doc.get_object().get(object), simdjson::SUCCESS);
  JournalEnvelope envelope(options);
  if (envelope.Read(object) != simdjson::SUCCESS) return "<error>";
  std::string record;
  envelope.Build(as_text, &record);
  return record;
}

constexpr const char* kHead =
    R"({"__CURSOR":"s=1;i=2","__REALTIME_TIMESTAMP":"1700000000123456","PRIORITY":"3","_PID":"42",)"
    R"("_HOSTNAME":"web-1","_SYSTEMD_UNIT":"api.service",)";

TEST(JournalEnvelopeTest, ObjectMessageBecomesTheRecordWithEnvelopeFields) {
  std::string line = std::string(kHead) + R"("MESSAGE":"{\"status\":200,\"msg\":\"ok\"}"})";
  EXPECT_EQ(Unwrap(line),
            R"({"status":200,"msg":"ok","journal":{"unit":"api.service","hostname":"web-1","pid":42,)"
            R"("priority":"err","timestamp":"2023-11-14T22:13:20.123456Z"}})");
}

// What the C library makes of `micros`: the reference for the timestamp field.
std::string LibcTimestamp(uint64_t micros) {
  const auto secs = static_cast<std::time_t>(micros / 1000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%06lluZ", static_cast<unsigned long long>(micros % 1000000));
  return buf;
}

std::string TimestampOf(const std::string& realtime) {
  EnvelopeOptions options;
  options.fields = {EnvelopeField::kTimestamp};
  std::string record = Unwrap(R"({"__REALTIME_TIMESTAMP":")" + realtime + R"(","MESSAGE":"{}"})", options);
  const std::string prefix = R"({"journal":{"timestamp":)";
  if (record.rfind(prefix, 0) != 0 || record.size() < prefix.size() + 2) return "<" + record + ">";
  return record.substr(prefix.size(), record.size() - prefix.size() - 2);
}

TEST(JournalEnvelopeTest, TimestampsAreTheCLibrarysAcrossTheCalendar) {
  std::vector<uint64_t> micros = {
      0, 999999, 86399999999, 86400000000,  // the epoch's first day and the next
      951782400000000,                      // 2000-02-29 (a leap century)
      4107542400000000,                     // 2100-03-01 (not a leap year)
      1700000000123456, 253402300799999999,  // 9999-12-31T23:59:59.999999
      253402300800000000,                   // the year 10000
      18446744073709551615u};
  std::mt19937_64 rng(7);
  for (int i = 0; i < 5000; ++i) micros.push_back(rng() % 253402300800000000u);
  for (int i = 0; i < 1000; ++i) micros.push_back(1600000000000000 + rng() % 400000000000000);
  for (uint64_t m : micros) {
    EXPECT_EQ(TimestampOf(std::to_string(m)), "\"" + LibcTimestamp(m) + "\"") << m;
  }
}

TEST(JournalEnvelopeTest, TimestampThatIsNotANumberIsKeptAsWritten) {
  EXPECT_EQ(TimestampOf("17000x"), "\"17000x\"");
  EXPECT_EQ(TimestampOf("-5"), "\"-5\"");
  EXPECT_EQ(TimestampOf("18446744073709551616"), "\"18446744073709551616\"");  // 2^64
}

TEST(JournalEnvelopeTest, EmptyObjectMessage) {
  EXPECT_EQ(Unwrap(std::string(kHead) + R"("MESSAGE":"{}"})"),
            R"({"journal":{"unit":"api.service","hostname":"web-1","pid":42,)"
            R"("priority":"err","timestamp":"2023-11-14T22:13:20.123456Z"}})");
}

TEST(JournalEnvelopeTest, PlainTextMessageIsKeptAsMessage) {
  EnvelopeOptions options;
  options.fields = {EnvelopeField::kUnit};
  EXPECT_EQ(Unwrap(std::string(kHead) + R"("MESSAGE":"plain \"text\" here"})", options),
            R"({"message":"plain \"text\" here","journal":{"unit":"api.service"}})");
}

TEST(JournalEnvelopeTest, ByteArrayMessageIsDecoded) {
  EnvelopeOptions options;
  options.fields = {};
  // "hi" then an invalid byte 0xff, which becomes U+FFFD.
  EXPECT_EQ(Unwrap(std::string(kHead) + R"("MESSAGE":[104,105,255]})", options),
            "{\"message\":\"hi\xEF\xBF\xBD\",\"journal\":{}}");
}

TEST(JournalEnvelopeTest, ByteArrayHoldingJsonBecomesTheRecord) {
  EnvelopeOptions options;
  options.fields = {EnvelopeField::kPid};
  // {"a":1}
  EXPECT_EQ(Unwrap(std::string(kHead) + R"("MESSAGE":[123,34,97,34,58,49,125]})", options),
            R"({"a":1,"journal":{"pid":42}})");
}

TEST(JournalEnvelopeTest, NullMessageStaysNull) {
  EnvelopeOptions options;
  options.fields = {EnvelopeField::kHostname};
  EXPECT_EQ(Unwrap(std::string(kHead) + R"("MESSAGE":null})", options),
            R"({"message":null,"journal":{"hostname":"web-1"}})");
}

TEST(JournalEnvelopeTest, MissingMessageIsAnError) {
  EXPECT_EQ(Unwrap(R"({"__CURSOR":"x","_PID":"1"})"), "<error>");
}

TEST(JournalEnvelopeTest, AsTextKeepsBrokenJsonAsMessage) {
  EnvelopeOptions options;
  options.fields = {};
  EXPECT_EQ(Unwrap(std::string(kHead) + R"("MESSAGE":"{not json}"})", options, true),
            R"({"message":"{not json}","journal":{}})");
}

TEST(JournalEnvelopeTest, CustomKeyAndFields) {
  EnvelopeOptions options;
  options.key = "_env";
  std::string bad;
  ASSERT_TRUE(ParseEnvelopeFields("identifier,cursor", &options.fields, &bad));
  EXPECT_FALSE(ParseEnvelopeFields("unit,nope", &options.fields, &bad));
  EXPECT_EQ(bad, "nope");
  ASSERT_TRUE(ParseEnvelopeFields("cursor", &options.fields, &bad));
  EXPECT_EQ(Unwrap(std::string(kHead) + R"("MESSAGE":"{\"a\":1}"})", options),
            R"({"a":1,"_env":{"cursor":"s=1;i=2"}})");
}

// A kept envelope's line as DecodeKept writes it, with the offsets of the
// values it could not decode.
std::string DecodeKept(const std::string& line, std::vector<size_t>* masked = nullptr) {
  JournalEnvelope envelope({});
  std::string out = "stale";
  if (envelope.DecodeKept(line, &out) != simdjson::SUCCESS) return "<error>";
  if (masked) *masked = envelope.masked();
  return out;
}

// "pwd=Hunter2Val" as journalctl writes a value that is not UTF-8.
constexpr const char* kSecretBytes = "[112,119,100,61,72,117,110,116,101,114,50,86,97,108]";

TEST(JournalEnvelopeTest, DecodeKeptWritesByteArraysAsStrings) {
  // "hi" and "a\"b\xff" as journalctl writes them (with and without spaces).
  EXPECT_EQ(DecodeKept(R"({"__CURSOR":"s","MESSAGE":[104,105],"_PID":"1"})"),
            R"({"__CURSOR":"s","MESSAGE":"hi","_PID":"1"})");
  EXPECT_EQ(DecodeKept(R"({"__CURSOR": "s", "MESSAGE" : [97, 34, 98, 255] })"),
            "{\"__CURSOR\": \"s\", \"MESSAGE\" : \"a\\\"b\xEF\xBF\xBD\" }");
  EXPECT_EQ(DecodeKept(R"({"__CURSOR":"s","MESSAGE":[]})"), R"({"__CURSOR":"s","MESSAGE":""})");
  // Any field may be bytes; other values stay as written.
  EXPECT_EQ(DecodeKept(R"({"__CURSOR":"s","_CMDLINE":[104,105],"X":5,"Y":{"a":[1]},"MESSAGE":"t\u0041"})"),
            R"({"__CURSOR":"s","_CMDLINE":"hi","X":5,"Y":{"a":[1]},"MESSAGE":"t\u0041"})");
}

// The forms the review found passing bytes through a kept envelope.
TEST(JournalEnvelopeTest, DecodeKeptDecodesRepeatedDuplicatedAndEscapedMessages) {
  const std::string secret = kSecretBytes;
  EXPECT_EQ(DecodeKept(R"({"__CURSOR":"s","MESSAGE":["x",)" + secret + "]}"),
            R"({"__CURSOR":"s","MESSAGE":["x","pwd=Hunter2Val"]})");
  EXPECT_EQ(DecodeKept(R"({"__CURSOR":"s","MESSAGE":"x","MESSAGE":)" + secret + "}"),
            R"({"__CURSOR":"s","MESSAGE":"x","MESSAGE":"pwd=Hunter2Val"})");
  EXPECT_EQ(DecodeKept(R"({"__CURSOR":"s","MESS\u0041GE":)" + secret + "}"),
            R"({"__CURSOR":"s","MESS\u0041GE":"pwd=Hunter2Val"})");
  EXPECT_EQ(DecodeKept(R"({"__CURSOR":"s","MESSAGE":[[104],)" + secret + ",null]}"),
            R"({"__CURSOR":"s","MESSAGE":["h","pwd=Hunter2Val",null]})");
}

TEST(JournalEnvelopeTest, DecodeKeptMasksArraysJournalctlDoesNotWrite) {
  for (const char* value : {"[1,\"a\"]", "[\"a\",1]", "[256]", "[-1]", "[1.5]", "[[[104]]]", "[{\"a\":1}]",
                            "[true]", "[[104,\"i\"]]"}) {
    std::vector<size_t> masked;
    const std::string line = std::string(R"({"__CURSOR":"s","X":)") + value + R"(,"MESSAGE":[104]})";
    EXPECT_EQ(DecodeKept(line, &masked), R"({"__CURSOR":"s","X":null,"MESSAGE":"h"})") << value;
    EXPECT_EQ(masked, std::vector<size_t>{20}) << value;
  }
  EXPECT_EQ(DecodeKept(R"({"__CURSOR":"s","X":[1,]})"), "<error>");
}

TEST(JournalEnvelopeTest, RepeatedMessageIsItsValuesJoinedAsText) {
  EnvelopeOptions options;
  options.fields = {};
  const std::string secret = kSecretBytes;
  EXPECT_EQ(Unwrap(std::string(kHead) + R"("MESSAGE":["x",)" + secret + "]}", options),
            R"({"message":"x\npwd=Hunter2Val","journal":{}})");
  EXPECT_EQ(Unwrap(std::string(kHead) + R"("MESSAGE":[[104],[105]]})", options),
            R"({"message":"h\ni","journal":{}})");
  // Nulls (values over journalctl's size limit) are left out.
  EXPECT_EQ(Unwrap(std::string(kHead) + R"("MESSAGE":[null,"a",null,"b"]})", options),
            R"({"message":"a\nb","journal":{}})");
  EXPECT_EQ(Unwrap(std::string(kHead) + R"("MESSAGE":[null]})", options), R"({"message":null,"journal":{}})");
  // Text even when a value is an object: a repeated MESSAGE is never the record.
  EXPECT_EQ(Unwrap(std::string(kHead) + R"("MESSAGE":["{\"a\":1}"]})", options),
            R"({"message":"{\"a\":1}","journal":{}})");
}

// The daemon's journal source writes a repeated field as one member per value.
TEST(JournalEnvelopeTest, MessageMembersOfTheSameNameAreJoined) {
  EnvelopeOptions options;
  options.fields = {};
  const std::string secret = kSecretBytes;
  EXPECT_EQ(Unwrap(std::string(kHead) + R"("MESSAGE":"x","MESSAGE":)" + secret + "}", options),
            R"({"message":"x\npwd=Hunter2Val","journal":{}})");
  EXPECT_EQ(Unwrap(std::string(kHead) + R"("MESSAGE":"x","MESS\u0041GE":[104,105]})", options),
            R"({"message":"x\nhi","journal":{}})");
  EXPECT_EQ(Unwrap(std::string(kHead) + R"("MESSAGE":null,"MESSAGE":"{\"a\":1}","MESSAGE":null})", options),
            R"({"message":"{\"a\":1}","journal":{}})");
  EXPECT_EQ(Unwrap(std::string(kHead) + R"("MESSAGE":"{\"a\":1}","MESSAGE":["b","c"]})", options),
            R"({"message":"{\"a\":1}\nb\nc","journal":{}})");
}

TEST(JournalEnvelopeTest, MessageJournalctlDoesNotWriteIsANullToMask) {
  EnvelopeOptions options;
  options.fields = {};
  for (const char* value : {"5", "true", "{\"a\":[104]}", "[1,\"a\"]", "[256]", "[[[104]]]", "[[104,\"i\"]]"}) {
    for (const char* before : {"", R"("MESSAGE":"x",)"}) {
      simdjson::ondemand::parser parser;
      simdjson::padded_string line(std::string(R"({"__CURSOR":"s",)") + before + R"("MESSAGE":)" + value + "}");
      simdjson::ondemand::document doc;
      simdjson::ondemand::object object;
      ASSERT_EQ(parser.iterate(line).get(doc), simdjson::SUCCESS);
      ASSERT_EQ(doc.get_object().get(object), simdjson::SUCCESS);
      JournalEnvelope envelope(options);
      ASSERT_EQ(envelope.Read(object), simdjson::SUCCESS) << value;
      std::string record;
      EXPECT_FALSE(envelope.Build(false, &record));
      EXPECT_EQ(record, R"({"message":null,"journal":{}})") << value;
      EXPECT_EQ(envelope.masked(), std::vector<size_t>{11}) << value;
      envelope.Build(true, &record);
      EXPECT_EQ(envelope.masked(), std::vector<size_t>{11}) << value;
    }
  }
}

TEST(JournalEnvelopeTest, EnvelopeFieldsGivenAsBytesAreDecoded) {
  EnvelopeOptions options;
  options.fields = {EnvelopeField::kUnit, EnvelopeField::kHostname, EnvelopeField::kPid};
  // web\xff, a repeated unit, a pid as bytes.
  EXPECT_EQ(Unwrap(R"({"__CURSOR":"s","_HOSTNAME":[119,101,98,255],"_SYSTEMD_UNIT":["a","b\""],)"
                   R"("_PID":[52,50],"MESSAGE":"hi"})",
                   options),
            "{\"message\":\"hi\",\"journal\":{\"unit\":\"a\\nb\\\"\",\"hostname\":\"web\xEF\xBF\xBD\",\"pid\":42}}");
  // An array journalctl does not write is left out, as a number is.
  EXPECT_EQ(Unwrap(R"({"__CURSOR":"s","_HOSTNAME":[1,"x"],"_PID":7,"MESSAGE":"hi"})", options),
            R"({"message":"hi","journal":{}})");
}

TEST(JournalEnvelopeTest, InvalidArraysFailTheEnvelope) {
  for (const char* line : {R"({"__CURSOR":"s","MESSAGE":[01]})", R"({"__CURSOR":"s","MESSAGE":["a",[1,nul]]})",
                           R"({"__CURSOR":"s","MESSAGE":"x","MESSAGE":[tru]})",
                           R"({"__CURSOR":"s","_HOSTNAME":["\q"],"MESSAGE":"hi"})",
                           R"({"__CURSOR":"s","MESSAGE":nul})"}) {
    EXPECT_EQ(Unwrap(line), "<error>") << line;
  }
}

// Found by tests/fuzz/journal_envelope_fuzz: "pid":086 is not JSON, so the
// unwrapped record was refused as malformed.
TEST(JournalEnvelopeTest, PidWithLeadingZeroStaysAString) {
  EnvelopeOptions options;
  options.fields = {EnvelopeField::kPid};
  const std::string tail = R"(,"MESSAGE":"{\"a\":1}"})";
  EXPECT_EQ(Unwrap(R"({"__CURSOR":"c","_PID":"086")" + tail, options),
            R"({"a":1,"journal":{"pid":"086"}})");
  EXPECT_EQ(Unwrap(R"({"__CURSOR":"c","_PID":"0")" + tail, options),
            R"({"a":1,"journal":{"pid":0}})");
  EXPECT_EQ(Unwrap(R"({"__CURSOR":"c","_PID":"00")" + tail, options),
            R"({"a":1,"journal":{"pid":"00"}})");
}

// On-Demand does not check what it skips: a member the envelope does not keep
// is still read whole, so an invalid one fails the line.
TEST(JournalEnvelopeTest, InvalidMembersFailTheEnvelope) {
  for (const char* line : {R"({"__CURSOR":"s","X":tru,"MESSAGE":"hi"})",
                           R"({"__CURSOR":"s","X":[1,nul],"MESSAGE":"hi"})",
                           R"({"__CURSOR":"s","X":01,"MESSAGE":"hi"})",
                           R"({"__CURSOR":"s","_HOSTNAME":"web\q","MESSAGE":"hi"})",
                           R"({"__CURSOR":"s","X":{"a":"\x"},"MESSAGE":"hi"})"}) {
    EXPECT_EQ(Unwrap(line), "<error>") << line;
  }
  EXPECT_EQ(Unwrap(R"({"__CURSOR":"s","X":{"a":[1,true,null,"\u0041"]},"MESSAGE":"hi"})"),
            R"({"message":"hi","journal":{}})");
}

// Keys are compared as written unless they hold an escape; then decoded.
TEST(JournalEnvelopeTest, EscapedKeysAreDecoded) {
  EnvelopeOptions options;
  options.fields = {EnvelopeField::kHostname};
  EXPECT_EQ(Unwrap(R"({"_HOST\u004eAME":"web-1","MESS\u0041GE":"{\"a\":1}"})", options),
            R"({"a":1,"journal":{"hostname":"web-1"}})");
  EXPECT_EQ(Unwrap(R"({"X\q":"1","MESSAGE":"hi"})", options), "<error>");
  EXPECT_EQ(Unwrap(R"({"X":{"y\q":1},"MESSAGE":"hi"})", options), "<error>");
}

TEST(JournalEnvelopeTest, LooksLikeEnvelope) {
  EXPECT_TRUE(JournalEnvelope::LooksLikeEnvelope(R"({"__CURSOR":"s"})"));
  EXPECT_TRUE(JournalEnvelope::LooksLikeEnvelope(R"({"__REALTIME_TIMESTAMP":"1"})"));
  EXPECT_FALSE(JournalEnvelope::LooksLikeEnvelope(R"({"level":"info"})"));
}

}  // namespace
}  // namespace sluice
