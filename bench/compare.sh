#!/usr/bin/env bash
# compare.sh: sluice end to end against what people run today, on one file.
#
#   bench/compare.sh FILE            # from the repository root, after building
#   ROUNDS=7 bench/compare.sh FILE   # more rounds (default 5)
#   RSS_ONLY=1 bench/compare.sh FILE # only the peak-RSS runs (file and stdin)
#
# Runs, alternating in every round so that load from others spreads evenly:
#   zstd -T0 -1 / -3            the floor: compression alone, all cores
#   sluice --level 1 / 3        every stage on (parse, redact, measure, zstd;
#                               --metrics and --dead-letter written too), all cores
#   sluice -j1 / -j2 --level 1  the scaling target (-j2 >= 1.7x -j1)
#   jq -cR 'fromjson?'          what people pipe through today (jq -c . that skips
#                               malformed lines instead of stopping at the first),
#                               no redaction, no compression; on a slice of JQ_MB MiB
#                               (default 32), its figures per byte of that slice
# then `cat FILE | sluice -o out.zst` once, for the peak RSS from stdin.
# Prints the median of each figure over the rounds: wall MB/s (MB = 10^6 bytes),
# CPU seconds per GB (user+sys from /usr/bin/time), peak RSS, output size, and
# for sluice the ratio of its MB/s to zstd's at the same level.
# Outputs go to a temporary folder under /tmp, removed at the end. The load
# average is printed before and after: figures taken on a loaded machine say so.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -r "$1" ]; then
  echo "usage: bench/compare.sh FILE   (FILE: newline-delimited JSON)" >&2
  exit 2
fi
FILE=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SLUICE=${SLUICE:-$ROOT/build/sluice}
ROUNDS=${ROUNDS:-5}
JQ_MB=${JQ_MB:-32}
for tool in "$SLUICE" zstd jq /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool not found" >&2; exit 2; }
done

TMP=$(mktemp -d /tmp/sluice-compare.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
SIZE=$(stat -c %s "$FILE")

# The jq slice: whole lines, about JQ_MB MiB.
if [ "$SIZE" -gt $((JQ_MB << 20)) ]; then
  head -c $((JQ_MB << 20)) "$FILE" | head -n -1 >"$TMP/slice.ndjson"
  JQ_FILE=$TMP/slice.ndjson
else
  JQ_FILE=$FILE
fi
JQ_SIZE=$(stat -c %s "$JQ_FILE")

cat "$FILE" >/dev/null  # into the page cache before the first timing

# run NAME INPUT_BYTES OUTPUT_FILE COMMAND...: one timed run, appended to $TMP/runs
run() {
  local name=$1 bytes=$2 out=$3
  shift 3
  /usr/bin/time -f "%e %U %S %M" -o "$TMP/time" "$@" >/dev/null 2>"$TMP/stderr" || {
    echo "compare.sh: $name failed:" >&2
    cat "$TMP/stderr" >&2
    exit 1
  }
  local out_bytes=0
  [ -n "$out" ] && out_bytes=$(stat -c %s "$out")
  echo "$name $bytes $out_bytes $(tail -n1 "$TMP/time")" >>"$TMP/runs"
}

sluice_run() {  # name level threads...
  local name=$1 level=$2
  shift 2
  run "$name" "$SIZE" "$TMP/s.zst" "$SLUICE" "$FILE" -o "$TMP/s.zst" --level "$level" "$@" \
    --metrics "$TMP/m.json" --dead-letter "$TMP/dead.ndjson" -q
}

echo "input: $FILE ($SIZE bytes, $(wc -l <"$FILE") lines); jq on $JQ_SIZE bytes"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$TMP/runs"
if [ -z "${RSS_ONLY:-}" ]; then
  for ((r = 1; r <= ROUNDS; r++)); do
    run "zstd -T0 -1" "$SIZE" "$TMP/z.zst" zstd -T0 -1 -q -f "$FILE" -o "$TMP/z.zst"
    sluice_run "sluice --level 1" 1
    run "zstd -T0 -3" "$SIZE" "$TMP/z.zst" zstd -T0 -3 -q -f "$FILE" -o "$TMP/z.zst"
    sluice_run "sluice --level 3" 3
    sluice_run "sluice -j1 --level 1" 1 -j1
    sluice_run "sluice -j2 --level 1" 1 -j2
    run "jq -cR fromjson?" "$JQ_SIZE" "$TMP/jq.ndjson" \
      sh -c 'exec jq -cR "fromjson?" "$1" >"$2"' jq "$JQ_FILE" "$TMP/jq.ndjson"
    echo "round $r/$ROUNDS done" >&2
  done
fi
run "sluice FILE (rss)" "$SIZE" "$TMP/s.zst" "$SLUICE" "$FILE" -o "$TMP/s.zst" -q
run "cat FILE | sluice (rss)" "$SIZE" "$TMP/s.zst" sh -c 'cat "$1" | exec "$2" -o "$3" -q' sh "$FILE" "$SLUICE" "$TMP/s.zst"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# Medians per name, in first-seen order; then the sluice/zstd ratios.
awk '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  {
    n = NF; name = $1; for (i = 2; i <= n - 6; i++) name = name " " $i
    if (!(name in seen)) { seen[name] = 1; order[++count] = name }
    bytes[name] = $(n - 5); outb[name] = outb[name] " " $(n - 4)
    wall[name] = wall[name] " " $(n - 3); cpu[name] = cpu[name] " " ($(n - 2) + $(n - 1))
    rss[name] = rss[name] " " $n; runs[name]++
  }
  END {
    printf "%-26s %5s %9s %11s %10s %9s %10s\n", "run", "runs", "MB/s", "CPU s/GB", "peak RSS", "ratio", "vs zstd"
    for (k = 1; k <= count; k++) {
      name = order[k]; w = median(wall[name]); b = bytes[name]
      mbs[name] = w > 0 ? b / w / 1e6 : 0
      o = median(outb[name])
      printf "%-26s %5d %9.0f %11.2f %7.0f MB %9s", name, runs[name], mbs[name],
             median(cpu[name]) / (b / 1e9), median(rss[name]) / 1024,
             (o > 0 ? sprintf("%.2f", b / o) : "-")
      ref = ""
      if (name == "sluice --level 1") ref = "zstd -T0 -1"
      if (name == "sluice --level 3") ref = "zstd -T0 -3"
      if (name == "sluice -j2 --level 1") ref = "sluice -j1 --level 1"
      if (ref != "" && mbs[ref] > 0) printf " %9.2fx", mbs[name] / mbs[ref]
      printf "\n"
    }
    print ""
    print "vs zstd: sluice MB/s over zstd -T0 MB/s at the same level (target >= 0.6);"
    print "         for -j2, over -j1 (target >= 1.7). ratio: input bytes / output bytes."
  }' "$TMP/runs"
