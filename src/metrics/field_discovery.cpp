// FieldDiscovery: the name tables and the priority rules (see the header and
// src/metrics/README.md). Tests: tests/metrics/field_discovery_test.cpp.
#include "metrics/field_discovery.h"

#include <bit>
#include <cstring>
#include <stdexcept>

namespace sluice {

// Name ranks; the priority is rank * 256 + (255 - depth), so a higher rank
// always wins and, within a rank, the shallower member does.
namespace {
constexpr uint32_t kRankPartialLatency = 1;  // upstream_response_time: part of a request
constexpr uint32_t kRankBareName = 2;        // status, duration, latency, ...: unit guessed
constexpr uint32_t kRankNamedUnit = 3;       // status_code, duration_ms, responseTime
constexpr uint32_t kRankSpecificPath = 4;    // http.response.status_code, event.duration
constexpr uint32_t kRankMapping = 1000;      // minus the mapping's index

// Generic names count at the root or under at most two wrapping objects
// ({"context":{"http":{"status":200}}}); specific paths count at any depth.
constexpr size_t kMaxGenericDepth = 3;

// Every discoverable name is at least this long ("status").
constexpr size_t kMinDiscoveredName = 6;

struct UnitSuffix {
  std::string_view suffix;
  DurationUnit unit;
};

// Suffixes after a latency stem that give the unit ("duration_ms").
constexpr UnitSuffix kUnitSuffixes[] = {
    {"_ns", DurationUnit::kNanoseconds},      {"Ns", DurationUnit::kNanoseconds},
    {"_nanos", DurationUnit::kNanoseconds},   {"Nanos", DurationUnit::kNanoseconds},
    {"_nsec", DurationUnit::kNanoseconds},    {"_us", DurationUnit::kMicroseconds},
    {"Us", DurationUnit::kMicroseconds},      {"_\xC2\xB5s", DurationUnit::kMicroseconds},
    {"_\xCE\xBCs", DurationUnit::kMicroseconds}, {"_micros", DurationUnit::kMicroseconds},
    {"Micros", DurationUnit::kMicroseconds},  {"_usec", DurationUnit::kMicroseconds},
    {"_ms", DurationUnit::kMilliseconds},     {"Ms", DurationUnit::kMilliseconds},
    {"_millis", DurationUnit::kMilliseconds}, {"Millis", DurationUnit::kMilliseconds},
    {"_msec", DurationUnit::kMilliseconds},   {"_s", DurationUnit::kSeconds},
    {"_sec", DurationUnit::kSeconds},         {"_secs", DurationUnit::kSeconds},
    {"_seconds", DurationUnit::kSeconds},     {"Sec", DurationUnit::kSeconds},
    {"Secs", DurationUnit::kSeconds},         {"Seconds", DurationUnit::kSeconds},
};

struct LatencyStem {
  std::string_view stem;
  bool bare_in_seconds;  // the bare stem is a latency in seconds
  bool partial;          // a part of the request's time: lowest rank
};

constexpr LatencyStem kLatencyStems[] = {
    {"duration", true, false},         {"latency", true, false},
    {"elapsed", true, false},          {"elapsed_time", true, false},
    {"response_time", true, false},    {"request_time", true, false},
    {"request_duration", true, false}, {"upstream_response_time", true, true},
    // camelCase: only with a unit suffix ("requestTimeMs"), except
    // responseTime, pino's milliseconds, added below.
    {"elapsedTime", false, false},     {"responseTime", false, false},
    {"requestTime", false, false},     {"requestDuration", false, false},
    {"upstreamResponseTime", false, true},
};

// True when the path's keys joined by '.' end with `dotted` at a segment
// boundary (or, with `whole`, equal it). Keys may themselves contain dots
// (ECS and OpenTelemetry write {"http.response.status_code": 200}), so the
// comparison runs backwards over the virtual joined string.
bool DottedPathMatch(std::span<const std::string_view> path, std::string_view dotted,
                     bool whole) {
  const char* d = dotted.data();
  size_t left = dotted.size();
  for (size_t k = path.size(); k-- > 0;) {
    const char* key = path[k].data();
    const size_t size = path[k].size();
    if (size > left) {
      if (whole) return false;
      size_t cut = size - left;
      return key[cut - 1] == '.' && std::memcmp(key + cut, d, left) == 0;
    }
    if (std::memcmp(d + left - size, key, size) != 0) return false;
    left -= size;
    if (left == 0) return !whole || k == 0;
    if (d[left - 1] != '.') return false;
    --left;
  }
  return false;
}

// Paths that outrank any generic name (rank 4, at any depth), each checked
// only for the names it ends in (NameEntry::specific_paths).
struct SpecificPath {
  std::string_view dotted;
  bool nanoseconds;  // ECS event.duration
};
constexpr SpecificPath kSpecificPaths[] = {
    {"http.response.status_code", false},  // ECS, OpenTelemetry
    {"http.status_code", false},           // OpenTelemetry, older
    {"res.statusCode", false},             // pino
    {"event.duration", true},              // ECS
};
constexpr uint8_t kStatusCodePaths = 0b0011;  // status_code
constexpr uint8_t kStatusCodeCamelPaths = 0b0100;  // statusCode
constexpr uint8_t kEventDurationPaths = 0b1000;  // duration

// A name's first and last eight bytes (zero-padded when shorter).
struct NameKey {
  uint64_t head = 0;
  uint64_t tail = 0;
};

inline NameKey KeyOf(std::string_view name) {
  NameKey k;
  size_t n = name.size();
  if (n >= 8) {
    std::memcpy(&k.head, name.data(), 8);
    std::memcpy(&k.tail, name.data() + n - 8, 8);
  } else if (n >= 4) {
    uint32_t lo, hi;  // overlapping loads: the n bytes without a loop
    std::memcpy(&lo, name.data(), 4);
    std::memcpy(&hi, name.data() + n - 4, 4);
    k.head = lo | uint64_t{hi} << (8 * (n - 4));
  } else {
    for (size_t i = 0; i < n; ++i) {
      k.head |= uint64_t{static_cast<unsigned char>(name[i])} << (8 * i);
    }
  }
  return k;
}

constexpr int kNameSlotBits = 10;  // 1024 slots for ~330 names

inline size_t SlotOf(const NameKey& k, size_t n) {
  uint64_t h = (k.head + (k.tail ^ n) * 0x9E3779B97F4A7C15ULL) * 0xFF51AFD7ED558CCDULL;
  return static_cast<size_t>(h >> (64 - kNameSlotBits));
}

}  // namespace

std::optional<FieldRole> FieldRoleFromName(std::string_view name) {
  if (name == "status") return FieldRole::kStatus;
  if (name == "latency") return FieldRole::kLatency;
  return std::nullopt;
}

FieldDiscovery::FieldDiscovery() : FieldDiscovery(std::vector<FieldMapping>{}) {}

FieldDiscovery::FieldDiscovery(std::vector<FieldMapping> mappings)
    : mappings_(std::move(mappings)), name_slots_(size_t{1} << kNameSlotBits) {
  if (mappings_.size() >= kRankMapping) throw std::invalid_argument("too many field mappings");

  // Discoverable names.
  using U = DurationUnit;
  auto add = [this](std::string name, FieldRole role, U unit, uint32_t rank) {
    NameEntry e;
    e.role = role;
    e.unit = unit;
    e.rank = rank;
    AddName(std::move(name), e);
  };
  NameEntry status_code{"", FieldRole::kStatus, U::kSeconds, kRankNamedUnit, kStatusCodePaths};
  AddName("status_code", status_code);
  status_code.specific_paths = kStatusCodeCamelPaths;
  AddName("statusCode", status_code);
  add("response_code", FieldRole::kStatus, U::kSeconds, kRankNamedUnit);
  add("status", FieldRole::kStatus, U::kSeconds, kRankBareName);
  add("responseTime", FieldRole::kLatency, U::kMilliseconds, kRankNamedUnit);  // pino
  for (const LatencyStem& s : kLatencyStems) {
    if (s.bare_in_seconds) {
      NameEntry bare{"", FieldRole::kLatency, U::kSeconds,
                     s.partial ? kRankPartialLatency : kRankBareName,
                     s.stem == "duration" ? kEventDurationPaths : uint8_t{0}};
      AddName(std::string(s.stem), bare);
    }
    for (const UnitSuffix& u : kUnitSuffixes) {
      add(std::string(s.stem) + std::string(u.suffix), FieldRole::kLatency, u.unit,
          s.partial ? kRankPartialLatency : kRankNamedUnit);
    }
  }
  min_key_size_ = kMinDiscoveredName;

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
    // The member's last key is some dot-boundary suffix of the path
    // ("code" nested, "resp.code" flat): put each in the filter.
    for (size_t start = p.size(); start-- > 0;) {
      if (start == 0 || p[start - 1] == '.') {
        std::string_view suffix = std::string_view(p).substr(start);
        AddToFilter(suffix);
        if (suffix.size() < min_key_size_) min_key_size_ = suffix.size();
      }
    }
  }
}

