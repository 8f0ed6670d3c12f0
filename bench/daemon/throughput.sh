#!/usr/bin/env bash
# Sustained throughput of `sluice daemon`, from a tailed file and over loopback
# TCP, with the peak RSS of the daemon. Loopback only; bounded by the data size.
#   bench/daemon/throughput.sh [LINES]        (default 2,000,000 lines, ~270 MB)
# Uses build/sluice, python3 and curl. Each run: the time until
# sluice_lines_in_total reaches the line count, measured from the daemon's start
# (file) or from the first byte sent (TCP, 4 connections).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${SLUICE:-build/sluice}
LINES=${1:-2000000}
D=$(mktemp -d /tmp/sluice-daemon-bench-XXXXXX)
trap 'rm -rf "$D"' EXIT
mkdir -p "$D/logs"
python3 - "$D/logs/app.log" "$LINES" <<'PY'
import random, sys
random.seed(1)
with open(sys.argv[1], 'w') as f:
    for n in range(1, int(sys.argv[2]) + 1):
        f.write('{"ts":"2024-05-01T12:00:00Z","n":%d,"level":"info","status":%d,"duration_ms":%.1f,'
                '"path":"/api/v1/items/%d","token":"abc%d"}\n'
                % (n, random.choice([200, 200, 200, 404, 500]), random.random() * 100, n % 1000, n))
PY
N=$(wc -l < "$D/logs/app.log")
lines_in() { curl -s "127.0.0.1:$1/metrics" | awk '/^sluice_lines_in_total /{print $2}'; }
report() {  # name start pid
  local end; end=$(date +%s.%N)
  printf '%s: %d lines in %.2f s = %.0f lines/s, %s\n' "$1" "$N" "$(echo "$end - $2" | bc)" \
    "$(echo "$N / ($end - $2)" | bc)" "$(grep VmHWM /proc/$3/status | tr -s ' \t' ' ')"
}

"$BIN" daemon --tail "$D/logs/*.log" --output-dir "$D/out1" --state-dir "$D/state1" --http 127.0.0.1:19777 \
  2>"$D/err1" & P=$!
start=$(date +%s.%N)
until [ "$(lines_in 19777)" = "$N" ]; do sleep 0.05; done
report "tailed file" "$start" "$P"
kill -TERM "$P"; wait "$P"

split -n l/4 "$D/logs/app.log" "$D/part-"
"$BIN" daemon --listen tcp://127.0.0.1:19778 --output-dir "$D/out2" --state-dir "$D/state2" \
  --http 127.0.0.1:19779 2>"$D/err2" & P=$!
until curl -sf 127.0.0.1:19779/health/ready >/dev/null; do sleep 0.05; done
start=$(date +%s.%N)
for f in "$D"/part-a?; do
  python3 -c 'import socket,sys; s=socket.create_connection(("127.0.0.1",19778)); s.sendall(open(sys.argv[1],"rb").read()); s.close()' "$f" &
done
until [ "$(lines_in 19779)" = "$N" ]; do sleep 0.05; done
report "loopback TCP" "$start" "$P"
kill -TERM "$P"; wait "$P"
