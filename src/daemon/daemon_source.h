// DaemonSource: an input of the daemon, run on a reader thread of its own
// (DaemonPipeline). Fill hands on whole lines of one input per chunk, with
// the source id and byte range the checkpoints need (Chunk::source,
// source_begin/source_end, source_cursor).
//
// Stopping: when the pipeline's StopSignal is raised, Fill returns what it
// must still hand on (a socket's buffered lines) and then false; files stop
// at once (their unread bytes stay in the file, after the checkpoint).
// Thread safety: Fill runs on the source's reader thread only.
#pragma once

#include "core/chunk.h"

namespace sluice {

class DaemonSource {
 public:
  virtual ~DaemonSource() = default;
  // Blocks until `chunk` (Reset, from the pool) holds whole lines; false when
  // the source is done (stopping).
  virtual bool Fill(Chunk* chunk) = 0;
  virtual const char* name() const = 0;
};

}  // namespace sluice
