#!/usr/bin/env bash
# Installs a fgform .deb on a clean Debian 12 root made by debootstrap, with apt resolving its
# dependencies from the machine's own Debian mirror, then runs both programs there: --version,
# and `fgform apply` of examples/quickstart on the embedded emulator. Needs root and the
# mirror (downloads about 100 MB the first time; ROOT_CACHE keeps the base system).
#
#   bash packaging/check-deb.sh dist/fgform_0.1.0_amd64.deb
set -euo pipefail
deb="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
root_dir="$(cd "$(dirname "$0")/.." && pwd)"
cache="${ROOT_CACHE:-}"

die() { echo "check-deb: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (debootstrap and chroot)"
[ -f "$deb" ] || die "no such file: $1"
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
mirror="$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)"
[ -n "$mirror" ] || mirror="$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
[ -n "$mirror" ] || die "no Debian mirror in the apt sources"

work="$(mktemp -d)"
target="$work/root"
cleanup() {
  for m in proc dev/pts dev; do umount "$target/$m" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "$cache" ] && [ -d "$cache/usr" ]; then
  cp -a "$cache" "$target"
else
  debootstrap --variant=minbase bookworm "$target" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    die "debootstrap failed: $(tail -n 20 "$work/debootstrap.log")"
  [ -z "$cache" ] || cp -a "$target" "$cache"
fi
mount -t proc proc "$target/proc"
mount --bind /dev "$target/dev"
mount --bind /dev/pts "$target/dev/pts"
cp "$deb" "$target/tmp/"
cp -r "$root_dir/examples/quickstart" "$target/tmp/quickstart"
rm -rf "$target/tmp/quickstart/.fgform" "$target/tmp/quickstart"/terraform.tfstate*

in_root() { chroot "$target" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }
in_root apt-get update -qq >"$work/apt.log" 2>&1 || die "apt-get update: $(cat "$work/apt.log")"
in_root apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$deb")" >"$work/apt.log" 2>&1 ||
  die "apt-get install: $(cat "$work/apt.log")"
echo "check-deb: installed on a clean bookworm root:"
in_root dpkg-query -W -f='  ${Package} ${Version} (${Installed-Size} KiB)\n' fgform
in_root fgform --version | head -n1
in_root fgform-emulator --version
in_root sh -c 'cd /tmp/quickstart && fgform init >/dev/null && fgform apply -auto-approve -no-color' \
  >"$work/apply.log" 2>&1 || die "fgform apply in the new root: $(cat "$work/apply.log")"
grep -q "Apply complete!" "$work/apply.log" || die "no apply: $(cat "$work/apply.log")"
echo "check-deb: fgform applied examples/quickstart in the new root: $(grep "Apply complete!" "$work/apply.log")"
