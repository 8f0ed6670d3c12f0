// RecordFacts: what happened, independent of how a logging library writes it
// (route, status, latency, level, ids), drawn by FactsSampler. Shape writers
// render the same facts in their own units and field names, so the status
// mix and the long-tailed latency distribution are the same for every shape.
// Tests: tests/gen/log_generator_test.cpp (status and latency recount).
#pragma once

#include <cstdint>

#include "gen/log_clock.h"
#include "gen/log_vocabulary.h"
#include "gen/rng.h"

namespace sluice::gen {

enum class Level : uint8_t { kDebug, kInfo, kWarn, kError };

struct RecordFacts {
  const Route* route = nullptr;  // null: a background event, not a request
  const BackgroundEvent* event = nullptr;
  int status = 0;                // HTTP status; 0 for background events
  bool has_latency = false;
  int64_t latency_ns = 0;        // before each shape rounds it to its unit
  Level level = Level::kInfo;
  bool with_stack = false;       // an error line carrying a stack trace
  uint32_t path_value = 0;       // the route's variable part (id, page, ...)
  uint64_t digest[3] = {};       // 160 bits for PathVar::kDigest
  uint32_t host = 0;             // index into kHosts
  uint32_t service = 0;          // index into kServices
  uint32_t user_id = 0;
  uint64_t request_id[2] = {};
  uint32_t client_ip = 0;        // IPv4 in 10.0.0.0/8
  uint32_t bytes_sent = 0;
  uint32_t pick = 0;             // spare randomness for per-shape choices
};

class FactsSampler {
 public:
  // rng, clock: not owned, outlive this.
  FactsSampler(Rng* rng, LogClock* clock) : rng_(rng), clock_(clock) {}

  // Advances the clock a little and draws the next record's facts;
  // request_only: always a request (an access log has nothing else).
  void Next(bool request_only, RecordFacts* facts);

 private:
  int DrawStatus(const Route& route);
  int64_t DrawLatencyNs(double median_ms, int status);

  Rng* rng_;
  LogClock* clock_;
};

}  // namespace sluice::gen
