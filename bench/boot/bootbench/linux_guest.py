"""(b) A stock Debian cloud kernel whose initramfs runs the same static musl hello."""

import glob
import os
import subprocess

from . import BenchError, packages

BOOT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INIT_SOURCE = os.path.join(BOOT_DIR, "linux", "init.c")
MUSL_LIB = "/usr/lib/x86_64-linux-musl"

# Lines that mean the guest did not run hello to completion (see linux/init.c).
FAILURE_MARKERS = ("bench-init:", "Kernel panic")
POWER_OFF_MARKER = "reboot: Power down"

BASE_KERNEL_ARGS = "console=ttyS0 quiet panic=-1 reboot=t"


def _clang_output(*args):
    return subprocess.run(["clang", *args], capture_output=True, text=True,
                          check=True).stdout.strip()


def compile_static_musl(source, output):
    """clang for x86_64-linux-musl, statically, against Debian's musl (verified recipe)."""
    builtins = _clang_output("-print-libgcc-file-name", "--rtlib=compiler-rt")
    subprocess.run([
        "clang", "--target=x86_64-linux-musl", "-static", "-O2", "-nostdinc",
        "-isystem", "/usr/include/x86_64-linux-musl",
        "-isystem", os.path.join(_clang_output("-print-resource-dir"), "include"),
        "-nostdlib", "-fuse-ld=lld", source,
        f"{MUSL_LIB}/crt1.o", f"{MUSL_LIB}/crti.o", f"{MUSL_LIB}/libc.a", builtins,
        f"{MUSL_LIB}/crtn.o", "-o", output], check=True)
    return output


def _host_tsc_khz():
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("cpu MHz"):
                return round(float(line.split(":", 1)[1]) * 1000)
    return None


def kernel_args():
    """Under TCG the guest's TSC is the host's, and Linux's TSC calibration against microvm's
    PIT fails now and then; with no HPET or PM timer to fall back on it then hangs. Giving it
    the host's TSC rate (tsc_early_khz) makes every boot finish; it only spares Linux work."""
    khz = _host_tsc_khz()
    return f"{BASE_KERNEL_ARGS} tsc_early_khz={khz}" if khz else BASE_KERNEL_ARGS


def kernel(cache_dir):
    """Downloads (once) the newest 6.1 cloud kernel package; returns (package, vmlinuz path)."""
    package = packages.newest_cloud_kernel()
    root = os.path.join(cache_dir, "linux", package, "root")
    found = glob.glob(os.path.join(root, "boot", "vmlinuz-*"))
    if not found:
        deb = packages.download(package, os.path.dirname(root))
        subprocess.run(["dpkg", "-x", deb, root], check=True)
        found = glob.glob(os.path.join(root, "boot", "vmlinuz-*"))
    if len(found) != 1:
        raise BenchError(f"expected one vmlinuz in {root}/boot, found {len(found)}")
    return package, found[0]


def _newc_entry(ino, name, mode, data):
    fields = (ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name) + 1, 0)
    header = b"070701" + b"".join(b"%08X" % f for f in fields) + name.encode() + b"\0"
    header += b"\0" * (-len(header) % 4)
    return header + data + b"\0" * (-len(data) % 4)


def write_initramfs(path, files):
    """A cpio newc archive of FILES {name: host path}, all mode 0755, mtime 0."""
    archive = b""
    for ino, (name, host_path) in enumerate(sorted(files.items()), start=1):
        with open(host_path, "rb") as f:
            archive += _newc_entry(ino, name, 0o100755, f.read())
    archive += _newc_entry(0, "TRAILER!!!", 0, b"")
    with open(path, "wb") as f:
        f.write(archive + b"\0" * (-len(archive) % 512))
    return path


def build_initramfs(cache_dir, hello_elf):
    """/init (linux/init.c) plus /hello; returns the archive path."""
    out_dir = os.path.join(cache_dir, "linux")
    os.makedirs(out_dir, exist_ok=True)
    init = compile_static_musl(INIT_SOURCE, os.path.join(out_dir, "init"))
    return write_initramfs(os.path.join(out_dir, "initramfs.cpio"),
                           {"init": init, "hello": hello_elf})


def native_output(hello_elf):
    """What hello prints with the argv/envp /init gives it; the guest console must contain it."""
    run = subprocess.run(["hello"], executable=hello_elf, env={}, stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, check=False)
    return run.stdout


def console_error(console, expected_output):
    """Why the guest console shows a failed run, or None if hello ran and the VM powered off."""
    text = console.replace("\r", "")
    for marker in FAILURE_MARKERS:
        if marker in text:
            return f"the console shows '{marker}'"
    for line in expected_output.splitlines():
        if line.strip() and line not in text:
            return f"hello's line '{line}' is missing from the console"
    if POWER_OFF_MARKER not in text:
        return f"'{POWER_OFF_MARKER}' is missing from the console"
    return None
