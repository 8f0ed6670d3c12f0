// FieldDiscovery: decides which record members hold the HTTP status and the
// request latency, by name (no configuration needed) or by explicit mappings.
//
// Why this design: RecordMeasurer asks about every scalar member of every
// record, so the question is split in two. MayMatch() looks only at the last
// key's length and last byte (a table lookup, inline); the few keys that pass
// go to Classify(), which switches on the name's first byte before comparing
// whole names and walks dotted paths backwards without building strings.
// Each match carries a priority so the measurer keeps one status and one
// latency per record: mapping > specific path > explicit unit > bare name >
// partial (upstream) time, then the shallower member, then the first seen.
// The full rules are in src/metrics/README.md.
// Ownership and threads: immutable after construction; one instance is shared
// (by pointer) by all workers, with no locking.
// Errors: the constructor throws std::invalid_argument for a bad mapping.
// Tests: tests/metrics/field_discovery_test.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/duration_parse.h"

namespace sluice {

enum class FieldRole : uint8_t {
  kNone,
  kStatus,   // HTTP status code, an integer 100-599
  kLatency,  // request duration
};

// "status" or "latency" (configuration); nullopt otherwise.
std::optional<FieldRole> FieldRoleFromName(std::string_view name);

// An explicit mapping, e.g. {"resp.code", kStatus} or
// {"timing.total", kLatency, kMilliseconds}. The path is the member keys
// joined by '.', so it matches both nested objects ({"resp":{"code":..}}) and
// flat dotted keys ({"resp.code":..}). `unit` is the unit of numbers and bare
// numeric strings; strings with a unit ("45ms") carry their own.
struct FieldMapping {
  std::string path;
  FieldRole role = FieldRole::kNone;
  DurationUnit unit = DurationUnit::kSeconds;
};

// What a member is. priority: higher wins within a record; 0 means no match.
struct FieldMatch {
  FieldRole role = FieldRole::kNone;
  DurationUnit unit = DurationUnit::kSeconds;
  uint32_t priority = 0;
};

class FieldDiscovery {
 public:
  // Name-based discovery only.
  FieldDiscovery();
  // Mappings override discovery for their role: once any status mapping is
  // given, only mapped paths give a status (likewise for latency); a role
  // without mappings is still discovered. Earlier mappings beat later ones.
  // Throws std::invalid_argument on an empty path, an empty segment ("a..b")
  // or role kNone.
  explicit FieldDiscovery(std::vector<FieldMapping> mappings);

  // False when no rule can apply to a member whose last key is `last_key`:
  // the cheap test to run on every member before Classify().
  bool MayMatch(std::string_view last_key) const {
    return !last_key.empty() && last_key.size() >= min_key_size_ &&
           last_byte_[static_cast<unsigned char>(last_key.back())];
  }

  // path: the member's keys from the record root (array elements add none).
  FieldMatch Classify(std::span<const std::string_view> path) const;

  const std::vector<FieldMapping>& mappings() const { return mappings_; }

 private:
  FieldMatch ClassifyByName(std::span<const std::string_view> path) const;

  std::vector<FieldMapping> mappings_;
  bool status_mapped_ = false;
  bool latency_mapped_ = false;
  size_t min_key_size_ = 0;
  std::array<bool, 256> last_byte_{};
};

}  // namespace sluice
