#!/bin/sh
# Installs what is missing, builds ConfWL, builds and seals examples/hello against ConfWL's build
# tree, runs it with `confwl run`, and prints its output, its exit status and the image's SHA-384.
# Exits with the workload's status. Build directory: $CONFWL_BUILD_DIR (default: build/).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${CONFWL_BUILD_DIR:-$root/build}
example_build=$build/examples/hello

"$root/scripts/install-deps.sh"

echo "==> Building ConfWL in $build"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build"

echo "==> Building and sealing examples/hello"
cmake -S "$root/examples/hello" -B "$example_build" -G Ninja -DConfWL_DIR="$build"
cmake --build "$example_build"

image=$example_build/hello.confwl
echo "==> confwl run $image -- \"runtime argument\""
status=0
"$build/bin/confwl" run "$image" --timeout 120 -- "runtime argument" || status=$?

echo "==> exit status: $status"
cmake -DJSON="$image.json" -P "$root/scripts/print-image-sha384.cmake"
exit "$status"
