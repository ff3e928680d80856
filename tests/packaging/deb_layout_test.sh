#!/usr/bin/env bash
# Builds the package from BINARY with tools/make_deb.sh, unpacks it into a
# scratch root (dpkg-deb -x) and checks what an administrator relies on:
# where each file is and its mode, the conffile, the dependencies, the
# maintainer scripts, that the shipped sanad.toml starts a site, and that
# the systemd unit passes `systemd-analyze verify` with its hardening.
set -uo pipefail
binary=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() { local what=$1; shift; "$@" >/dev/null 2>&1 || fail "$what"; }

deb=$("$root/tools/make_deb.sh" "$binary" "$work/out" 0.0.0-test none) || { echo "FAIL: make_deb"; exit 1; }
echo "built $deb"
scratch=$work/root
dpkg-deb -x "$deb" "$scratch" || { echo "FAIL: dpkg-deb -x"; exit 1; }
dpkg-deb -e "$deb" "$work/control"

# Files and modes.
check "/usr/bin/sanad is executable" test -x "$scratch/usr/bin/sanad"
check "the unit is in /lib/systemd/system" test -f "$scratch/lib/systemd/system/sanad.service"
check "/etc/sanad/sanad.toml" test -f "$scratch/etc/sanad/sanad.toml"
check "the README" test -f "$scratch/usr/share/doc/sanad/README.md"
for dir in /var/lib/sanad /var/lib/sanad/backups; do
  [ "$(stat -c %a "$scratch$dir")" = 700 ] || fail "$dir is not 0700"
done
[ "$(stat -c %a "$scratch")" = 755 ] || fail "the package's / is not 0755"
grep -qx /etc/sanad/sanad.toml "$work/control/conffiles" || fail "sanad.toml is not a conffile"
for dep in adduser libsodium23 libicu72 libsqlite3-0; do
  grep -q "^Depends:.*\b$dep\b" "$work/control/control" || fail "Depends lacks $dep"
done
for script in postinst prerm postrm; do
  check "$script is executable" test -x "$work/control/$script"
  check "$script parses" sh -n "$work/control/$script"
done
grep -q "adduser --system" "$work/control/postinst" || fail "postinst does not create the system user"
grep -q "chmod 0700 /var/lib/sanad " "$work/control/postinst" || fail "postinst does not keep the data private"
if grep -q "rm .*\/var\/lib\/sanad" "$work/control/postrm"; then fail "postrm deletes the site's data"; fi

# The unit: hardened, runs the shipped configuration, verifies.
unit=$scratch/lib/systemd/system/sanad.service
for line in "User=sanad" "ProtectSystem=strict" "NoNewPrivileges=yes" "PrivateTmp=yes" \
  "ReadWritePaths=/var/lib/sanad" "ExecStart=/usr/bin/sanad --config /etc/sanad/sanad.toml serve"; do
  grep -qxF "$line" "$unit" || fail "the unit lacks '$line'"
done
# systemd-analyze checks that ExecStart's binary exists: point it at the
# unpacked one (the only change).
sed "s|^ExecStart=/usr/bin/sanad|ExecStart=$scratch/usr/bin/sanad|" "$unit" >"$work/sanad.service"
if ! verify=$(systemd-analyze verify --man=no "$work/sanad.service" 2>&1); then
  fail "systemd-analyze verify: $verify"
fi

# The shipped settings start a site (every key is an option of serve, every
# folder is in the package), in the scratch root.
sed -e "s|/var/lib/sanad|$scratch/var/lib/sanad|g" -e 's|^port = .*|port = 0|' \
  "$scratch/etc/sanad/sanad.toml" >"$work/sanad.toml"
"$scratch/usr/bin/sanad" --config "$work/sanad.toml" serve >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  grep -q "Stop with Ctrl-C" "$work/serve.log" && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.5
done
grep -q "Stop with Ctrl-C" "$work/serve.log" || fail "the shipped sanad.toml does not start a site: $(tail -3 "$work/serve.log")"
test -f "$scratch/var/lib/sanad/sanad.db" || fail "the site's database is not where sanad.toml says"
kill "$server_pid" 2>/dev/null
wait "$server_pid" 2>/dev/null
server_pid=

if [ "$failures" -ne 0 ]; then
  echo "$failures problem(s) with the package"
  exit 1
fi
echo "package layout: ok"
