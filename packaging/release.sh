#!/usr/bin/env bash
# Makes every release artefact of fgform, the way goreleaser lays out a Terraform provider
# release, with no network: provider zips + SHA256SUMS (+ detached signature) + registry
# manifest, fgform and fgform-emulator archives, a .deb, a filesystem mirror and a static provider
# network mirror. Run twice on the same sources it writes byte-identical files.
# `bash packaging/release.sh -help` says how.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: bash packaging/release.sh [options]

Builds the release binaries (CMake preset "package") and writes the release into OUT:

  terraform-provider-functiongraph_VERSION_OS_ARCH.zip      one per platform built
  terraform-provider-functiongraph_VERSION_manifest.json    registry manifest (protocols 5.0, 6.0)
  terraform-provider-functiongraph_VERSION_SHA256SUMS       checksums of the zips and the manifest
  terraform-provider-functiongraph_VERSION_SHA256SUMS.sig   detached signature (with -gpg-key)
  fgform_VERSION_OS_ARCH.tar.gz                             fgform, licence, notices
  fgform-emulator_VERSION_OS_ARCH.tar.gz                    fgform-emulator, licence, notices
  fgform_VERSION_ARCH.deb                                   fgform + fgform-emulator for Debian 12
  fgform_VERSION_SHA256SUMS(.sig)                           checksums of the three above
  filesystem-mirror/                                        for provider_installation { filesystem_mirror }
  network-mirror/                                           for provider_installation { network_mirror }

Options:
  -out=DIR          where to write (default: dist). Files of the same version are replaced.
  -build-dir=DIR    package the binaries already built in this CMake build tree instead of
                    building the "package" preset (the tests use their debug build this way)
  -gpg-key=ID       sign both SHA256SUMS files with this key (gpg --detach-sign), as the
                    Terraform registry requires; the signature time is the commit time
  -gpg-homedir=DIR  the GnuPG home holding that key (default: gpg's own)
  -help             this text

The version is the one in CMakeLists.txt (project(fgform VERSION ...)). If HEAD carries a
tag vX.Y.Z it must name the same version. File times in every archive are the time of the
last commit (or SOURCE_DATE_EPOCH when set), so a rebuild gives the same bytes.
linux_amd64 is built on an amd64 machine; linux_arm64 only where Debian's aarch64 cross
toolchain and arm64 libraries are installed, and otherwise skipped with a line saying so.
EOF
}

die() { echo "release: $*" >&2; exit 1; }

root="$(cd "$(dirname "$0")/.." && pwd)"
out="dist"
build_dir=""
gpg_key=""
gpg_homedir=""
for arg in "$@"; do
  case "$arg" in
    -out=* | --out=*) out="${arg#*=}" ;;
    -build-dir=* | --build-dir=*) build_dir="${arg#*=}" ;;
    -gpg-key=* | --gpg-key=*) gpg_key="${arg#*=}" ;;
    -gpg-homedir=* | --gpg-homedir=*) gpg_homedir="${arg#*=}" ;;
    -help | --help | -h) usage; exit 0 ;;
    *) echo "release: unknown option $arg" >&2; usage >&2; exit 2 ;;
  esac
done

for tool in zip unzip sha256sum openssl tar gzip strip cpack; do
  command -v "$tool" >/dev/null || die "$tool is missing; run scripts/install-deps.sh"
done
[ -z "$gpg_key" ] || command -v gpg >/dev/null || die "gpg is missing; run scripts/install-deps.sh"

# --- Version: one place, CMakeLists.txt; a release tag must agree. ----------------------------
version="$(sed -n 's/^project(fgform VERSION \([0-9][0-9.]*\) .*/\1/p' "$root/CMakeLists.txt")"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "no project(fgform VERSION X.Y.Z) in CMakeLists.txt"
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  tag="$(git -C "$root" describe --exact-match --tags --match 'v[0-9]*' HEAD 2>/dev/null || true)"
  [ -z "$tag" ] || [ "$tag" = "v$version" ] ||
    die "HEAD is tagged $tag but CMakeLists.txt says version $version"
  : "${SOURCE_DATE_EPOCH:=$(git -C "$root" log -1 --format=%ct)}"
fi
: "${SOURCE_DATE_EPOCH:=0}"
export SOURCE_DATE_EPOCH TZ=UTC LC_ALL=C
umask 022

# --- Binaries. ----------------------------------------------------------------------------------
host_arch="$(dpkg --print-architecture 2>/dev/null || uname -m)"
case "$host_arch" in x86_64) host_arch=amd64 ;; aarch64) host_arch=arm64 ;; esac
host_platform="linux_$host_arch"
if [ -z "$build_dir" ]; then
  echo "release: building the package preset ($host_platform)"
  (cd "$root" && cmake --preset package >/dev/null &&
    cmake --build --preset package --target terraform-provider-functiongraph fgform fgform-emulator)
  build_dir="$root/build/package"
