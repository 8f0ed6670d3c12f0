// The daemon's worker stage; see snapshot_worker.h.
// Tests: tests/daemon/daemon_http_test.cpp, tests/daemon/daemon_reload_test.cpp.
#include "daemon/snapshot_worker.h"

#include <map>

namespace sluice {
namespace {
constexpr auto kPublishInterval = std::chrono::milliseconds(250);
}  // namespace

std::vector<std::string> RuleNames(const RedactionRules& rules) {
  std::vector<std::string> names;
  for (size_t i = 0; i < rules.rule_count(); ++i) names.push_back(rules.rule(i).name);
  return names;
}

void RemapRedactions(const std::vector<std::string>& from, const std::vector<std::string>& to,
                     MetricsShard* shard) {
  std::map<std::string, uint64_t> by_name;
  for (size_t i = 0; i < from.size() && i < shard->redactions.size(); ++i) by_name[from[i]] += shard->redactions[i];
  std::vector<uint64_t> out(to.size(), 0);
  for (size_t i = 0; i < to.size(); ++i) {
    auto it = by_name.find(to[i]);
    if (it != by_name.end()) {
      out[i] = it->second;
      by_name.erase(it);  // a name shared by two rules is counted once
    }
  }
  shard->redactions = std::move(out);
}

SnapshotWorker::SnapshotWorker(const WorkerOptions& options, const FieldDiscovery* discovery, const RulesBox* rules)
    : options_(options), discovery_(discovery), rules_box_(rules) {
  Rebuild();
  Publish();
}

void SnapshotWorker::Rebuild() {
  std::shared_ptr<const RedactionRules> rules = rules_box_->Get(&generation_);
  std::vector<std::string> names = RuleNames(*rules);
  if (worker_) {
    MetricsShard old = worker_->metrics();
    retired_.Merge(old);
  }
  RemapRedactions(rule_names_, names, &retired_);
  rule_names_ = std::move(names);
  worker_ = std::make_unique<RecordWorker>(options_, std::move(rules), discovery_);
}

void SnapshotWorker::Publish() {
  Snapshot s;
  s.shard = retired_;
  s.shard.Merge(worker_->metrics());
  s.rule_names = rule_names_;
  {
    std::lock_guard<std::mutex> lock(snapshot_mutex_);
    std::swap(snapshot_, s);
  }
  unpublished_ = false;
  last_publish_ = std::chrono::steady_clock::now();
}

void SnapshotWorker::Process(Chunk* chunk) {
  if (rules_box_->generation() != generation_) Rebuild();
  worker_->Process(chunk);
  unpublished_ = true;
  if (std::chrono::steady_clock::now() - last_publish_ >= kPublishInterval) Publish();
}

void SnapshotWorker::Idle() {
  if (rules_box_->generation() != generation_) {
    Rebuild();
    unpublished_ = true;
  }
  if (unpublished_) Publish();
}

SnapshotWorker::Snapshot SnapshotWorker::GetSnapshot() const {
  std::lock_guard<std::mutex> lock(snapshot_mutex_);
  return snapshot_;
}

}  // namespace sluice
