// FieldDiscovery: decides which record members hold the HTTP status and the
// request latency, by name (no configuration needed) or by explicit mappings.
//
// Why this design: RecordMeasurer asks about every scalar member of every
// record, so the question is split in two. MayMatch() (inline) hashes the
// last key's final bytes into a small filter; the few keys that pass go to
// Classify(), which looks the name up in a table of every discoverable name
// (built at construction: stems x unit suffixes) and walks dotted paths
// backwards without building strings.
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
#include <cstring>
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
  // the cheap test to run on every member before Classify(). It hashes the
  // key's last (up to) six bytes into a 65536-bit filter (8 KiB) holding the
  // tails of every discoverable name and mapped path, so almost every other
  // key fails after one load, one multiply and one bit test.
  bool MayMatch(std::string_view last_key) const {
    uint32_t hash;
    return MayMatch(last_key, &hash);
  }
  // The same, also giving the filter's hash of the key (kFilterBits bits),
  // which a caller may reuse to index a cache of its own.
  bool MayMatch(std::string_view last_key, uint32_t* hash) const {
    if (last_key.size() < min_key_size_) return false;
    uint64_t bit = TailHash(last_key) >> (64 - kFilterBits);
    *hash = static_cast<uint32_t>(bit);
    return (filter_[bit >> 6] >> (bit & 63)) & 1;
  }

  // path: the member's keys from the record root (array elements add none).
  FieldMatch Classify(std::span<const std::string_view> path) const;

  const std::vector<FieldMapping>& mappings() const { return mappings_; }

 private:
  // A discoverable final name ("status_code", "duration_ms") and its meaning.
  struct NameEntry {
    std::string name;
    FieldRole role = FieldRole::kNone;
    DurationUnit unit = DurationUnit::kSeconds;
    uint32_t rank = 0;
    // Bits of kSpecificPaths (field_discovery.cpp) that end in this name:
    // status_code may be http.response.status_code, duration event.duration.
    uint8_t specific_paths = 0;
  };
  // Open addressing over names_, keyed by a name's first and last eight
  // bytes and its length, which settle names of up to 16 bytes without a
  // string comparison. A slot repeats the entry's meaning, so that a hit
  // needs no second load.
  struct NameSlot {
    uint64_t head = 0;
    uint64_t tail = 0;
    uint16_t size = 0;
    uint16_t entry = 0;  // index into names_ + 1; 0 = empty
    FieldRole role = FieldRole::kNone;
    DurationUnit unit = DurationUnit::kSeconds;
    uint8_t rank = 0;
    uint8_t specific_paths = 0;
  };

  static constexpr int kFilterBits = 16;
  static constexpr size_t kFilterSize = size_t{1} << kFilterBits;

  // Hash of the key's last min(size, 6) bytes and that count. Keys of eight
  // bytes or more take one unaligned load, keys of four to seven two
  // overlapping ones (no byte loop: most keys that reach here are 6-7 bytes).
  static uint64_t TailHash(std::string_view key) {
    size_t n = key.size();
    uint64_t tail = 0;
    if (n >= 8) [[likely]] {
      std::memcpy(&tail, key.data() + n - 8, 8);
      // The last six bytes (little-endian) and their count, 6.
      return ((tail >> 16) | uint64_t{6} << 56) * 0x9E3779B97F4A7C15ULL;
    }
    if (n >= 4) {
      uint32_t lo, hi;
      std::memcpy(&lo, key.data(), 4);
      std::memcpy(&hi, key.data() + n - 4, 4);
      tail = lo | uint64_t{hi} << (8 * (n - 4));  // the n bytes
      if (n > 6) tail >>= 8;  // keep the last six
    } else {
      for (size_t i = 0; i < n; ++i) {
        tail |= uint64_t{static_cast<unsigned char>(key[i])} << (8 * i);
      }
    }
    tail |= uint64_t{n < 6 ? n : 6} << 56;
    return tail * 0x9E3779B97F4A7C15ULL;
  }
  void AddToFilter(std::string_view key_tail);
  void AddName(std::string name, const NameEntry& entry);
  const NameSlot* FindName(std::string_view name) const;
  FieldMatch ClassifyByName(std::span<const std::string_view> path) const;

  std::vector<FieldMapping> mappings_;
  bool status_mapped_ = false;
  bool latency_mapped_ = false;
  size_t min_key_size_ = 0;
  std::array<uint64_t, kFilterSize / 64> filter_{};
  std::vector<NameEntry> names_;  // every discoverable final name
  std::vector<NameSlot> name_slots_;
};

}  // namespace sluice
