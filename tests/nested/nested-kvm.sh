#!/bin/sh
# Boots a stock Debian kernel under QEMU TCG with an emulated AMD SVM CPU, so that it has a real
# /dev/kvm (kvm + kvm_amd loaded from the unpacked linux-image package), and runs the kvm engine
# conformance tests inside it. Each test's output and exit status come back over the serial
# console between markers and are split into RESULTS_DIR/<name>.output and <name>.status, which
# the per-test ctest entries check (check-result.cmake).
#
# usage: nested-kvm.sh WORK_DIR CONFWL QEMU BUSYBOX INPUTS_FILE GUEST_SCRIPT
#   INPUTS_FILE: lines "file HOST_PATH GUEST_PATH" (images, stdin files) to put in the initramfs,
#     or "program HOST_PATH GUEST_PATH" for an executable that needs its shared libraries too.
#   GUEST_SCRIPT: sh run inside after /dev/kvm appeared; run_test NAME ARGS... is defined for it.
set -eu

work=$1 confwl=$2 qemu=$3 busybox=$4 inputs=$5 guest_script=$6
results="$work/results"
log() { echo "nested-kvm: $*"; }
fail() { echo "nested-kvm: error: $*" >&2; exit 1; }

# --- the Debian kernel and its kvm modules: downloaded once into the build tree, never installed
kernel_root="$work/linux-image"
if ! ls "$kernel_root"/boot/vmlinuz-* >/dev/null 2>&1; then
  mkdir -p "$work/debs" && cd "$work/debs"
  package=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n 1)
  [ -n "$package" ] || fail "apt-cache cannot resolve linux-image-amd64 (run apt-get update?)"
  log "downloading $package (apt-get download; it is unpacked here, not installed)"
  apt-get download "$package" >/dev/null 2>&1 || apt-get download "$package" || fail "apt-get download $package failed"
  rm -rf "$kernel_root" && mkdir -p "$kernel_root"
  dpkg -x "$work/debs/$package"_*.deb "$kernel_root"
fi
vmlinuz=$(ls "$kernel_root"/boot/vmlinuz-* | head -n 1)
modules=$(ls -d "$kernel_root"/lib/modules/* | head -n 1)/kernel

# --- the initramfs: busybox, the modules, confwl with its shared libraries, the test inputs
root="$work/initramfs"
rm -rf "$root" "$results" && mkdir -p "$root"/bin "$root"/dev "$root"/proc "$root"/sys "$root"/modules "$root"/confwl "$results"
cp "$busybox" "$root/bin/busybox"
for applet in sh mount insmod poweroff cat echo ls sleep grep time; do ln -s busybox "$root/bin/$applet"; done
for module in virt/lib/irqbypass.ko arch/x86/kvm/kvm.ko drivers/crypto/ccp/ccp.ko arch/x86/kvm/kvm-amd.ko; do
  [ -f "$modules/$module" ] || fail "$modules/$module is missing from the kernel package"
  cp "$modules/$module" "$root/modules/"
done
# An executable, its dynamic loader and every library ldd names (at the same paths as on the host).
copy_program() {
  mkdir -p "$root$(dirname "$2")" && cp -L "$1" "$root$2"
  for library in $(ldd "$1" | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p'); do
    mkdir -p "$root$(dirname "$library")" && cp -L "$library" "$root$library"
  done
}
copy_program "$confwl" /confwl/confwl
while read -r kind host_path guest_path; do
  [ -f "$host_path" ] || fail "$host_path does not exist (build the project first)"
  case $kind in
    file) mkdir -p "$root$(dirname "$guest_path")" && cp -L "$host_path" "$root$guest_path" ;;
    program) copy_program "$host_path" "$guest_path" ;;
    *) fail "$inputs: unknown kind '$kind'" ;;
  esac
done < "$inputs"
cp "$guest_script" "$root/tests.sh"
cat > "$root/init" <<'INIT'
#!/bin/sh
export PATH=/bin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for module in irqbypass kvm ccp kvm-amd; do insmod /modules/$module.ko 2>/dev/null; done
run_test() {
  name=$1; shift
  echo "@@nested-begin $name"
  "$@" 2>&1
  echo "@@nested-end $name $?"
}
if [ -c /dev/kvm ]; then
  echo "@@nested-kvm-ready"
  . /tests.sh
else
  echo "@@nested-error /dev/kvm did not appear after loading kvm and kvm-amd"
fi
echo "@@nested-done"
poweroff -f
INIT
chmod +x "$root/init" "$root/tests.sh"
(cd "$root" && find . | cpio -o -H newc --quiet > "$work/initramfs.cpio")

# --- boot it: TCG with an AMD CPU that has SVM + nested paging (and RDRAND for the ConfWL kernel)
log "booting $(basename "$vmlinuz") under TCG with nested SVM"
console="$work/console.log"
started=$(date +%s)
timeout 600 "$qemu" -machine q35,accel=tcg -cpu qemu64,+svm,+npt,+rdrand -smp 1 -m 1G \
  -nodefaults -no-user-config -nographic -no-reboot -serial stdio \
  -kernel "$vmlinuz" -initrd "$work/initramfs.cpio" \
  -append "console=ttyS0 quiet loglevel=0 panic=-1 rdinit=/init" < /dev/null > "$console" 2>&1 ||
  fail "QEMU failed or timed out; console: $console"
log "nested guest ran for $(( $(date +%s) - started )) s"

tr -d '\r' < "$console" | awk -v dir="$results" '
  /^@@nested-begin / { name = $2; out = dir "/" name ".output"; printf "" > out; next }
  /^@@nested-end /   { print $3 > (dir "/" $2 ".status"); close(out); name = ""; next }
  /^@@nested-error / { sub(/^@@nested-error /, ""); print > (dir "/error"); next }
  name != ""         { print >> out }'
[ ! -f "$results/error" ] || fail "$(cat "$results/error"); console: $console"
grep -q "^@@nested-done" "$console" || fail "the nested guest did not finish its tests; console: $console"
log "results in $results"
