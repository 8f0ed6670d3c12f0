#!/usr/bin/env bash
# Builds sluice profile-guided (GCC PGO): a first build with -fprofile-generate
# runs over generated logs to record which way the hot path's branches go, then
# everything is compiled again with -fprofile-use. The binary does the same
# work; it is faster on logs like the training input (bench/README.md,
# "Profile-guided build"). The normal build and the test suite do not use it.
#
#   bench/pgo-build.sh [DIR]      the tree to build in (default: build-pgo)
#   PGO_TRAIN_BYTES               size of the generated training input (default 64M)
#   PGO_JOBS                      build parallelism (default 2)
#
# Then: DIR/sluice as usual, DIR/bench/sluice_bench to measure it.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-build-pgo}"
jobs="${PGO_JOBS:-2}"
train_bytes="${PGO_TRAIN_BYTES:-64M}"

echo "pgo-build: instrumented build in $dir"
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS="-fprofile-generate -fprofile-update=single" >/dev/null
cmake --build "$dir" -j"$jobs" --target sluice sluice-gen
# Counts from an earlier training would add to this one's.
find "$dir" -name '*.gcda' -delete

echo "pgo-build: training on $train_bytes of generated logs"
train="$dir/pgo-train"
mkdir -p "$train"
"$dir/sluice-gen" --bytes "$train_bytes" --seed 7 -o "$train/logs.ndjson"
# One worker, so that the counts do not race; metrics and the dead letter on,
# as a run usually has them.
"$dir/sluice" -j1 -q "$train/logs.ndjson" -o "$train/out.ndjson.zst" \
  --metrics "$train/metrics.json" --dead-letter "$train/dead.ndjson"
rm -rf "$train"

echo "pgo-build: optimised build in $dir"
# Files the training never ran (tests, benchmarks) have no profile: no warning.
cmake -S . -B "$dir" -DCMAKE_CXX_FLAGS="-fprofile-use -fprofile-correction -Wno-missing-profile" >/dev/null
cmake --build "$dir" -j"$jobs"
echo "pgo-build: done: $dir/sluice"
