#!/bin/sh
# Installs what is missing, builds ConfWL and runs the whole test suite with ctest; then builds
# the host code again with AddressSanitizer and UndefinedBehaviorSanitizer (CONFWL_SANITIZE=ON)
# and runs every test except the CMake-package ones (which only re-test CMake logic).
# Build directories: $CONFWL_BUILD_DIR (default build/), $CONFWL_SANITIZE_BUILD_DIR
# (default build-sanitize/). Exits non-zero if any test failed.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${CONFWL_BUILD_DIR:-$root/build}
sanitize_build=${CONFWL_SANITIZE_BUILD_DIR:-$root/build-sanitize}
jobs=${CONFWL_TEST_JOBS:-2}

"$root/scripts/install-deps.sh"

echo "==> Building ConfWL in $build"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build"
echo "==> Running all tests"
result=0
ctest --test-dir "$build" --output-on-failure --no-tests=error -j "$jobs" || result=1

echo "==> Building ConfWL with sanitizers in $sanitize_build"
cmake -S "$root" -B "$sanitize_build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCONFWL_SANITIZE=ON
cmake --build "$sanitize_build"
echo "==> Running the tests under ASan/UBSan"
ctest --test-dir "$sanitize_build" --output-on-failure --no-tests=error -j "$jobs" \
  --label-exclude cmake-package || result=1

if [ "$result" -eq 0 ]; then echo "==> All tests passed"; else echo "==> Some tests FAILED" >&2; fi
exit "$result"
