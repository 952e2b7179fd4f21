#!/usr/bin/env bash
# packaging/release.sh on the test build: every artefact is there and well formed, two runs give
# the same bytes, checksums and signatures verify, the archives' binaries print the version, the
# .deb installs into an empty root, and a release tag that disagrees with the version is refused.
set -euo pipefail
build_dir="$1"
version="$2"  # CMake's PROJECT_VERSION: what the release must be
root="$(cd "$(dirname "$0")/../.." && pwd)"

source "$(dirname "$0")/terraform_env.sh"
make_workdir
before_cleanup() { gpgconf --homedir "$work/gnupg" --kill all 2>/dev/null || true; }

[ -n "$version" ] || fail "no version given"
arch="$(dpkg --print-architecture)"
platform="linux_$arch"
provider="terraform-provider-functiongraph"
checks=0
pass() { checks=$((checks + 1)); }

# A throwaway signing key, in a GnuPG home of its own.
mkdir -m 700 "$work/gnupg"
gpg --batch --homedir "$work/gnupg" --passphrase '' --quick-gen-key \
  "fgform release test <release-test@example.invalid>" ed25519 sign never >/dev/null 2>&1 ||
  fail "could not make a test key"
key="$(gpg --batch --homedir "$work/gnupg" --list-keys --with-colons | awk -F: '/^fpr:/{print $10; exit}')"

release() {
  bash "$root/packaging/release.sh" -build-dir="$build_dir" -out="$1" -gpg-key="$key" \
    -gpg-homedir="$work/gnupg" >"$1.log" 2>&1 || fail "release.sh: $(cat "$1.log")"
}
release "$work/a"
release "$work/b"
grep -q "linux_arm64 skipped" "$work/a.log" || [ "$arch" != amd64 ] ||
  fail "release.sh did not say linux_arm64 was skipped: $(cat "$work/a.log")"
pass

# Reproducible: the second run wrote the same files with the same bytes, signatures included.
diff -r "$work/a" "$work/b" >"$work/diff.log" 2>&1 || fail "two runs differ: $(cat "$work/diff.log")"
pass

cd "$work/a"
expected=(
  "${provider}_${version}_${platform}.zip" "${provider}_${version}_manifest.json"
  "${provider}_${version}_SHA256SUMS" "${provider}_${version}_SHA256SUMS.sig"
  "fgform_${version}_${platform}.tar.gz" "fgform-emulator_${version}_${platform}.tar.gz"
  "fgform_${version}_${arch}.deb" "fgform_${version}_SHA256SUMS" "fgform_${version}_SHA256SUMS.sig"
  "filesystem-mirror/registry.terraform.io/fgform/functiongraph/${provider}_${version}_${platform}.zip"
  "network-mirror/registry.terraform.io/fgform/functiongraph/index.json"
  "network-mirror/registry.terraform.io/fgform/functiongraph/${version}.json"
  "network-mirror/registry.terraform.io/fgform/functiongraph/${provider}_${version}_${platform}.zip"
)
for f in "${expected[@]}"; do [ -s "$f" ] || fail "missing artefact $f"; done
pass

# Checksums cover the zips and the manifest (the registry's rule) and verify; so do signatures.
sha256sum --quiet -c "${provider}_${version}_SHA256SUMS" || fail "provider SHA256SUMS do not verify"
grep -q "  ${provider}_${version}_manifest.json$" "${provider}_${version}_SHA256SUMS" ||
  fail "the manifest is not in SHA256SUMS"
sha256sum --quiet -c "fgform_${version}_SHA256SUMS" || fail "fgform SHA256SUMS do not verify"
[ "$(wc -l <"fgform_${version}_SHA256SUMS")" = 3 ] || fail "fgform SHA256SUMS should list 3 files"
for s in "${provider}_${version}_SHA256SUMS" "fgform_${version}_SHA256SUMS"; do
  gpg --batch --homedir "$work/gnupg" --verify "$s.sig" "$s" >/dev/null 2>&1 || fail "$s.sig does not verify"
done
# A checksum file changed after signing must not verify.
cp "${provider}_${version}_SHA256SUMS" "$work/sums.tampered"
echo "0000000000000000000000000000000000000000000000000000000000000000  extra.zip" >>"$work/sums.tampered"
if gpg --batch --homedir "$work/gnupg" --verify "${provider}_${version}_SHA256SUMS.sig" \
  "$work/sums.tampered" >/dev/null 2>&1; then
  fail "a changed SHA256SUMS verified against the signature"
fi
pass

# The registry manifest.
python3 - "${provider}_${version}_manifest.json" <<'PY' || fail "manifest is wrong"
import json, sys
m = json.load(open(sys.argv[1]))
assert m == {"version": 1, "metadata": {"protocol_versions": ["5.0", "6.0"]}}, m
PY
pass

