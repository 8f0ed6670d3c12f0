// The three stage interfaces the runtime connects: a source that fills chunks,
// a worker that transforms them, a sink that writes them in order.
//
// Rules for implementations (as ClickHouse's IProcessor): ChunkWorker::Process
// is pure CPU work on one chunk, no I/O and no sleeping; only sources and sinks
// touch files. Errors are values: a source or sink reports failure by return
// value and keeps the message for the caller.
#pragma once

#include <memory>
#include <string>

#include "core/chunk.h"

namespace sluice {

class ChunkSource {
 public:
  virtual ~ChunkSource() = default;
  // Fills `chunk` (already Reset) with whole lines of one input and returns
  // true, or returns false when there is nothing more to read.
  virtual bool Fill(Chunk* chunk) = 0;
};

class ChunkWorker {
 public:
  virtual ~ChunkWorker() = default;
  virtual void Process(Chunk* chunk) = 0;
};

class ChunkSink {
 public:
  virtual ~ChunkSink() = default;
  // Called on the writer thread, in input order. False on a fatal error: the
  // run stops reading and the sink's error() says why.
  virtual bool Write(const Chunk& chunk) = 0;
  virtual const std::string& error() const = 0;
};

}  // namespace sluice
