// The daemon's staged threads; see daemon_pipeline.h.
// Tests: tests/daemon/daemon_crash_test.cpp, tests/daemon/daemon_socket_test.cpp.
#include "daemon/daemon_pipeline.h"

#include <memory>
#include <thread>

#include "daemon/daemon_log.h"
#include "runtime/chunk_pool.h"
#include "runtime/chunk_queue.h"
#include "runtime/reorder_buffer.h"
#include "runtime/thread_name.h"
#include "runtime/worker_thread.h"

namespace sluice {

void DaemonPipeline::Run(const std::vector<DaemonSource*>& sources, const std::vector<SnapshotWorker*>& workers,
                         CheckpointWriter* writer, const std::function<void()>& on_tick) {
  const int worker_count = static_cast<int>(workers.size());
  const size_t slots =
      options_.chunks_in_flight ? options_.chunks_in_flight : static_cast<size_t>(2 * worker_count + 4);
  ChunkPool pool(slots, options_.chunk_capacity);
  ChunkQueue to_workers;
  ChunkQueue to_writer;
  std::atomic<uint64_t> seq{0};
  std::atomic<int> readers_left{static_cast<int>(sources.size())};
  std::atomic<int64_t>& in_flight = metrics_->chunks_in_flight;
  in_flight.store(0);
  metrics_->chunks_total.store(static_cast<int64_t>(slots));

  auto end_of_reading = [&] {
    if (readers_left.fetch_sub(1) == 1) {
      for (int i = 0; i < worker_count; ++i) to_workers.Push(nullptr);
    }
  };
  std::vector<std::thread> readers;
  for (DaemonSource* source : sources) {
    readers.emplace_back([&, source] {
      SetThreadName(ThreadRole::kReader);
      for (;;) {
        ChunkPtr chunk = pool.AcquireFor(std::chrono::milliseconds(100));
        if (!chunk) continue;  // every chunk is in flight: reading waits (backpressure)
        in_flight.fetch_add(1, std::memory_order_relaxed);
        if (!source->Fill(chunk.get())) {
          pool.Release(std::move(chunk));
          in_flight.fetch_sub(1, std::memory_order_relaxed);
          break;
        }
        chunk->seq = seq.fetch_add(1);
        to_workers.Push(std::move(chunk));
        metrics_->queue_workers.store(static_cast<int64_t>(to_workers.ApproxSize()), std::memory_order_relaxed);
      }
      end_of_reading();
    });
  }
  if (sources.empty()) end_of_reading();  // nothing to read: drain at once

  // Workers walk records recursively: a stack sized for the deepest nesting.
  std::vector<std::unique_ptr<WorkerThread>> worker_threads;
  for (int i = 0; i < worker_count; ++i) {
    worker_threads.push_back(std::make_unique<WorkerThread>([&, i, worker = workers[i]] {
      SetThreadName(ThreadRole::kWorker, i);
      for (;;) {
        ChunkPtr chunk;
        if (!to_workers.PopFor(std::chrono::milliseconds(200), &chunk)) {
          worker->Idle();
          continue;
        }
        if (!chunk) break;
        worker->Process(chunk.get());
        to_writer.Push(std::move(chunk));
        metrics_->queue_writer.store(static_cast<int64_t>(to_writer.ApproxSize()), std::memory_order_relaxed);
      }
      worker->Idle();
      to_writer.Push(nullptr);
    }));
  }

  ReorderBuffer reorder(slots);
  int finished_workers = 0;
  uint64_t dropped_chunks = 0;
  while (finished_workers < worker_count) {
    ChunkPtr chunk;
    if (to_writer.PopFor(std::chrono::milliseconds(100), &chunk)) {
      if (!chunk) {
        ++finished_workers;
      } else {
        reorder.Insert(std::move(chunk));
        while (ChunkPtr next = reorder.PopNext()) {
          if (writer->given_up() || !writer->Write(*next)) {
            metrics_->Drop(DropReason::kSinkFailed, next->line_count);
            ++dropped_chunks;
          }
          pool.Release(std::move(next));
          in_flight.fetch_sub(1, std::memory_order_relaxed);
        }
      }
    }
    writer->Tick();
    metrics_->queue_workers.store(static_cast<int64_t>(to_workers.ApproxSize()), std::memory_order_relaxed);
    metrics_->queue_writer.store(static_cast<int64_t>(to_writer.ApproxSize() + reorder.pending()),
                                 std::memory_order_relaxed);
    if (on_tick) on_tick();
  }
  for (auto& t : readers) t.join();
  for (auto& t : worker_threads) t->Join();
  if (!writer->given_up()) writer->Commit();
  if (dropped_chunks > 0) LogError("writer: chunks dropped after the sink failed", {{"chunks", dropped_chunks}});
}

}  // namespace sluice
