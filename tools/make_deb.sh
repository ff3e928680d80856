#!/usr/bin/env bash
# Builds the Debian package of a sanad binary with dpkg-deb alone (no
# debhelper): the binary (stripped), the systemd unit, /etc/sanad/sanad.toml
# (a conffile), /var/lib/sanad (0700, owned by the `sanad` system user that
# postinst creates) and the README. Depends are the packages that hold the
# shared libraries the binary links (ldd + dpkg -S).
#   tools/make_deb.sh BINARY OUT_DIR VERSION [COMPRESSION]   (COMPRESSION: xz, none)
# Prints the path of the .deb.
set -euo pipefail
binary=$1
out_dir=$2
version=$3
compression=${4:-xz}
root=$(cd "$(dirname "$0")/.." && pwd)
arch=$(dpkg --print-architecture)
stage=$(mktemp -d)
chmod 0755 "$stage"
trap 'rm -rf "$stage"' EXIT

[ -x "$binary" ] || { echo "make_deb: $binary is not an executable" >&2; exit 2; }
install -D -m 0755 "$binary" "$stage/usr/bin/sanad"
strip --strip-unneeded "$stage/usr/bin/sanad"
install -D -m 0644 "$root/packaging/sanad.service" "$stage/lib/systemd/system/sanad.service"
install -D -m 0644 "$root/packaging/sanad.toml" "$stage/etc/sanad/sanad.toml"
install -D -m 0644 "$root/README.md" "$stage/usr/share/doc/sanad/README.md"
install -d -m 0700 "$stage/var/lib/sanad" "$stage/var/lib/sanad/backups"
install -d -m 0755 "$stage/DEBIAN"
for script in postinst prerm postrm; do
  install -m 0755 "$root/packaging/$script" "$stage/DEBIAN/$script"
done
echo "/etc/sanad/sanad.toml" >"$stage/DEBIAN/conffiles"

# The packages holding each shared library the binary needs.
depends=$(ldd "$binary" | awk '/=> \//{print $3}' | while read -r lib; do
  dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || true
done | cut -d: -f1 | sort -u | grep -v -e '^libc6$' -e '^libgcc-s1$' -e '^libstdc++6$' | paste -sd, | sed 's/,/, /g')
depends="libc6, libstdc++6, adduser${depends:+, $depends}"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat >"$stage/DEBIAN/control" <<CONTROL
Package: sanad
Version: $version
Architecture: $arch
Maintainer: sanad maintainers <sanad@localhost>
Installed-Size: $size
Depends: $depends
Section: misc
Priority: optional
Homepage: file:///usr/share/doc/sanad/README.md
Description: registration, protection monitoring and legal aid for a mass return
 A site for humanitarian and legal-aid organisations responding to the
 return of Afghans from Pakistan: households registered offline, what each
 person's documents are worth on a date, duplicates and relatives found
 across scripts, incidents and property recorded, daily flow figures with
 small cells suppressed. Runs as the sanad service on an embedded SQLite
 database in /var/lib/sanad; settings in /etc/sanad/sanad.toml.
CONTROL

mkdir -p "$out_dir"
deb="$out_dir/sanad_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Z"$compression" --build "$stage" "$deb" >/dev/null
echo "$deb"
