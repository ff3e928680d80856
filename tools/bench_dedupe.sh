#!/usr/bin/env bash
# End-to-end deduplication benchmark on generated data: sanad synth, then
# sanad dedupe (timed, peak memory), then sanad evaluate (pairwise P/R/F1).
#
#   tools/bench_dedupe.sh [PERSONS...]        default: 100000 1000000
#   SANAD=build/release/src/cli/sanad SEED=1 THREADS=2 WORK=/tmp/sanad-bench
#
# Prints one block per size: records, wall time, peak memory, the engine's own
# progress lines (pairs scored per second per thread) and the evaluation.
set -euo pipefail
cd "$(dirname "$0")/.."
SANAD=${SANAD:-build/release/src/cli/sanad}
SEED=${SEED:-1}
THREADS=${THREADS:-$(nproc)}
WORK=${WORK:-${TMPDIR:-/tmp}/sanad-bench}
if [ ! -x "$SANAD" ]; then
  echo "bench_dedupe: $SANAD is missing: run 'make release' first, or set SANAD" >&2
  exit 1
fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)

for n in "${sizes[@]}"; do
  dir="$WORK/$n"
  mkdir -p "$dir"
  echo "== $n persons (seed $SEED, $THREADS threads)"
  "$SANAD" synth --persons "$n" --seed "$SEED" --out "$dir" 2>&1 | sed -n 1p
  # Peak resident memory from /proc, sampled; GNU time is not always installed.
  start=$(date +%s.%N)
  "$SANAD" dedupe --in "$dir/persons.csv" --out "$dir/clusters.csv" --threads "$THREADS" \
    2> "$dir/dedupe.log" &
  pid=$!
  peak_kb=0
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ -n "$rss" ] && [ "$rss" -gt "$peak_kb" ] && peak_kb=$rss
    sleep 0.2
  done
  wait "$pid"
  end=$(date +%s.%N)
  grep -E '^[a-z]+: |^wrote' "$dir/dedupe.log" | sed 's/^/   /'
  awk -v s="$start" -v e="$end" -v kb="$peak_kb" \
    'BEGIN { printf "dedupe wall time   %.1f s\npeak memory        %d MB\n", e - s, kb / 1024 }'
  "$SANAD" evaluate --truth "$dir/truth.csv" --clusters "$dir/clusters.csv"
done
