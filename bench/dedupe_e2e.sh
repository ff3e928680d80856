#!/usr/bin/env bash
# End-to-end matching benchmark: `sanad synth` + `sanad dedupe` + `sanad
# evaluate` at 100,000 and 1,000,000 records. Prints, per size: wall time and
# peak memory of dedupe (/usr/bin/time -v), candidate pairs scored per second
# per thread (wall and CPU time), and pairwise precision, recall and F1.
#
#   bench/dedupe_e2e.sh [SANAD_BINARY] [RECORDS ...]
#   bench/dedupe_e2e.sh build/release/src/cli/sanad 100000 1000000
#
# Data goes to $WORK (default: a fresh temporary folder). Release build please.
set -euo pipefail
sanad=${1:-build/release/src/cli/sanad}
shift || true
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100000 1000000)
threads=${THREADS:-2}
work=${WORK:-$(mktemp -d)}
[ -x "$sanad" ] || { echo "no sanad binary at $sanad: build the release first" >&2; exit 2; }

printf '%-9s %-9s %8s %9s %14s %14s %9s %7s %7s %7s\n' records persons wall_s peak_mb \
  pairs/s/thr pairs/cpu_s pairs precision recall f1
for records in "${sizes[@]}"; do
  persons=$((records * 100 / 138))  # the generator makes about 1.38 records a person
  dir="$work/$records"
  mkdir -p "$dir"
  "$sanad" synth --persons "$persons" --seed 1 --out "$dir" > /dev/null 2>&1
  /usr/bin/time -v -o "$dir/time.txt" "$sanad" dedupe --in "$dir/persons.csv" \
    --out "$dir/clusters.csv" --pairs "$dir/pairs.csv" --threads "$threads" 2> "$dir/dedupe.log"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0;
         for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.1f", s}' "$dir/time.txt")
  peak=$(awk '/Maximum resident set size/ {printf "%.0f", $6 / 1024}' "$dir/time.txt")
  scoring=$(grep '^scoring:' "$dir/dedupe.log")
  pairs=$(echo "$scoring" | awk '{print $2}')
  per_thread=$(echo "$scoring" | sed -E 's/.*: ([0-9]+) pairs\/s\/thread.*/\1/')
  per_cpu=$(echo "$scoring" | sed -E 's/.*\(([0-9]+) per CPU second\).*/\1/')
  "$sanad" evaluate --truth "$dir/truth.csv" --clusters "$dir/clusters.csv" > "$dir/evaluate.txt"
  value() { awk -v k="$1" '$1 == k {print $2}' "$dir/evaluate.txt"; }
  printf '%-9s %-9s %8s %9s %14s %14s %9s %7s %7s %7s\n' "$(wc -l < "$dir/persons.csv" | awk '{print $1 - 1}')" \
    "$persons" "$wall" "$peak" "$per_thread" "$per_cpu" "$pairs" "$(value precision)" \
    "$(value recall)" "$(value f1)"
done
echo "logs and data in $work"
