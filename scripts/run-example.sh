#!/bin/sh
# Installs what is missing, builds ConfWL, builds and seals examples/hello against ConfWL's build
# tree, runs it with `confwl run`, and prints its output, its exit status and the image's SHA-384.
# Then the same for examples/attest: it asks the simulated SEV-SNP PSP for a report bound to a
# fresh nonce, and `confwl verify` checks that report against the sealer's manifest.
# Exits with hello's status, or 1 if the attestation did not verify.
# Build directory: $CONFWL_BUILD_DIR (default: build/).
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

echo "==> Building and sealing examples/attest"
attest_build=$build/examples/attest
cmake -S "$root/examples/attest" -B "$attest_build" -G Ninja -DConfWL_DIR="$build"
cmake --build "$attest_build"
nonce=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
echo "==> confwl run $attest_build/attest.confwl -- $nonce"
"$build/bin/confwl" run "$attest_build/attest.confwl" --timeout 120 -- "$nonce" > "$attest_build/run.txt"
sed -n 's/^report: //p' "$attest_build/run.txt" > "$attest_build/report.hex"
echo "==> confwl verify report.hex --manifest attest.confwl.json --report-data <nonce> --allow-simulated"
"$build/bin/confwl" verify "$attest_build/report.hex" --manifest "$attest_build/attest.confwl.json" \
  --report-data "$nonce" --allow-simulated || status=1
exit "$status"
