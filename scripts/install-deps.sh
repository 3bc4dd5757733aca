#!/bin/sh
# Installs the Debian 12 packages ConfWL needs to build, seal, run and test, and only those
# that are missing (so it is quick and offline-safe when everything is there already).
set -eu

packages="cmake ninja-build pkg-config g++ clang lld libclang-rt-14-dev musl-dev musl-tools
  libc6-dev libstdc++-12-dev
  qemu-system-x86 libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libelf-dev libarchive-dev
  libssl-dev libgtest-dev googletest cpio
  busybox-static bash-static"

missing=""
for package in $packages; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done
if [ -z "$missing" ]; then
  echo "install-deps: all packages are installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1; then
  as_root="sudo"
else
  echo "install-deps: missing packages:$missing; run this script as root to install them" >&2
  exit 1
fi
echo "install-deps: installing$missing"
$as_root apt-get update
# shellcheck disable=SC2086 # one word per package
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y --no-install-recommends $missing
