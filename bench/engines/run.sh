#!/bin/sh
# bench/engines: boot-to-exit wall time and peak RSS of `confwl run hello.confwl` on the kvm
# engine vs the qemu engine, both inside the same nested guest (a stock Debian kernel under QEMU
# TCG with nested AMD SVM, booted by tests/nested/nested-kvm.sh, the ctest fixture's script):
# only the ratios mean something, absolute figures under two levels of emulation do not. Also
# prints the host-TCB figures: the VMM's lines of code and binary size against QEMU's.
#
# usage: bench/engines/run.sh BUILD_DIR [RUNS]   (BUILD_DIR: a built ConfWL tree; RUNS default 5)
set -eu

build=$(cd "$1" && pwd) runs=${2:-5}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
confwl="$build/bin/confwl"
hello=$(ls "$build"/tests/e2e/examples-hello/hello.confwl 2>/dev/null || true)
qemu=$(command -v qemu-system-x86_64)
busybox=$(command -v busybox)
[ -x "$confwl" ] && [ -f "$hello" ] || { echo "bench/engines: build $build first (bin/confwl, hello.confwl)" >&2; exit 1; }
work="$build/bench-engines"
mkdir -p "$work"
# Reuse the kernel the nested ctest fixture downloaded, if it did.
[ -d "$work/linux-image" ] || [ ! -d "$build/tests/nested/work/linux-image" ] ||
  cp -r "$build/tests/nested/work/linux-image" "$work/linux-image"

bios=$(ls /usr/share/qemu/bios-microvm.bin)
tcg_module=$(ls /usr/lib/x86_64-linux-gnu/qemu/accel-tcg-x86_64.so)  # Debian builds TCG as a module
cat > "$work/inputs.txt" <<INPUTS
file $hello /images/hello.confwl
program $qemu /usr/bin/qemu-system-x86_64
file $bios /usr/share/qemu/bios-microvm.bin
program $tcg_module $tcg_module
INPUTS
: > "$work/tests.sh"
echo "/confwl/confwl run /images/hello.confwl --engine kvm > /dev/null 2>&1 < /dev/null" >> "$work/tests.sh"  # warm-up
echo "/confwl/confwl run /images/hello.confwl --engine qemu > /dev/null 2>&1 < /dev/null" >> "$work/tests.sh"
i=1
while [ "$i" -le "$runs" ]; do  # interleaved, so drifting load hits both engines alike
  for engine in kvm qemu; do
    echo "run_test ${engine}_$i time -f '@@time %e %M' /confwl/confwl run /images/hello.confwl --engine $engine < /dev/null" >> "$work/tests.sh"
  done
  i=$((i + 1))
done
sh "$source_dir/tests/nested/nested-kvm.sh" "$work" "$confwl" "$qemu" "$busybox" "$work/inputs.txt" "$work/tests.sh"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for engine in kvm qemu; do
  for f in "$work"/results/"${engine}"_*.output; do
    grep -q "Hello from a confidential workload!" "$f" || { echo "bench/engines: $f: hello did not run" >&2; exit 1; }
  done
  seconds=$(cat "$work"/results/"${engine}"_*.output | sed -n 's/^@@time \([0-9.]*\) .*/\1/p' | median)
  rss=$(cat "$work"/results/"${engine}"_*.output | sed -n 's/^@@time [0-9.]* \([0-9]*\)$/\1/p' | median)
  eval "${engine}_seconds=$seconds ${engine}_rss=$rss"
done
echo
echo "| engine (inside the nested guest, median of $runs) | boot-to-exit | peak RSS |"
echo "|---|---|---|"
echo "| kvm | ${kvm_seconds} s | ${kvm_rss} KiB |"
echo "| qemu (TCG) | ${qemu_seconds} s | ${qemu_rss} KiB |"
awk -v a="$kvm_seconds" -v b="$qemu_seconds" -v c="$kvm_rss" -v d="$qemu_rss" \
  'BEGIN { printf "| kvm / qemu | %.2fx | %.2fx |\n", a / b, c / d }'

# --- host TCB: what a guest can reach on the host side
lines() { cat "$@" | grep -cv '^[[:space:]]*\(//.*\)\?$'; }
kvm_only=$(lines "$source_dir"/vmm/kvm/*.h "$source_dir"/vmm/kvm/*.cpp "$source_dir"/vmm/include/confwl/vmm/kvm_engine.h)
shared=$(lines "$source_dir"/vmm/src/console_forwarder.cpp "$source_dir"/vmm/src/hostcall_codec.cpp \
  "$source_dir"/vmm/src/hostcall_server.cpp "$source_dir"/vmm/src/run_outcome.cpp "$source_dir"/vmm/src/guest_report.cpp)
stripped="$work/confwl.stripped"
strip -o "$stripped" "$confwl"
size_of() { stat -c %s "$1"; }
libs_of() { ldd "$1" | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p' | while read -r l; do stat -L -c %s "$l"; done | awk '{ s += $1 } END { print s }'; }
echo
echo "| host side | lines of code (no blanks/comments) | binary (stripped) | + shared libraries |"
echo "|---|---|---|---|"
echo "| kvm engine (vmm/kvm) + shared hostcall/console code | $kvm_only + $shared | confwl: $(size_of "$stripped") B (whole CLI) | $(libs_of "$confwl") B |"
echo "| qemu-system-x86_64 $("$qemu" --version | sed -n 's/.*version \([^ ]*\).*/\1/p') (Debian) | - | $(size_of "$qemu") B | $(libs_of "$qemu") B |"