void FieldDiscovery::AddToFilter(std::string_view key_tail) {
  uint64_t bit = TailHash(key_tail) >> (64 - kFilterBits);
  filter_[bit >> 6] |= uint64_t{1} << (bit & 63);
}

void FieldDiscovery::AddName(std::string name, const NameEntry& entry) {
  AddToFilter(name);
  NameKey k = KeyOf(name);
  size_t mask = name_slots_.size() - 1;
  for (size_t slot = SlotOf(k, name.size());; slot = (slot + 1) & mask) {
    NameSlot& s = name_slots_[slot];
    if (s.entry == 0) {
      s = {k.head,          k.tail,     static_cast<uint16_t>(name.size()),
           static_cast<uint16_t>(names_.size() + 1),
           entry.role,      entry.unit, static_cast<uint8_t>(entry.rank),
           entry.specific_paths};
      break;
    }
  }
  names_.push_back(entry);
  names_.back().name = std::move(name);
}

[[gnu::always_inline]] inline const FieldDiscovery::NameSlot* FieldDiscovery::FindName(
    std::string_view name) const {
  NameKey k = KeyOf(name);
  size_t n = name.size();
  size_t mask = name_slots_.size() - 1;
  for (size_t slot = SlotOf(k, n);; slot = (slot + 1) & mask) {
    const NameSlot& s = name_slots_[slot];
    if (s.entry == 0) return nullptr;
    if (s.head == k.head && s.tail == k.tail && s.size == n) {
      if (n <= 16) return &s;
      if (std::memcmp(names_[s.entry - 1].name.data() + 8, name.data() + 8, n - 16) == 0) {
        return &s;
      }
    }
  }
}

