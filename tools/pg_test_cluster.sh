#!/bin/sh
# A throwaway PostgreSQL cluster for the tests: initdb into a temporary
# folder, a server listening only on a Unix socket in that folder (no TCP
# port, so it never meets another cluster), one database `sanad_test`.
#
#   tools/pg_test_cluster.sh run CMD [ARGS...]   start, run CMD with
#       SANAD_TEST_POSTGRES_URL set, stop and remove the cluster whatever
#       CMD's outcome; exits with CMD's status (what `make test` does)
#   tools/pg_test_cluster.sh start DIR           start in DIR (created if
#       missing); prints the URL to export as SANAD_TEST_POSTGRES_URL
#   tools/pg_test_cluster.sh stop DIR            stop it and remove DIR
#
# The server runs as the `postgres` user when started by root (initdb and
# postgres refuse root; CI runs as root), else as the caller. Durability is
# off (fsync, full_page_writes): the cluster lives for one test run. Debian's
# own cluster (`main`) is left alone. PG_BIN overrides where initdb is.
set -eu

bin=${PG_BIN:-}
if [ -z "$bin" ]; then
  for candidate in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$candidate/initdb" ]; then bin=$candidate; break; fi
  done
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "pg_test_cluster: PostgreSQL's initdb is not installed (Debian: apt-get install postgresql)" >&2
  exit 1
fi

if [ "$(id -u)" = 0 ]; then
  owner=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

start() {
  dir=$1
  mkdir -p "$dir"
  [ "$owner" = postgres ] && chown postgres "$dir"
  chmod 700 "$dir"
  as_owner "$bin/initdb" --pgdata="$dir/data" --auth=trust --username="$owner" --encoding=UTF8 \
    --locale=C --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    return 1
  }
  cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
  as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --silent start || {
    cat "$dir/server.log" >&2
    return 1
  }
  as_owner "$bin/createdb" --host="$dir" --username="$owner" sanad_test
  echo "postgresql:///sanad_test?host=$dir&user=$owner"
}

stop() {
  dir=$1
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" --pgdata="$dir/data" --mode=immediate --wait --silent stop || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start)
    [ $# -eq 2 ] || { echo "usage: $0 start DIR" >&2; exit 2; }
    start "$2"
    ;;
  stop)
    [ $# -eq 2 ] || { echo "usage: $0 stop DIR" >&2; exit 2; }
    stop "$2"
    ;;
  run)
    shift
    [ $# -ge 1 ] || { echo "usage: $0 run CMD [ARGS...]" >&2; exit 2; }
    dir=$(mktemp -d /tmp/sanad-pg-XXXXXX)
    trap 'stop "$dir"' EXIT
    trap 'exit 130' INT TERM
    url=$(start "$dir")
    echo "pg_test_cluster: PostgreSQL test cluster at $dir" >&2
    SANAD_TEST_POSTGRES_URL=$url
    export SANAD_TEST_POSTGRES_URL
    status=0
    "$@" || status=$?
    exit $status
    ;;
  *)
    echo "usage: $0 run CMD [ARGS...] | start DIR | stop DIR" >&2
    exit 2
    ;;
esac