# The provider zip: the binary Terraform runs, the licence and the notices, nothing else.
unzip -Z1 "${provider}_${version}_${platform}.zip" | sort >"$work/zip.list"
printf '%s\n' LICENSE THIRD_PARTY_NOTICES "${provider}_v${version}" | sort >"$work/zip.expected"
diff "$work/zip.expected" "$work/zip.list" >/dev/null || fail "provider zip holds: $(cat "$work/zip.list")"
mkdir "$work/provider" && unzip -q "${provider}_${version}_${platform}.zip" -d "$work/provider"
"$work/provider/${provider}_v${version}" --version >"$work/pv.out"
grep -q "^$provider $version " "$work/pv.out" || fail "provider --version: $(cat "$work/pv.out")"
grep -qi "Upstream-Name: grpc" "$work/provider/THIRD_PARTY_NOTICES" || fail "the notices do not name gRPC"
grep -qi "Upstream-Name: OpenSSL" "$work/provider/THIRD_PARTY_NOTICES" || fail "the notices do not name OpenSSL"
pass

# fgform and fgform-emulator archives.
for tool in fgform fgform-emulator; do
  mkdir "$work/$tool"
  tar -xzf "${tool}_${version}_${platform}.tar.gz" -C "$work/$tool"
  for f in "$tool" LICENSE README.md THIRD_PARTY_NOTICES; do
    [ -f "$work/$tool/$f" ] || fail "$tool archive lacks $f"
  done
  "$work/$tool/$tool" --version >"$work/$tool.out"
  grep -q "^$tool v\?$version$" "$work/$tool.out" || fail "$tool --version: $(cat "$work/$tool.out")"
done
pass

# Mirrors: index.json and VERSION.json as the provider network mirror protocol has them.
python3 - "$version" "$platform" <<'PY' || fail "network mirror metadata is wrong"
import json, os, sys
version, platform = sys.argv[1:]
d = "network-mirror/registry.terraform.io/fgform/functiongraph"
assert json.load(open(f"{d}/index.json")) == {"versions": {version: {}}}
archive = json.load(open(f"{d}/{version}.json"))["archives"][platform]
assert os.path.isfile(os.path.join(d, archive["url"])), archive
kinds = sorted(h.split(":")[0] for h in archive["hashes"])
assert kinds == ["h1", "zh"], archive["hashes"]
PY
pass

# The .deb: its fields, its files, and an install into an empty root.
deb="fgform_${version}_${arch}.deb"
[ "$(dpkg-deb -f "$deb" Package)" = fgform ] || fail "deb Package field"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "deb Version field"
[ "$(dpkg-deb -f "$deb" Architecture)" = "$arch" ] || fail "deb Architecture field"
depends="$(dpkg-deb -f "$deb" Depends)"
[[ "$depends" == *libarchive13* && "$depends" == *libc6* && "$depends" == *libsqlite3-0* ]] ||
  fail "deb Depends lacks libc6, libsqlite3-0 or libarchive13: $depends"
# Every dependency names a Debian package that exists (here: is installed), at a version it has.
for dep in $(echo "$depends" | tr ',' '\n' | sed 's/|.*//; s/(.*//; s/ //g'); do
  dpkg-query -W -f='${Status}' "$dep" 2>/dev/null | grep -q "install ok installed" ||
    fail "deb depends on $dep, which is not an installed Debian package here"
done
dpkg-deb -c "$deb" | awk '{print $6}' >"$work/deb.list"
for f in ./usr/bin/fgform ./usr/bin/fgform-emulator ./usr/share/doc/fgform/copyright; do
  grep -qx "$f" "$work/deb.list" || fail "deb lacks $f"
done
mkdir -p "$work/root/var/lib/dpkg/info" "$work/root/var/lib/dpkg/updates"
touch "$work/root/var/lib/dpkg/status"
dpkg --root="$work/root" --force-depends --force-script-chrootless -i "$deb" >"$work/dpkg.log" 2>&1 ||
  fail "dpkg -i into an empty root: $(cat "$work/dpkg.log")"
dpkg --root="$work/root" -s fgform 2>/dev/null | grep -q "^Status: install ok installed" ||
  fail "dpkg does not list fgform as installed in the new root"
"$work/root/usr/bin/fgform" --version | grep -q "^fgform v$version$" || fail "installed fgform --version"
"$work/root/usr/bin/fgform-emulator" --version | grep -q "^fgform-emulator $version$" ||
  fail "installed fgform-emulator --version"
pass

# A release tag must name the version in CMakeLists.txt.
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  git clone -q "$root" "$work/clone"
  git -C "$work/clone" -c user.name=t -c user.email=t@example.invalid tag v9.9.9
  if bash "$work/clone/packaging/release.sh" -build-dir="$build_dir" -out="$work/tagged" \
    >"$work/tag.log" 2>&1; then
    fail "release.sh accepted tag v9.9.9 for version $version"
  fi
  grep -q "HEAD is tagged v9.9.9 but CMakeLists.txt says version $version" "$work/tag.log" ||
    fail "unclear tag error: $(cat "$work/tag.log")"
  pass
else
  echo "note: $root is not a git checkout; the tag check did not run"
fi
echo "release artefacts: $checks passed, 0 failed"
