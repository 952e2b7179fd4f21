#!/usr/bin/env bash
# Installs every build and test dependency of fgform from Debian 12 (bookworm) packages.
# clang, libclang-rt-14-dev (libFuzzer and the sanitizer runtimes of clang 14) and llvm-14
# (llvm-symbolizer, for readable sanitizer reports) are for the fuzz build (docs/fuzzing.md).
# Safe to run again: apt-get skips what is already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libssl-dev zlib1g-dev nlohmann-json3-dev libsqlite3-dev
  libcpp-httplib-dev catch2 libarchive-dev libmsgpack-cxx-dev libpq-dev
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc
  libre2-dev libyaml-dev libgoogle-perftools-dev
  postgresql-15
  clang libclang-rt-14-dev llvm-14
  python3 python3-yaml curl time
  zip unzip gnupg dpkg-dev binutils openssl
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
