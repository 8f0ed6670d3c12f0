// FactsSampler: see record_facts.h. Status mix: mostly 2xx, some 3xx/4xx/5xx, a
// few rare codes (101, 207, 418, 499). Latency: log-normal around each route's
// median, a thin tail of multi-second outliers, clamped to [0.05 ms, 30 s];
// only rare batch jobs (not requests) run for up to 150 s.
#include "gen/record_facts.h"

#include <algorithm>
#include <cmath>

namespace sluice::gen {
namespace {

constexpr int kStatusCodes[] = {200, 201, 204, 206, 207, 101, 301, 302, 304, 400, 401,
                                403, 404, 409, 418, 422, 429, 499, 500, 502, 503, 504};
constexpr uint32_t kStatusWeights[] = {8600, 0,   260, 25,  5,   4,   50,  110, 280, 210, 170,
                                       90,  380, 45,  3,   70,  80,  22,  100, 45,  50,  30};
static_assert(std::size(kStatusCodes) == std::size(kStatusWeights));

constexpr double kLatencySigma = 0.85;
constexpr double kOutlierRate = 0.003;
constexpr double kMinMs = 0.05;
constexpr double kMaxMs = 30000;

}  // namespace

int FactsSampler::DrawStatus(const Route& route) {
  static const auto kCumulative = [] {
    struct Table {
      uint32_t at[std::size(kStatusWeights)];
    } table{};
    uint32_t sum = 0;
    for (size_t i = 0; i < std::size(kStatusWeights); ++i) table.at[i] = sum += kStatusWeights[i];
    return table;
  }();
  int status = kStatusCodes[rng_->Weighted(kCumulative.at)];
  if (status == 200 && route.method == "POST" && rng_->Chance(0.7)) status = 201;
  if (status == 200 && route.method == "DELETE" && rng_->Chance(0.8)) status = 204;
  return status;
}

int64_t FactsSampler::DrawLatencyNs(double median_ms, int status) {
  double ms = median_ms * std::exp(kLatencySigma * rng_->Normal());
  if (status == 504) {
    ms = 29000 + 1000 * rng_->Unit();  // the gateway gave up
  } else if (status == 499) {
    ms *= 20;  // the client gave up waiting
  } else if (rng_->Chance(kOutlierRate)) {
    ms = std::max(ms, 1.0) * std::exp(std::log(10.0) + 3.4 * rng_->Unit());  // x10 .. x300
  }
  ms = std::clamp(ms, kMinMs, kMaxMs);
  return static_cast<int64_t>(ms * 1e6);
}

void FactsSampler::Next(bool request_only, RecordFacts* facts) {
  // Service logs arrive a few hundred per second, in bursts.
  // One draw a statement: the order of operands is unspecified, and the output
  // must be the same whatever the compiler.
  const auto gap_us = static_cast<int64_t>(rng_->Below(3000));
  const bool burst_pause = rng_->Chance(0.01);
  clock_->Advance(gap_us + (burst_pause ? 250000 : 0));

  *facts = RecordFacts();
  facts->pick = static_cast<uint32_t>(rng_->Next());
  facts->host = rng_->Below(std::size(kHosts));
  facts->service = rng_->Below(std::size(kServices));
  facts->user_id = 1000 + rng_->Below(90000);
  facts->request_id[0] = rng_->Next();
  facts->request_id[1] = rng_->Next();
  facts->client_ip = (10u << 24) | (rng_->Below(1u << 24));

  if (rng_->Chance(0.82) || request_only) {
    const Route& route = rng_->Pick(kRoutes);
    facts->route = &route;
    facts->status = DrawStatus(route);
    facts->has_latency = true;
    facts->latency_ns = DrawLatencyNs(route.median_ms, facts->status);
    facts->path_value = route.var == PathVar::kPage ? 1 + rng_->Below(40)
                                                    : 100 + rng_->Below(9999900);
    if (route.var == PathVar::kDigest) {
      for (uint64_t& word : facts->digest) word = rng_->Next();
    }
    facts->bytes_sent = facts->status == 204 || facts->status == 304
                            ? 0
                            : 64 + rng_->Below(facts->route->median_ms > 500 ? 900000 : 9000);
    if (facts->status >= 500) {
      facts->level = Level::kError;
      facts->with_stack = rng_->Chance(0.5);
    } else if (facts->status >= 400) {
      facts->level = Level::kWarn;
    } else {
      facts->level = route.median_ms < 1 && rng_->Chance(0.5) ? Level::kDebug : Level::kInfo;
    }
  } else {
    const BackgroundEvent& event = rng_->Pick(kBackgroundEvents);
    facts->event = &event;
    facts->has_latency = event.latency_share > 0 && rng_->Chance(event.latency_share);
    if (facts->has_latency) facts->latency_ns = DrawLatencyNs(event.median_ms, 0);
    if (facts->has_latency && event.median_ms >= 1000 && rng_->Chance(0.02)) {
      // A batch job that ran for minutes ("1m2.5s" in Go's notation).
      facts->latency_ns = static_cast<int64_t>((30 + 120 * rng_->Unit()) * 1e9);
    }
    const uint32_t roll = rng_->Below(100);
    facts->level = roll < 30 ? Level::kDebug : roll < 82 ? Level::kInfo
                 : roll < 93 ? Level::kWarn : Level::kError;
    facts->with_stack = facts->level == Level::kError && rng_->Chance(0.4);
  }
}

}  // namespace sluice::gen
