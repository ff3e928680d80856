#!/usr/bin/env bash
# Sync end to end on loopback: a site of RECORDS persons (`sanad synth`,
# `sanad import persons`) pushes everything to an empty hub (the initial
# sync), then 1,000 more persons are imported at the site and synced (an
# incremental sync of 1,000 operations), then a sync with nothing new. Each
# `sanad sync` is timed with its peak memory; the hub's database grows as
# shown.
#
#   bench/sync_e2e.sh [SANAD_BINARY] [RECORDS]
#   HUB=postgres bench/sync_e2e.sh build/release/src/cli/sanad 1000000
#
# HUB=sqlite (default) keeps the hub in an SQLite file; HUB=postgres starts
# a throwaway PostgreSQL cluster (tools/pg_test_cluster.sh: Unix socket,
# fsync off, removed at the end). Plain HTTP, which sanad allows only to
# this machine; TLS would add its handshake once per sync. Data goes to
# $WORK (default: a fresh temporary folder). Release build please; the
# load average is printed first and last.
set -euo pipefail
sanad=${1:-build/release/src/cli/sanad}
records=${2:-1000000}
hub_kind=${HUB:-sqlite}
work=${WORK:-$(mktemp -d)}
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$sanad" ] || { echo "no sanad binary at $sanad: build the release first" >&2; exit 2; }
echo "load before: $(uptime)"

mkdir -p "$work/site" "$work/hub" "$work/data" "$work/more"
persons=$((records * 100 / 138))  # the generator makes about 1.38 records a person
"$sanad" synth --persons "$persons" --seed 1 --out "$work/data" > /dev/null
"$sanad" synth --persons 725 --seed 2 --out "$work/more" > /dev/null  # about 1,000 records
site_db="$work/site/site.db"
# Imports quietly (its progress goes to import.log), printing its summary.
import_persons() {
  "$sanad" import persons "$1" --db "$site_db" --key-file "$work/site/sanad.key" 2> "$work/import.log" |
    tail -1 || { cat "$work/import.log" >&2; exit 1; }
}
import_persons "$work/data/persons.csv"

hub_pid=""
cleanup() {
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
  [ "$hub_kind" = postgres ] && "$here/../tools/pg_test_cluster.sh" stop "$work/pg" > /dev/null 2>&1
  true
}
trap cleanup EXIT
case "$hub_kind" in
  sqlite) hub_db="$work/hub/hub.db" ;;
  postgres) hub_db=$("$here/../tools/pg_test_cluster.sh" start "$work/pg" | tail -1) ;;
  *) echo "HUB must be sqlite or postgres" >&2; exit 2 ;;
esac
hub_key="$work/hub/sanad.key"
"$sanad" serve --db "$hub_db" --key-file "$hub_key" --port 0 > "$work/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 1 600); do
  grep -q "Stop with Ctrl-C" "$work/hub.log" && break
  kill -0 "$hub_pid" 2>/dev/null || { cat "$work/hub.log" >&2; exit 1; }
  sleep 0.1
done
port=$(grep -o 'localhost:[0-9]*' "$work/hub.log" | head -1 | cut -d: -f2)
"$sanad" site enrol --db "$hub_db" --key-file "$hub_key" --name bench-1 --out "$work/site.credential" > /dev/null

# Runs one sync, printing its time, peak memory and summary line.
timed_sync() {
  /usr/bin/time -v -o "$work/time.txt" "$sanad" sync --db "$site_db" --key-file "$work/site/sanad.key" \
    --hub "http://127.0.0.1:$port" --credential "$work/site.credential" > "$work/sync.log" 2>&1
  awk -F': ' -v what="$1" '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
    /Maximum resident set size/ { mb = $2 / 1024 }
    END { printf "%s: %.2f s, peak %.0f MB; ", what, s, mb }' "$work/time.txt"
  tail -1 "$work/sync.log"
  echo
}
timed_sync "initial sync"
import_persons "$work/more/persons.csv"
timed_sync "incremental sync"
timed_sync "nothing new"
if [ "$hub_kind" = sqlite ]; then
  echo "hub database: $(du -h "$hub_db" | cut -f1)"
fi
echo "load after: $(uptime)"
echo "logs and data in $work"
