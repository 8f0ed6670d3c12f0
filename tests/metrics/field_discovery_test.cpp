// Tests for FieldDiscovery: every discovered field shape (table-driven), the
// priority order, the MayMatch prefilter, and explicit mappings.
#include "metrics/field_discovery.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {
namespace {

using U = DurationUnit;

// "a/b/c" -> {"a","b","c"}: '/' separates keys so that keys may hold dots.
std::vector<std::string_view> Path(std::string_view slashed) {
  std::vector<std::string_view> keys;
  size_t start = 0;
  while (true) {
    size_t slash = slashed.find('/', start);
    keys.push_back(slashed.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return keys;
}

FieldMatch Classify(const FieldDiscovery& d, std::string_view slashed) {
  std::vector<std::string_view> path = Path(slashed);
  FieldMatch m = d.Classify(path);
  // Whatever Classify matches, the prefilter must let through.
  if (m.role != FieldRole::kNone) {
    EXPECT_TRUE(d.MayMatch(path.back())) << slashed;
  }
  return m;
}

struct ShapeCase {
  std::string_view path;  // keys separated by '/'
  FieldRole role;
  U unit;  // for latency
};

TEST(FieldDiscoveryTest, StatusShapes) {
  FieldDiscovery d;
  const ShapeCase cases[] = {
      {"status", FieldRole::kStatus, U::kSeconds},
      {"status_code", FieldRole::kStatus, U::kSeconds},
      {"statusCode", FieldRole::kStatus, U::kSeconds},
      {"response_code", FieldRole::kStatus, U::kSeconds},
      {"http/status_code", FieldRole::kStatus, U::kSeconds},          // OTel (old)
      {"http/response/status_code", FieldRole::kStatus, U::kSeconds},  // ECS, OTel
      {"http.response.status_code", FieldRole::kStatus, U::kSeconds},  // flat dotted key
      {"attributes/http.response.status_code", FieldRole::kStatus, U::kSeconds},
      {"http.response/status_code", FieldRole::kStatus, U::kSeconds},
      {"res/statusCode", FieldRole::kStatus, U::kSeconds},             // pino
      {"context/status", FieldRole::kStatus, U::kSeconds},
      {"request/status_code", FieldRole::kStatus, U::kSeconds},
      {"http/status", FieldRole::kStatus, U::kSeconds},
      {"context/http/status", FieldRole::kStatus, U::kSeconds},
      {"context/http/response/status_code", FieldRole::kStatus, U::kSeconds},
      {"a/b/c/status", FieldRole::kNone, U::kSeconds},  // too deep for a generic name
      {"statuses", FieldRole::kNone, U::kSeconds},
      {"status_text", FieldRole::kNone, U::kSeconds},
      {"upstream_status", FieldRole::kNone, U::kSeconds},
      {"code", FieldRole::kNone, U::kSeconds},
      {"Status", FieldRole::kNone, U::kSeconds},
  };
  for (const ShapeCase& c : cases) {
    FieldMatch m = Classify(d, c.path);
    EXPECT_EQ(m.role, c.role) << c.path;
    EXPECT_EQ(m.priority != 0, c.role != FieldRole::kNone) << c.path;
  }
}

TEST(FieldDiscoveryTest, LatencyShapesAndUnits) {
  FieldDiscovery d;
  const ShapeCase cases[] = {
      // Unit suffixes.
      {"duration_ms", FieldRole::kLatency, U::kMilliseconds},
      {"latency_ms", FieldRole::kLatency, U::kMilliseconds},
      {"response_time_ms", FieldRole::kLatency, U::kMilliseconds},
      {"elapsed_ms", FieldRole::kLatency, U::kMilliseconds},
      {"request_time_ms", FieldRole::kLatency, U::kMilliseconds},
      {"durationMs", FieldRole::kLatency, U::kMilliseconds},
      {"latencyMs", FieldRole::kLatency, U::kMilliseconds},
      {"elapsedMs", FieldRole::kLatency, U::kMilliseconds},
      {"responseTimeMs", FieldRole::kLatency, U::kMilliseconds},
      {"duration_millis", FieldRole::kLatency, U::kMilliseconds},
      {"duration_us", FieldRole::kLatency, U::kMicroseconds},
      {"latency_\xC2\xB5s", FieldRole::kLatency, U::kMicroseconds},
      {"latency_\xCE\xBCs", FieldRole::kLatency, U::kMicroseconds},
      {"durationUs", FieldRole::kLatency, U::kMicroseconds},
      {"duration_ns", FieldRole::kLatency, U::kNanoseconds},
      {"latency_ns", FieldRole::kLatency, U::kNanoseconds},
      {"duration_s", FieldRole::kLatency, U::kSeconds},
      {"duration_sec", FieldRole::kLatency, U::kSeconds},
      {"duration_seconds", FieldRole::kLatency, U::kSeconds},
      {"elapsed_time_ms", FieldRole::kLatency, U::kMilliseconds},
      {"request_duration_ms", FieldRole::kLatency, U::kMilliseconds},
      // Bare names: seconds (nginx, Caddy, Python timers, zap).
      {"duration", FieldRole::kLatency, U::kSeconds},
      {"elapsed", FieldRole::kLatency, U::kSeconds},
      {"latency", FieldRole::kLatency, U::kSeconds},
      {"request_time", FieldRole::kLatency, U::kSeconds},
      {"response_time", FieldRole::kLatency, U::kSeconds},
      {"upstream_response_time", FieldRole::kLatency, U::kSeconds},
      {"elapsed_time", FieldRole::kLatency, U::kSeconds},
      // pino and ECS conventions.
      {"responseTime", FieldRole::kLatency, U::kMilliseconds},
      {"event/duration", FieldRole::kLatency, U::kNanoseconds},
      {"event.duration", FieldRole::kLatency, U::kNanoseconds},
      {"log/event/duration", FieldRole::kLatency, U::kNanoseconds},
      // Wrapped.
      {"http/duration_ms", FieldRole::kLatency, U::kMilliseconds},
      {"context/request/latency", FieldRole::kLatency, U::kSeconds},
      {"request.duration_ms", FieldRole::kLatency, U::kMilliseconds},
      // Not latencies.
      {"timeout_ms", FieldRole::kNone, U::kSeconds},
      {"timestamp_ms", FieldRole::kNone, U::kSeconds},
      {"duration_total", FieldRole::kNone, U::kSeconds},
      {"durations", FieldRole::kNone, U::kSeconds},
      {"time", FieldRole::kNone, U::kSeconds},
      {"ts", FieldRole::kNone, U::kSeconds},
      {"requestTime", FieldRole::kNone, U::kSeconds},  // camelCase bare: unit unknown
      {"a/b/c/duration_ms", FieldRole::kNone, U::kSeconds},
      {"message", FieldRole::kNone, U::kSeconds},
  };
  for (const ShapeCase& c : cases) {
    FieldMatch m = Classify(d, c.path);
    EXPECT_EQ(m.role, c.role) << c.path;
    if (c.role == FieldRole::kLatency) {
      EXPECT_EQ(m.unit, c.unit) << c.path;
    }
  }
}

uint32_t Priority(const FieldDiscovery& d, std::string_view slashed) {
  return Classify(d, slashed).priority;
}

TEST(FieldDiscoveryTest, MoreSpecificNamesHaveHigherPriority) {
  FieldDiscovery d;
  // Status: known paths > names with "code" > bare "status"; then shallower.
  EXPECT_GT(Priority(d, "http/response/status_code"), Priority(d, "status_code"));
  EXPECT_GT(Priority(d, "res/statusCode"), Priority(d, "statusCode"));
  EXPECT_GT(Priority(d, "status_code"), Priority(d, "status"));
  EXPECT_GT(Priority(d, "context/status_code"), Priority(d, "status"));
  EXPECT_GT(Priority(d, "status"), Priority(d, "upstream/status"));
  EXPECT_EQ(Priority(d, "status_code"), Priority(d, "statusCode"));
  EXPECT_GT(Priority(d, "http.response.status_code"), Priority(d, "status_code"));
  // Latency: event.duration > explicit unit > bare name > upstream part.
  EXPECT_GT(Priority(d, "event/duration"), Priority(d, "duration_ms"));
  EXPECT_GT(Priority(d, "duration_ms"), Priority(d, "duration"));
  EXPECT_GT(Priority(d, "responseTime"), Priority(d, "response_time"));
  EXPECT_GT(Priority(d, "request_time"), Priority(d, "upstream_response_time"));
  EXPECT_GT(Priority(d, "request_time"), Priority(d, "upstream_response_time_ms"));
  EXPECT_GT(Priority(d, "duration_ms"), Priority(d, "db/duration_ms"));
  EXPECT_EQ(Priority(d, "duration_ms"), Priority(d, "latency_ms"));
}

TEST(FieldDiscoveryTest, PrefilterRejectsCommonKeys) {
  FieldDiscovery d;
  for (std::string_view key : {"ts", "level", "msg", "time", "host", "path", "ip", "bytes",
                               "user_agent", "timestamp", "remote_addr", "logger"}) {
    EXPECT_FALSE(d.MayMatch(key)) << key;
  }
  EXPECT_FALSE(d.MayMatch(""));
}

TEST(FieldDiscoveryTest, MappingsOverrideDiscoveryForTheirRole) {
  FieldDiscovery d({{"resp.code", FieldRole::kStatus},
                    {"timing.total", FieldRole::kLatency, U::kMilliseconds}});
  FieldMatch m = Classify(d, "resp/code");
  EXPECT_EQ(m.role, FieldRole::kStatus);
  m = Classify(d, "resp.code");
  EXPECT_EQ(m.role, FieldRole::kStatus);
  m = Classify(d, "timing/total");
  EXPECT_EQ(m.role, FieldRole::kLatency);
  EXPECT_EQ(m.unit, U::kMilliseconds);
  // The path must match whole, not as a suffix.
  EXPECT_EQ(Classify(d, "x/resp/code").role, FieldRole::kNone);
  EXPECT_EQ(Classify(d, "code").role, FieldRole::kNone);
  EXPECT_EQ(Classify(d, "xresp.code").role, FieldRole::kNone);
  // Discovery is off for mapped roles.
  EXPECT_EQ(Classify(d, "status").role, FieldRole::kNone);
  EXPECT_EQ(Classify(d, "duration_ms").role, FieldRole::kNone);
}

TEST(FieldDiscoveryTest, UnmappedRoleIsStillDiscovered) {
  FieldDiscovery d({{"resp.code", FieldRole::kStatus}});
  EXPECT_EQ(Classify(d, "status").role, FieldRole::kNone);
  EXPECT_EQ(Classify(d, "duration_ms").role, FieldRole::kLatency);
  EXPECT_GT(Priority(d, "resp/code"), Priority(d, "event/duration"));
}

TEST(FieldDiscoveryTest, EarlierMappingsWin) {
  FieldDiscovery d({{"a.took", FieldRole::kLatency, U::kMilliseconds},
                    {"b.took", FieldRole::kLatency, U::kMilliseconds}});
  EXPECT_GT(Priority(d, "a/took"), Priority(d, "b/took"));
  EXPECT_TRUE(d.MayMatch("took"));
}

TEST(FieldDiscoveryTest, BadMappingsThrow) {
  EXPECT_THROW(FieldDiscovery({{"", FieldRole::kStatus}}), std::invalid_argument);
  EXPECT_THROW(FieldDiscovery({{"a..b", FieldRole::kStatus}}), std::invalid_argument);
  EXPECT_THROW(FieldDiscovery({{".a", FieldRole::kStatus}}), std::invalid_argument);
  EXPECT_THROW(FieldDiscovery({{"a.", FieldRole::kStatus}}), std::invalid_argument);
  EXPECT_THROW(FieldDiscovery({{"a", FieldRole::kNone}}), std::invalid_argument);
}

TEST(FieldDiscoveryTest, RoleNames) {
  EXPECT_EQ(FieldRoleFromName("status"), FieldRole::kStatus);
  EXPECT_EQ(FieldRoleFromName("latency"), FieldRole::kLatency);
  EXPECT_EQ(FieldRoleFromName("size"), std::nullopt);
}

}  // namespace
}  // namespace sluice
