// SnapshotWorker: the daemon's worker stage. Runs a RecordWorker (parse,
// redact, measure, compress, exactly as batch mode) and publishes copies of
// its metrics shard for /metrics, and picks up new redaction rules after a
// reload.
//
// Why copies: a shard is written by its worker without locks, so reading it
// while the worker runs is a data race. The worker copies it into a
// mutex-guarded snapshot itself, at most every publish_interval after a chunk
// and when it goes idle, so a scrape sees every chunk processed before the
// worker's last idle moment. Reload: RulesBox holds the current rules and a
// generation; a worker whose generation is old rebuilds its RecordWorker
// before the next chunk, and folds the counts of the old rules into a
// "retired" shard (redaction counts carried over by rule name).
// Thread safety: Process/Idle on the worker's thread; Snapshot any thread.
// Tests: tests/daemon/daemon_http_test.cpp, tests/daemon/daemon_reload_test.cpp.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "metrics/field_discovery.h"
#include "metrics/metrics_shard.h"
#include "redact/redaction_rules.h"
#include "runtime/stage.h"
#include "worker/record_worker.h"

namespace sluice {

// The redaction rules in force, swapped by a reload.
class RulesBox {
 public:
  explicit RulesBox(std::shared_ptr<const RedactionRules> rules) : rules_(std::move(rules)) {}
  void Set(std::shared_ptr<const RedactionRules> rules) {
    std::lock_guard<std::mutex> lock(mutex_);
    rules_ = std::move(rules);
    generation_.fetch_add(1);
  }
  std::shared_ptr<const RedactionRules> Get(uint64_t* generation) const {
    std::lock_guard<std::mutex> lock(mutex_);
    *generation = generation_.load();
    return rules_;
  }
  uint64_t generation() const { return generation_.load(std::memory_order_relaxed); }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const RedactionRules> rules_;
  std::atomic<uint64_t> generation_{0};
};

std::vector<std::string> RuleNames(const RedactionRules& rules);
// Re-indexes shard->redactions from `from` rule names to `to` (counts of
// rules missing from `to` are dropped).
void RemapRedactions(const std::vector<std::string>& from, const std::vector<std::string>& to, MetricsShard* shard);

class SnapshotWorker : public ChunkWorker {
 public:
  SnapshotWorker(const WorkerOptions& options, const FieldDiscovery* discovery, const RulesBox* rules);

  void Process(Chunk* chunk) override;
  // The worker's thread found no chunk for a while.
  void Idle();

  struct Snapshot {
    MetricsShard shard{0};
    std::vector<std::string> rule_names;
  };
  Snapshot GetSnapshot() const;

 private:
  void Rebuild();
  void Publish();

  WorkerOptions options_;
  const FieldDiscovery* discovery_;
  const RulesBox* rules_box_;
  uint64_t generation_ = 0;
  std::vector<std::string> rule_names_;
  std::unique_ptr<RecordWorker> worker_;
  MetricsShard retired_{0};  // counts of earlier rule generations, indexed by rule_names_
  bool unpublished_ = false;
  std::chrono::steady_clock::time_point last_publish_{};
  mutable std::mutex snapshot_mutex_;
  Snapshot snapshot_;  // guarded by snapshot_mutex_
};

}  // namespace sluice
