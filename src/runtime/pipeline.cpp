#include "runtime/pipeline.h"

#include <memory>
#include <thread>
#include <vector>

#include "runtime/chunk_pool.h"
#include "runtime/reorder_buffer.h"
#include "runtime/thread_name.h"
#include "runtime/worker_thread.h"

namespace sluice {

PipelineResult Pipeline::Run(ChunkSource* source, std::span<ChunkWorker* const> worker_list,
                             ChunkSink* sink) {
  const int workers = static_cast<int>(worker_list.size());
  const size_t slots =
      options_.chunks_in_flight ? options_.chunks_in_flight : static_cast<size_t>(2 * workers + 2);
  ChunkPool pool(slots, options_.chunk_capacity);
  ChunkQueue to_workers;
  ChunkQueue to_writer;

  std::thread reader([&] {
    SetThreadName(ThreadRole::kReader);
    uint64_t seq = 0;
    while (!stop_requested()) {
      ChunkPtr chunk = pool.Acquire();
      if (stop_requested() || !source->Fill(chunk.get())) {
        pool.Release(std::move(chunk));
        break;
      }
      chunk->seq = seq++;
      to_workers.Push(std::move(chunk));
    }
    for (int i = 0; i < workers; ++i) to_workers.Push(nullptr);
  });

  // Workers walk records recursively: a stack sized for the deepest nesting.
  std::vector<std::unique_ptr<WorkerThread>> pool_threads;
  pool_threads.reserve(workers);
  for (int i = 0; i < workers; ++i) {
    pool_threads.push_back(std::make_unique<WorkerThread>([&, i, worker = worker_list[i]] {
      SetThreadName(ThreadRole::kWorker, i);
      while (ChunkPtr chunk = to_workers.Pop()) {
        worker->Process(chunk.get());
        to_writer.Push(std::move(chunk));
      }
      to_writer.Push(nullptr);
    }));
  }

  // The calling thread writes. After a sink failure it keeps draining (and
  // recycling) chunks so that the reader and the workers can finish.
  PipelineResult result;
  ReorderBuffer reorder(slots);
  int finished_workers = 0;
  while (finished_workers < workers) {
    ChunkPtr chunk = to_writer.Pop();
    if (!chunk) {
      ++finished_workers;
      continue;
    }
    reorder.Insert(std::move(chunk));
    while (ChunkPtr next = reorder.PopNext()) {
      if (!result.sink_failed && !sink->Write(*next)) {
        result.sink_failed = true;
        RequestStop();
      }
      ++result.chunks;
      pool.Release(std::move(next));
    }
  }
  reader.join();
  for (auto& t : pool_threads) t->Join();
  return result;
}

}  // namespace sluice
