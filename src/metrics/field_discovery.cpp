// FieldDiscovery: the name tables and the priority rules (see the header and
// src/metrics/README.md). Tests: tests/metrics/field_discovery_test.cpp.
#include "metrics/field_discovery.h"

#include <stdexcept>

namespace sluice {
namespace {

// Name ranks; the priority is rank * 256 + (255 - depth), so a higher rank
// always wins and, within a rank, the shallower member does.
constexpr uint32_t kRankPartialLatency = 1;  // upstream_response_time: part of a request
constexpr uint32_t kRankBareName = 2;        // status, duration, latency, ...: unit guessed
constexpr uint32_t kRankNamedUnit = 3;       // status_code, duration_ms, responseTime
constexpr uint32_t kRankSpecificPath = 4;    // http.response.status_code, event.duration
constexpr uint32_t kRankMapping = 1000;      // minus the mapping's index

// Generic names count at the root or under at most two wrapping objects
// ({"context":{"http":{"status":200}}}); specific paths count at any depth.
constexpr size_t kMaxGenericDepth = 3;

// Every discoverable name is at least this long ("status") and ends in one of
// these bytes: status, _ms/_us/_ns/_s/_seconds/Ms... -> 's'; status_code,
// response_code, statusCode, *_time, responseTime -> 'e'; duration -> 'n';
// latency -> 'y'; elapsed -> 'd'; _sec/_msec/_usec/_nsec -> 'c'.
// field_discovery_test checks every name in its tables against this.
constexpr size_t kMinDiscoveredKey = 6;
constexpr std::string_view kDiscoveredLastBytes = "senydc";

struct NameMatch {
  FieldRole role = FieldRole::kNone;
  DurationUnit unit = DurationUnit::kSeconds;
  uint32_t rank = 0;
  bool event_duration_candidate = false;  // bare "duration": ECS event.duration?
  bool status_path_candidate = false;     // may be a known dotted status path
};

// Unit given by a name's suffix after a latency stem: "_ms", "Ms", "_us",
// "_µs", "_ns", "_s", "_seconds", ... nullopt if `rest` is not a unit suffix.
std::optional<DurationUnit> UnitSuffix(std::string_view rest) {
  using U = DurationUnit;
  switch (rest.size()) {
    case 2:
      if (rest == "Ms") return U::kMilliseconds;
      if (rest == "Us") return U::kMicroseconds;
      if (rest == "Ns") return U::kNanoseconds;
      if (rest == "_s") return U::kSeconds;
      return std::nullopt;
    case 3:
      if (rest == "_ms") return U::kMilliseconds;
      if (rest == "_us") return U::kMicroseconds;
      if (rest == "_ns") return U::kNanoseconds;
      if (rest == "Sec") return U::kSeconds;
      return std::nullopt;
    case 4:
      if (rest == "_sec") return U::kSeconds;
      if (rest == "Secs") return U::kSeconds;
      if (rest == "_\xC2\xB5s" || rest == "_\xCE\xBCs") return U::kMicroseconds;
      return std::nullopt;
    case 5:
      if (rest == "_secs") return U::kSeconds;
      if (rest == "_msec") return U::kMilliseconds;
      if (rest == "_usec") return U::kMicroseconds;
      if (rest == "_nsec") return U::kNanoseconds;
      if (rest == "Nanos") return U::kNanoseconds;
      return std::nullopt;
    case 6:
      if (rest == "Millis") return U::kMilliseconds;
      if (rest == "Micros") return U::kMicroseconds;
      if (rest == "_nanos") return U::kNanoseconds;
      return std::nullopt;
    case 7:
      if (rest == "_millis") return U::kMilliseconds;
      if (rest == "_micros") return U::kMicroseconds;
      if (rest == "Seconds") return U::kSeconds;
      return std::nullopt;
    case 8:
      if (rest == "_seconds") return U::kSeconds;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// name = stem + optional unit suffix. A bare stem counts in seconds when
// `bare_in_seconds`, else not at all; `partial` stems rank lowest.
NameMatch LatencyStem(std::string_view name, std::string_view stem, bool bare_in_seconds,
                      bool partial = false) {
  if (name.size() < stem.size() || name.substr(0, stem.size()) != stem) return {};
  std::string_view rest = name.substr(stem.size());
  if (rest.empty()) {
    if (!bare_in_seconds) return {};
    return {FieldRole::kLatency, DurationUnit::kSeconds,
            partial ? kRankPartialLatency : kRankBareName};
  }
  std::optional<DurationUnit> unit = UnitSuffix(rest);
  if (!unit) return {};
  return {FieldRole::kLatency, *unit, partial ? kRankPartialLatency : kRankNamedUnit};
}

// Classifies one member name (the last path segment). Switches on the first
// byte so that most names are rejected after one comparison.
NameMatch ClassifyName(std::string_view name) {
  if (name.size() < kMinDiscoveredKey) return {};
  NameMatch m;
  switch (name[0]) {
    case 's':
      if (name == "status") {
        m = {FieldRole::kStatus, DurationUnit::kSeconds, kRankBareName};
      } else if (name == "status_code" || name == "statusCode") {
        m = {FieldRole::kStatus, DurationUnit::kSeconds, kRankNamedUnit};
      }
      m.status_path_candidate = m.role == FieldRole::kStatus && name != "status";
      return m;
    case 'r':
      if (name == "response_code") return {FieldRole::kStatus, DurationUnit::kSeconds, kRankNamedUnit};
      if (name == "responseTime") {  // pino: milliseconds
        return {FieldRole::kLatency, DurationUnit::kMilliseconds, kRankNamedUnit};
      }
      if (name.size() < 11) return {};
      switch (name[2]) {
        case 's':  // response_time*, responseTime*
          m = LatencyStem(name, "response_time", true);
          if (m.role == FieldRole::kNone) m = LatencyStem(name, "responseTime", false);
          return m;
        case 'q':  // request_time*, request_duration*, requestTime*, requestDuration*
          m = LatencyStem(name, "request_time", true);
          if (m.role == FieldRole::kNone) m = LatencyStem(name, "request_duration", true);
          if (m.role == FieldRole::kNone) m = LatencyStem(name, "requestTime", false);
          if (m.role == FieldRole::kNone) m = LatencyStem(name, "requestDuration", false);
          return m;
        default:
          return {};
      }
    case 'd':
      m = LatencyStem(name, "duration", true);
      m.event_duration_candidate = name.size() == 8;
      return m;
    case 'l':
      return LatencyStem(name, "latency", true);
    case 'e':
      m = LatencyStem(name, "elapsed_time", true);
      if (m.role == FieldRole::kNone) m = LatencyStem(name, "elapsedTime", false);
      if (m.role == FieldRole::kNone) m = LatencyStem(name, "elapsed", true);
      return m;
    case 'u':
      m = LatencyStem(name, "upstream_response_time", true, /*partial=*/true);
      if (m.role == FieldRole::kNone) {
        m = LatencyStem(name, "upstreamResponseTime", false, /*partial=*/true);
      }
      return m;
    default:
      return {};
  }
}

// True when the path's keys joined by '.' end with `dotted` at a segment
// boundary (or, with `whole`, equal it). Keys may themselves contain dots
// (ECS and OpenTelemetry write {"http.response.status_code": 200}), so the
// comparison runs backwards over the virtual joined string.
bool DottedPathMatch(std::span<const std::string_view> path, std::string_view dotted,
                     bool whole) {
  size_t left = dotted.size();
  for (size_t k = path.size(); k-- > 0;) {
    std::string_view key = path[k];
    if (key.size() > left) {
      if (whole) return false;
      size_t cut = key.size() - left;
      return key[cut - 1] == '.' && key.substr(cut) == dotted.substr(0, left);
    }
    if (dotted.substr(left - key.size(), key.size()) != key) return false;
    left -= key.size();
    if (left == 0) return !whole || k == 0;
    if (dotted[left - 1] != '.') return false;
    --left;
  }
  return false;
}

// Number of dot-separated segments in the joined path.
size_t PathDepth(std::span<const std::string_view> path) {
  size_t depth = path.size();
  for (std::string_view key : path) {
    for (char c : key) depth += c == '.';
  }
  return depth;
}

}  // namespace

std::optional<FieldRole> FieldRoleFromName(std::string_view name) {
  if (name == "status") return FieldRole::kStatus;
  if (name == "latency") return FieldRole::kLatency;
  return std::nullopt;
}

FieldDiscovery::FieldDiscovery() : FieldDiscovery(std::vector<FieldMapping>{}) {}

FieldDiscovery::FieldDiscovery(std::vector<FieldMapping> mappings)
    : mappings_(std::move(mappings)) {
  if (mappings_.size() >= kRankMapping) throw std::invalid_argument("too many field mappings");
  min_key_size_ = kMinDiscoveredKey;
  for (char c : kDiscoveredLastBytes) last_byte_[static_cast<unsigned char>(c)] = true;
  for (const FieldMapping& m : mappings_) {
    const std::string& p = m.path;
    if (m.role == FieldRole::kNone) {
      throw std::invalid_argument("field mapping '" + p + "' has no role");
    }
    if (p.empty() || p.front() == '.' || p.back() == '.' || p.find("..") != std::string::npos) {
      throw std::invalid_argument("field mapping path '" + p + "' has an empty segment");
    }
    status_mapped_ |= m.role == FieldRole::kStatus;
    latency_mapped_ |= m.role == FieldRole::kLatency;
    size_t dot = p.rfind('.');
    size_t last_segment = dot == std::string::npos ? p.size() : p.size() - dot - 1;
    if (last_segment < min_key_size_) min_key_size_ = last_segment;
    last_byte_[static_cast<unsigned char>(p.back())] = true;
  }
}

FieldMatch FieldDiscovery::Classify(std::span<const std::string_view> path) const {
  if (path.empty()) return {};
  for (size_t i = 0; i < mappings_.size(); ++i) {
    if (DottedPathMatch(path, mappings_[i].path, /*whole=*/true)) {
      return {mappings_[i].role, mappings_[i].unit, static_cast<uint32_t>(kRankMapping - i) << 8};
    }
  }
  return ClassifyByName(path);
}

FieldMatch FieldDiscovery::ClassifyByName(std::span<const std::string_view> path) const {
  std::string_view key = path.back();
  NameMatch m = ClassifyName(key);
  if (m.role == FieldRole::kNone && key.size() > kMinDiscoveredKey) {
    size_t dot = key.rfind('.');
    if (dot != std::string_view::npos) m = ClassifyName(key.substr(dot + 1));
  }
  if (m.role == FieldRole::kNone) return {};
  if (m.role == FieldRole::kStatus ? status_mapped_ : latency_mapped_) return {};

  if (m.status_path_candidate &&
      (DottedPathMatch(path, "http.response.status_code", false) ||
       DottedPathMatch(path, "http.status_code", false) ||
       DottedPathMatch(path, "res.statusCode", false))) {
    m.rank = kRankSpecificPath;
  } else if (m.event_duration_candidate && DottedPathMatch(path, "event.duration", false)) {
    m.rank = kRankSpecificPath;
    m.unit = DurationUnit::kNanoseconds;  // ECS
  }
  size_t depth = PathDepth(path);
  if (m.rank < kRankSpecificPath && depth > kMaxGenericDepth) return {};
  if (depth > 255) depth = 255;
  return {m.role, m.unit, (m.rank << 8) | static_cast<uint32_t>(255 - depth)};
}

}  // namespace sluice
