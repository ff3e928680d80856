#!/usr/bin/env bash
# A site of RECORDS persons, end to end: `sanad synth`, `sanad import
# persons` (time, rate, peak memory), then `sanad serve` started twice —
# first from the records (which writes the index snapshot), then from the
# snapshot — each timed from launch to "is serving" with its resident
# memory then and at peak, and person search and candidate queries measured
# through HTTP on loopback (bench/search_client.py) on the second, then
# family tracing (bench/tracing_client.py): three persons in five of the
# file are given consent to tracing (the consents column) before import.
#
#   bench/search_e2e.sh [SANAD_BINARY] [RECORDS]
#   bench/search_e2e.sh build/release/src/cli/sanad 1000000
#
# Data goes to $WORK (default: a fresh temporary folder); REUSE=1 with the
# same $WORK starts the site imported before again, without importing.
# DB=postgres measures a hub instead: the persons go into a throwaway
# PostgreSQL 15 cluster (tools/pg_test_cluster.sh: Unix socket, fsync off,
# removed at the end) and the server starts once, from the records (a
# PostgreSQL hub has no index snapshot). REUSE does not apply to it.
# Release build please; the load average is printed first and last.
set -euo pipefail
sanad=${1:-build/release/src/cli/sanad}
records=${2:-1000000}
queries=${QUERIES:-300}
work=${WORK:-$(mktemp -d)}
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$sanad" ] || { echo "no sanad binary at $sanad: build the release first" >&2; exit 2; }
echo "load before: $(uptime)"

persons=$((records * 100 / 138))  # the generator makes about 1.38 records a person
mkdir -p "$work/data"
[ -f "$work/data/persons.csv" ] || "$sanad" synth --persons "$persons" --seed 1 --out "$work/data" > /dev/null
if ! head -1 "$work/data/persons.csv" | grep -q ',consents$'; then
  awk 'NR == 1 { print $0 ",consents"; next }
       { print $0 "," (NR % 5 < 3 ? "registration;tracing" : "registration") }' \
    "$work/data/persons.csv" > "$work/data/persons.tmp" && mv "$work/data/persons.tmp" "$work/data/persons.csv"
fi
rows=$(($(wc -l < "$work/data/persons.csv") - 1))
db="$work/site.db"
export SANAD_KEY_FILE="$work/sanad.key"
db_kind=${DB:-sqlite}
case "$db_kind" in
  sqlite) ;;
  postgres)
    trap '"$here/../tools/pg_test_cluster.sh" stop "$work/pg" > /dev/null 2>&1 || true' EXIT
    db=$("$here/../tools/pg_test_cluster.sh" start "$work/pg" | tail -1)
    REUSE=0 ;;
  *) echo "DB must be sqlite or postgres" >&2; exit 2 ;;
esac
seconds() { awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0;
            for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.1f", s}' "$1"; }
peak_mb() { awk '/Maximum resident set size/ {printf "%.0f", $6 / 1024}' "$1"; }
if [ "${REUSE:-0}" = 1 ] && [ -f "$db" ]; then
  # REUSE=1: the site imported by an earlier run, started again (its snapshot removed).
  rm -f "$db.index"
else
  [ "$db_kind" = sqlite ] && rm -f "$db" "$db"-* "$db.index"
  rm -f "$work/sanad.key"

  /usr/bin/time -v -o "$work/import.time" "$sanad" import persons --db "$db" \
    "$work/data/persons.csv" > "$work/import.log" 2>&1
  import_s=$(seconds "$work/import.time")
  printf 'import: %d persons in %s s (%.0f persons/s), peak %s MB\n' "$rows" "$import_s" \
    "$(echo "$rows / $import_s" | bc -l)" "$(peak_mb "$work/import.time")"
  printf 'a benchmark password\n' | "$sanad" user add --db "$db" --username bench --role registrar > /dev/null
  printf 'a benchmark password\n' | "$sanad" user add --db "$db" --username tracer --role caseworker > /dev/null
fi

# Starts the site, waits for "is serving", prints the start figures; sets $pid and $port.
start_site() {
  local log="$work/serve$1.log" began ended
  rm -f "$log"
  began=$(date +%s.%N)
  "$sanad" serve --db "$db" --port 0 > "$log" 2>&1 &
  pid=$!
  until grep -qs "is serving" "$log"; do
    kill -0 "$pid" 2> /dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.05
  done
  ended=$(date +%s.%N)
  port=$(sed -n 's/.*is serving .* at http:\/\/[^:]*:\([0-9]*\) .*/\1/p' "$log")
  printf 'start %s: %.1f s to serving, resident %s MB (peak %s MB); %s\n' "$1" \
    "$(echo "$ended - $began" | bc -l)" \
    "$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' /proc/$pid/status)" \
    "$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' /proc/$pid/status)" \
    "$(grep -o 'Indexed.*' "$log")"
}
stop_site() {
  kill -TERM "$pid"
  wait "$pid" || true
}

start_site 1  # from the records; on SQLite writes the snapshot
if [ "$db_kind" = sqlite ]; then
  stop_site     # saves the snapshot again at a clean stop
  ls -l "$db.index" | awk '{printf "index snapshot: %.0f MB\n", $5 / 1048576}'
  start_site 2  # from the snapshot
fi
python3 "$here/search_client.py" "$port" "$work/data/persons.csv" bench "a benchmark password" "$queries"
python3 "$here/tracing_client.py" "$port" "$work/data/persons.csv" bench "a benchmark password" \
  tracer "a benchmark password" "$queries"
printf 'after the queries: resident %s MB\n' "$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' /proc/$pid/status)"
stop_site
echo "load after: $(uptime)"
echo "logs and data in $work"