FieldMatch FieldDiscovery::Classify(std::span<const std::string_view> path) const {
  if (path.empty()) return {};
  if (mappings_.empty()) [[likely]] return ClassifyByName(path);
  for (size_t i = 0; i < mappings_.size(); ++i) {
    if (DottedPathMatch(path, mappings_[i].path, /*whole=*/true)) {
      return {mappings_[i].role, mappings_[i].unit, static_cast<uint32_t>(kRankMapping - i) << 8};
    }
  }
  return ClassifyByName(path);
}

[[gnu::always_inline]] inline FieldMatch FieldDiscovery::ClassifyByName(
    std::span<const std::string_view> path) const {
  std::string_view key = path.back();
  const NameSlot* e = FindName(key);
  if (e == nullptr) {
    size_t dot = key.rfind('.');
    if (dot == std::string_view::npos) return {};
    e = FindName(key.substr(dot + 1));  // a flat dotted key: "http.response.status_code"
    if (e == nullptr) return {};
  }
  if (e->role == FieldRole::kStatus ? status_mapped_ : latency_mapped_) return {};

  uint32_t rank = e->rank;
  DurationUnit unit = e->unit;
  // A known dotted path needs a parent: a second key or a dotted last key.
  bool has_parent = path.size() > 1 || key.size() > e->size;
  if (has_parent) {
    for (uint8_t bits = e->specific_paths; bits != 0; bits &= bits - 1) {
      const SpecificPath& p = kSpecificPaths[std::countr_zero(bits)];
      if (DottedPathMatch(path, p.dotted, false)) {
        rank = kRankSpecificPath;
        if (p.nanoseconds) unit = DurationUnit::kNanoseconds;
        break;
      }
    }
  }
  // Depth: the number of keys (objects) down to the member; a flat dotted
  // key counts as one.
  size_t depth = path.size();
  if (rank < kRankSpecificPath && depth > kMaxGenericDepth) return {};
  if (depth > 255) depth = 255;
  return {e->role, unit, (rank << 8) | static_cast<uint32_t>(255 - depth)};
}

}  // namespace sluice
