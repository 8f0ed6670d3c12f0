// Tests for RecordMeasurer on whole records in the shapes real services log
// (walked with simdjson as the worker does): which status and latency each
// record yields, the priority rules, mappings, one measurer across records,
// and what lands in the shard.
#include "metrics/record_measurer.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <string_view>

#include "metrics/member_walker.h"

namespace sluice {
namespace {

constexpr uint64_t kMs = 1'000'000;
constexpr uint64_t kUs = 1'000;
constexpr uint64_t kNone = UINT64_MAX;  // expect no latency

struct Finding {
  bool ok = false;
  int status = 0;
  uint64_t latency_ns = kNone;
};

struct RecordCase {
  std::string_view name;
  std::string_view record;
  int status;
  uint64_t latency_ns;
};

Finding MeasureWith(RecordMeasurer* measurer, std::string_view record) {
  testing::MemberWalker<> walker(measurer);
  simdjson::ondemand::parser parser;
  simdjson::padded_string json(record);
  Finding f;
  f.ok = walker.Walk(&parser, json);
  f.status = measurer->status();
  if (measurer->has_latency()) f.latency_ns = measurer->latency_ns();
  return f;
}

Finding Measure(const FieldDiscovery& discovery, std::string_view record) {
  RecordMeasurer measurer(&discovery);
  return MeasureWith(&measurer, record);
}

// Each case on a fresh measurer, then all of them, three times over, on one:
// what a measurer remembers of the keys it saw must not change an answer.
void ExpectCases(const FieldDiscovery& d, std::span<const RecordCase> cases) {
  for (const RecordCase& c : cases) {
    Finding f = Measure(d, c.record);
    ASSERT_TRUE(f.ok) << c.name;
    EXPECT_EQ(f.status, c.status) << c.name << ": " << c.record;
    EXPECT_EQ(f.latency_ns, c.latency_ns) << c.name << ": " << c.record;
  }
  RecordMeasurer shared(&d);
  for (int round = 0; round < 3; ++round) {
    for (const RecordCase& c : cases) {
      Finding f = MeasureWith(&shared, c.record);
      EXPECT_EQ(f.status, c.status) << "shared, round " << round << ": " << c.record;
      EXPECT_EQ(f.latency_ns, c.latency_ns) << "shared, round " << round << ": " << c.record;
    }
  }
}

TEST(RecordMeasurerTest, LogShapesPeopleHave) {
  const RecordCase cases[] = {
      {"plain", R"({"status":200,"duration_ms":12.5})", 200, 12'500'000},
      {"numeric strings", R"({"status":"404","latency_ms":"7"})", 404, 7 * kMs},
      {"status_code + response_time_ms",
       R"({"level":"info","status_code":503,"response_time_ms":250})", 503, 250 * kMs},
      {"statusCode", R"({"statusCode":201,"elapsed_ms":3})", 201, 3 * kMs},
      {"response_code", R"({"response_code":302,"latency_us":850})", 302, 850 * kUs},
      {"nginx json",
       R"({"remote_addr":"10.0.0.1","status":"200","request_time":"0.012",)"
       R"("upstream_response_time":"0.010, 0.003"})",
       200, 12 * kMs},
      {"nginx upstream only, list", R"({"status":"502","upstream_response_time":"0.010, 0.003"})",
       502, 10 * kMs},
      {"nginx upstream '-'", R"({"status":"499","upstream_response_time":"-"})", 499, kNone},
      {"caddy",
       R"({"level":"info","logger":"http.log.access","request":{"method":"GET","uri":"/"},)"
       R"("duration":0.000571,"size":12,"status":200})",
       200, 571 * kUs},
      {"pino",
       R"({"level":30,"req":{"id":1,"method":"GET"},"res":{"statusCode":200},"responseTime":4})",
       200, 4 * kMs},
      {"ECS nested",
       R"({"@timestamp":"2024-01-01T00:00:00Z","event":{"duration":1500000},)"
       R"("http":{"request":{"method":"GET"},"response":{"status_code":404}}})",
       404, 1'500'000},
      {"ECS dotted keys",
       R"({"log.level":"info","event.duration":2000000,"http.response.status_code":500})", 500,
       2 * kMs},
      {"OTel attributes",
       R"({"body":"GET /","attributes":{"http.status_code":204,"http.method":"GET"}})", 204,
       kNone},
      {"zap with Go duration", R"({"msg":"served","status":200,"latency":"1m2.5s"})", 200,
       62'500'000'000},
      {"zap float seconds", R"({"msg":"served","status":200,"latency":0.0123})", 200,
       12'300'000},
      {"wrapped in context", R"({"context":{"status":301,"duration_ms":9}})", 301, 9 * kMs},
      {"wrapped in request", R"({"request":{"status_code":200,"elapsed":"45ms"}})", 200,
       45 * kMs},
      {"string unit beats name unit", R"({"duration_ms":"1.2s"})", 0, 1'200'000'000},
      {"micro sign", R"({"latency":"350µs"})", 0, 350 * kUs},
      {"ns", R"({"duration":"250ns","status":100})", 100, 250},
      {"status word is not a status", R"({"status":"ok","duration_ms":1})", 0, kMs},
      // Strings are looked at only when they start like a number: these do.
      {"string status, spaced duration", R"({"status":"204","duration":" 0.5"})", 204, 500 * kMs},
      {"signed duration string", R"({"elapsed_ms":"+3"})", 0, 3 * kMs},
      {"leading dot", R"({"request_time":".25"})", 0, 250 * kMs},
      // Keys of one size that differ only past their first eight bytes.
      {"duration in us", R"({"duration_us":5})", 0, 5 * kUs},
      {"duration in ns", R"({"duration_ns":5})", 0, 5},
      {"duration in ms", R"({"duration_ms":5})", 0, 5 * kMs},
      {"out of range", R"({"status":600,"status_code":99})", 0, kNone},
      {"not an integer", R"({"status":200.0})", 0, kNone},
      {"booleans and nulls ignored", R"({"status":null,"duration":true,"ok":false})", 0, kNone},
      {"negative latency ignored", R"({"duration_ms":-3})", 0, kNone},
      {"escaped key", R"({"stat\u0075s":418})", 418, kNone},
      {"arrays add no key", R"({"items":[{"status":207}]})", 207, kNone},
      {"nothing", R"({"msg":"hello","level":"info","ts":1700000000})", 0, kNone},
  };
  ExpectCases(FieldDiscovery(), cases);
}

TEST(RecordMeasurerTest, PriorityPicksOneStatusAndOneLatency) {
  const RecordCase cases[] = {
      // The most specific name wins, wherever it appears.
      {"known path beats bare status",
       R"({"status":200,"http":{"response":{"status_code":502}}})", 502, kNone},
      {"code name beats bare status", R"({"status":201,"status_code":404})", 404, kNone},
      {"explicit unit beats bare name", R"({"duration":5,"duration_ms":7})", 0, 7 * kMs},
      {"event.duration beats all", R"({"duration_ms":7,"event":{"duration":123}})", 0, 123},
      {"total beats upstream part",
       R"({"upstream_response_time":"0.5","request_time":"0.7"})", 0, 700 * kMs},
      // Same name rank: the shallower member wins, then the first seen.
      {"shallower wins", R"({"upstream":{"status":502},"status":200})", 200, kNone},
      {"shallower latency wins", R"({"db":{"duration_ms":3},"duration_ms":40})", 0, 40 * kMs},
      {"first seen wins", R"({"duration_ms":1,"latency_ms":2})", 0, 1 * kMs},
      {"first seen wins (status)", R"({"status_code":200,"statusCode":500})", 200, kNone},
      // Invalid values do not block a valid lower-priority one.
      {"invalid best falls back",
       R"({"status":"ok","http":{"status_code":"n/a"},"context":{"status":201}})", 201, kNone},
      {"'-' falls back", R"({"request_time":"-","upstream_response_time":"0.004"})", 0,
       4 * kMs},
  };
  ExpectCases(FieldDiscovery(), cases);
}

TEST(RecordMeasurerTest, ExplicitMappingsOverrideDiscovery) {
  FieldDiscovery d({{"resp.code", FieldRole::kStatus},
                    {"timing.total", FieldRole::kLatency, DurationUnit::kMilliseconds}});
  const RecordCase cases[] = {
      {"mapped", R"({"status":200,"resp":{"code":404},"timing":{"total":12},"duration_ms":1})",
       404, 12 * kMs},
      {"mapped, flat dotted keys", R"({"resp.code":"500","timing.total":"3s"})", 500,
       3'000'000'000},
      {"mapped path absent: nothing", R"({"status":200,"duration_ms":1})", 0, kNone},
      {"mapped value invalid", R"({"resp":{"code":"ok"}})", 0, kNone},
  };
  ExpectCases(d, cases);
}

// One worker's measurer over many records: a key met again at another depth
// or under other parents still follows the rules (nothing carries over).
TEST(RecordMeasurerTest, OneMeasurerAcrossRecordsKeepsThePathRules) {
  FieldDiscovery discovery;
  FieldDiscovery mapped({{"resp.code", FieldRole::kStatus}});
  RecordMeasurer measurer(&discovery);
  RecordMeasurer mapped_measurer(&mapped);
  simdjson::ondemand::parser parser;
  auto measure = [&](RecordMeasurer* m, std::string_view record) {
    testing::MemberWalker<> walker(m);
    simdjson::padded_string json(record);
    EXPECT_TRUE(walker.Walk(&parser, json)) << record;
    return Finding{true, m->status(), m->has_latency() ? m->latency_ns() : kNone};
  };
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE(round);
    EXPECT_EQ(measure(&measurer, R"({"status_code":500,"http":{"status_code":200}})").status, 200);
    EXPECT_EQ(measure(&measurer, R"({"x":{"status_code":200},"status_code":500})").status, 500);
    EXPECT_EQ(measure(&measurer, R"({"http":{"status_code":201},"x":{"status_code":500}})").status, 201);
    EXPECT_EQ(measure(&measurer, R"({"event":{"duration":1500}})").latency_ns, 1500u);
    EXPECT_EQ(measure(&measurer, R"({"x":{"duration":2}})").latency_ns, 2'000'000'000u);
    EXPECT_EQ(measure(&measurer, R"({"event.duration":1500})").latency_ns, 1500u);
    EXPECT_EQ(measure(&measurer, R"({"duration":3})").latency_ns, 3'000'000'000u);
    EXPECT_EQ(measure(&measurer, R"({"a":{"b":{"status":404}}})").status, 404);
    EXPECT_EQ(measure(&measurer, R"({"a":{"b":{"c":{"status":404}}}})").status, 0);
    EXPECT_EQ(measure(&measurer, R"({"upstream_response_time":"0.5"})").latency_ns, 500 * kMs);
    EXPECT_EQ(measure(&mapped_measurer, R"({"resp":{"code":201}})").status, 201);
    EXPECT_EQ(measure(&mapped_measurer, R"({"other":{"code":202}})").status, 0);
    EXPECT_EQ(measure(&mapped_measurer, R"({"resp.code":204})").status, 204);
    EXPECT_EQ(measure(&mapped_measurer, R"({"code":203})").status, 0);
  }
}

TEST(RecordMeasurerTest, EndRecordFillsTheShard) {
  FieldDiscovery d;
  RecordMeasurer measurer(&d);
  MetricsShard shard(0);
  const std::string_view path_status[] = {"status"};
  const std::string_view path_latency[] = {"duration_ms"};

  measurer.BeginRecord();
  measurer.OnNumber(path_status, "200");
  measurer.OnNumber(path_latency, "5 ");  // raw tokens may carry trailing spaces
  measurer.EndRecord(&shard);

  measurer.BeginRecord();  // latency but no status
  measurer.OnString(path_latency, "7");
  measurer.EndRecord(&shard);

  measurer.BeginRecord();  // status but no latency
  measurer.OnString(path_status, "503");
  measurer.EndRecord(&shard);

  measurer.BeginRecord();  // nothing: the previous record's findings are gone
  measurer.EndRecord(&shard);

  EXPECT_EQ(shard.status_count(200), 1u);
  EXPECT_EQ(shard.status_count(503), 1u);
  EXPECT_EQ(shard.status_total(), 2u);
  EXPECT_EQ(shard.latency_for_class(2).count(), 1u);
  EXPECT_EQ(shard.latency_for_class(2).max_ns(), 5 * kMs);
  EXPECT_EQ(shard.latency_for_class(MetricsShard::kNoStatusClass).count(), 1u);
  EXPECT_EQ(shard.latency_for_class(5).count(), 0u);
  EXPECT_EQ(shard.LatencyOverall().count(), 2u);
}

}  // namespace
}  // namespace sluice