fi
build_dir="$(cd "$build_dir" && pwd)"
provider_bin="$build_dir/provider/plugin/terraform-provider-functiongraph"
fgform_bin="$build_dir/engine/cli/fgform"
emulator_bin="$build_dir/emulator/fgform-emulator"
for b in "$provider_bin" "$fgform_bin" "$emulator_bin"; do
  [ -x "$b" ] || die "$b is not built"
done
# Each binary must say the version being released: a stale build tree is refused.
for b in "$provider_bin" "$fgform_bin" "$emulator_bin"; do
  said="$("$b" --version)" || die "$b --version failed"
  [[ "${said%%$'\n'*}" =~ [\ v]${version//./\\.}( |$) ]] ||
    die "$(basename "$b") in $build_dir says \"${said%%$'\n'*}\", not version $version (rebuild it)"
done
platforms=("$host_platform")
other_platform=""
[ "$host_arch" = amd64 ] && other_platform=linux_arm64
if [ -n "$other_platform" ]; then
  echo "release: $other_platform skipped: building it needs Debian's aarch64 cross toolchain" \
    "and the arm64 builds of gRPC, Protobuf, OpenSSL and the other libraries (multiarch), which" \
    "this script does not set up (packaging/README.md)"
fi

# --- Helpers. -------------------------------------------------------------------------------------
mkdir -p "$out"
out="$(cd "$out" && pwd)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

# Every file and directory of a staging tree gets the release time and plain modes, so the
# archives depend only on the contents.
normalise() {
  find "$1" -type d -exec chmod 0755 {} +
  find "$1" -type f -exec chmod go-w,u+rw,a+r {} +
  find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}
# zip with sorted entries, no extra attributes (uid/gid, extended times), no directory entries.
make_zip() {  # make_zip OUT.zip DIR
  normalise "$2"
  rm -f "$1"
  (cd "$2" && find . -type f -printf '%P\n' | sort | zip -q -X -D -9 "$1" -@)
}
make_tar_gz() {  # make_tar_gz OUT.tar.gz DIR
  normalise "$2"
  tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
    --format=gnu -C "$2" -cf - . | gzip -n -9 >"$1"
}
# Terraform's "h1:" package hash (Go's dirhash Hash1): the SHA-256 of the lines
# "<sha256 hex of file>  <path>\n" for every file, sorted by path, in base64.
h1_of_dir() {
  (cd "$1" && find . -type f -printf '%P\n' | sort | while IFS= read -r f; do
    printf '%s  %s\n' "$(sha256sum "$f" | cut -d' ' -f1)" "$f"
  done) | openssl dgst -sha256 -binary | base64 | sed 's/^/h1:/'
}
h1_of_zip() {
  local d
  d="$(mktemp -d -p "$stage")"
  unzip -q "$1" -d "$d"
  h1_of_dir "$d"
}
zh_of_zip() { printf 'zh:%s\n' "$(sha256sum "$1" | cut -d' ' -f1)"; }
sha256sums() {  # sha256sums OUT FILE... (names only, sorted)
  (cd "$out" && sha256sum "${@:2}" | sort -k2) >"$1"
}
gpg_home_args=()
[ -z "$gpg_homedir" ] || gpg_home_args=(--homedir "$gpg_homedir")
# The signature's time is part of its bytes. It is the release time, or the key's creation if
# the key is newer (a signature older than its key does not verify), so a rerun signs alike.
sign() {
  [ -n "$gpg_key" ] || return 0
  local created when
  created="$(gpg "${gpg_home_args[@]}" --batch --with-colons --list-secret-keys "$gpg_key" 2>/dev/null |
    awk -F: '$1 == "sec" || $1 == "ssb" { if ($6 > max) max = $6 } END { print max + 0 }')"
  [ "$created" -gt 0 ] || die "gpg has no secret key $gpg_key"
  when=$((SOURCE_DATE_EPOCH > created ? SOURCE_DATE_EPOCH : created))
  gpg "${gpg_home_args[@]}" --batch --yes --local-user "$gpg_key" --detach-sign \
    --faked-system-time "${when}!" --output "$1.sig" "$1" 2>"$stage/gpg.err" ||
    die "gpg could not sign: $(cat "$stage/gpg.err")"
}
# Licence texts of what each binary carries inside: the project's own, then the Debian
# copyright file of every library linked in statically or compiled in from headers.
notices() {  # notices OUT PACKAGE...
  {
    echo "Third-party software in this archive, with the licence texts Debian ships for it."
    local pkg
    for pkg in "${@:2}"; do
      [ -f "/usr/share/doc/$pkg/copyright" ] || die "/usr/share/doc/$pkg/copyright is missing"
      printf '\n==============================================================================\n'
      printf '%s (Debian package %s %s)\n' "$pkg" "$pkg" "$(dpkg-query -W -f='${Version}' "$pkg")"
      printf '==============================================================================\n\n'
      cat "/usr/share/doc/$pkg/copyright"
    done
  } >"$1"
}
stripped_copy() { strip --strip-all -o "$2" "$1"; }

provider_libs=(libgrpc++1.51 libgrpc29 libprotobuf32 libabsl20220623 libre2-9 libc-ares2
  libssl3 zlib1g libstdc++6 nlohmann-json3-dev libmsgpack-cxx-dev)
tool_libs=(nlohmann-json3-dev libmsgpack-cxx-dev libcpp-httplib-dev)

# --- The provider. --------------------------------------------------------------------------------
provider="terraform-provider-functiongraph"
rm -f "$out/${provider}_${version}"_*
provider_zips=()
for platform in "${platforms[@]}"; do
  d="$stage/provider-$platform"
  mkdir -p "$d"
  # Terraform runs the first file named terraform-provider-functiongraph[_.]*: the binary.
  stripped_copy "$provider_bin" "$d/${provider}_v$version"
  cp "$root/LICENSE" "$d/LICENSE"
  notices "$d/THIRD_PARTY_NOTICES" "${provider_libs[@]}"
  zip_name="${provider}_${version}_${platform}.zip"
  make_zip "$out/$zip_name" "$d"
  provider_zips+=("$zip_name")
done
manifest="${provider}_${version}_manifest.json"
printf '{\n  "version": 1,\n  "metadata": {\n    "protocol_versions": ["5.0", "6.0"]\n  }\n}\n' \
  >"$out/$manifest"
sums="${provider}_${version}_SHA256SUMS"
sha256sums "$out/$sums" "${provider_zips[@]}" "$manifest"
sign "$out/$sums"

# --- Mirrors: packed layout HOSTNAME/NAMESPACE/TYPE/<zip> for a filesystem mirror, and the
# provider network mirror protocol (index.json, VERSION.json, archives beside them). -----------
address="registry.terraform.io/fgform/functiongraph"
fs_dir="$out/filesystem-mirror/$address"
net_dir="$out/network-mirror/$address"
mkdir -p "$fs_dir" "$net_dir"
archives_json=""
for zip_name in "${provider_zips[@]}"; do
  platform="${zip_name#"${provider}_${version}_"}"
  platform="${platform%.zip}"
  cp "$out/$zip_name" "$fs_dir/$zip_name"
  cp "$out/$zip_name" "$net_dir/$zip_name"
  [ -z "$archives_json" ] || archives_json+=","
  archives_json+="$(printf '\n    "%s": {\n      "url": "%s",\n      "hashes": [\n        "%s",\n        "%s"\n      ]\n    }' \
    "$platform" "$zip_name" "$(h1_of_zip "$out/$zip_name")" "$(zh_of_zip "$out/$zip_name")")"
done
printf '{\n  "archives": {%s\n  }\n}\n' "$archives_json" >"$net_dir/$version.json"
# index.json lists every version present, so releases can accumulate in one mirror.
{
  printf '{\n  "versions": {'
  sep=""
  for f in $(cd "$net_dir" && ls -- *.json | grep -v '^index\.json$' | sed 's/\.json$//' | sort -V); do
    printf '%s\n    "%s": {}' "$sep" "$f"
    sep=","
  done
  printf '\n  }\n}\n'
} >"$net_dir/index.json"
normalise "$out/filesystem-mirror"
normalise "$out/network-mirror"

# --- fgform and fgform-emulator. ----------------------------------------------------------------
tool_files=()
for tool in fgform fgform-emulator; do
  rm -f "$out/${tool}_${version}"_*.tar.gz
  d="$stage/$tool"
  mkdir -p "$d"
  bin="$fgform_bin"
  [ "$tool" = fgform ] || bin="$emulator_bin"
  stripped_copy "$bin" "$d/$tool"
  cp "$root/LICENSE" "$d/LICENSE"
  cp "$root/README.md" "$d/README.md"
  notices "$d/THIRD_PARTY_NOTICES" "${tool_libs[@]}"
  name="${tool}_${version}_${host_platform}.tar.gz"
  make_tar_gz "$out/$name" "$d"
  tool_files+=("$name")
done

# --- The Debian package, by CPack from the build tree's install rules. --------------------------
deb_name="fgform_${version}_${host_arch}.deb"
rm -f "$out/$deb_name"
(cd "$stage" && cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$stage/deb" >"$stage/cpack.log" 2>&1) ||
  die "cpack failed: $(cat "$stage/cpack.log")"
[ -f "$stage/deb/$deb_name" ] || die "cpack wrote no $deb_name: $(cat "$stage/cpack.log")"
cp "$stage/deb/$deb_name" "$out/$deb_name"
tool_files+=("$deb_name")
tool_sums="fgform_${version}_SHA256SUMS"
sha256sums "$out/$tool_sums" "${tool_files[@]}"
sign "$out/$tool_sums"

echo "release: fgform $version written to $out"
(cd "$out" && ls -1 -- *"_${version}"* | sed 's/^/  /')
echo "  filesystem-mirror/$address"
echo "  network-mirror/$address"
