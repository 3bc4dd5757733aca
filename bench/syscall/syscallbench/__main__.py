"""bench/syscall: the cost of a getpid() and of a 4 KiB pread() of a sealed file, measured inside
the guest (bench/syscall/loop.c), (s) sealed in ConfWL under `confwl run`, (l) as the same static
binary under bench/boot's Debian Linux guest on the same QEMU command line. Reuses bench/boot's
Linux guest (kernel download, initramfs writer, /init, QEMU command line)."""

import argparse
import datetime
import os
import re
import shlex
import statistics
import subprocess
import sys

from bootbench import BenchError, linux_guest, packages, qemu_line

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
README = os.path.join(HERE, "..", "README.md")
HEADING = "## bench/syscall: last figures"
RESULT = re.compile(r"syscall-bench: (getpid|read4k) (\d+) calls (\d+) ns")
RUN_TIMEOUT_SECONDS = 300


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench/syscall/run.sh", description=__doc__)
    parser.add_argument("--confwl", required=True, help="the confwl executable (seals and runs)")
    parser.add_argument("--runs", type=int, default=5, help="runs per guest (default 5)")
    parser.add_argument("--cache-dir", default="/tmp/confwl-bench-cache", help="builds and downloads")
    parser.add_argument("--linux-memory", default="128M", help="guest memory of the Linux guest")
    parser.add_argument("--no-install", action="store_true", help="do not apt-get install")
    parser.add_argument("--update-readme", action="store_true", help=f'rewrite "{HEADING}" in bench/README.md')
    return parser.parse_args(argv)


def build(args):
    """The static loop binary, the 4 KiB block, the sealed image and the Linux initramfs."""
    out = os.path.join(args.cache_dir, "syscall")
    os.makedirs(out, exist_ok=True)
    loop = linux_guest.compile_static_musl(os.path.join(HERE, "loop.c"), os.path.join(out, "loop"))
    block = os.path.join(out, "block.bin")
    with open(block, "wb") as f:
        f.write(bytes(range(256)) * 16)
    image = os.path.join(out, "syscall-bench.confwl")
    subprocess.run([args.confwl, "seal", "--manifest", os.path.join(HERE, "manifest.yaml"), "--workload", loop,
                    "--output", image, "--file", f"/block.bin={block}"], check=True, stdout=subprocess.DEVNULL)
    init = linux_guest.compile_static_musl(linux_guest.INIT_SOURCE, os.path.join(out, "init"))
    # bench/boot's /init runs /hello: the loop goes there, the block next to it.
    initrd = linux_guest.write_initramfs(os.path.join(out, "initramfs.cpio"),
                                         {"init": init, "hello": loop, "block.bin": block})
    return image, initrd


def run(argv):
    """Per-call nanoseconds of each loop in one run of ARGV."""
    done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=RUN_TIMEOUT_SECONDS, check=False)
    output = done.stdout + done.stderr
    found = {name: int(ns) / int(calls) for name, calls, ns in RESULT.findall(output)}
    if set(found) != {"getpid", "read4k"}:
        tail = "\n".join(output.splitlines()[-15:])
        raise BenchError(f"no complete result from {shlex.join(argv)} (exit {done.returncode}):\n{tail}")
    return found


def main(argv):
    args = parse_args(argv)
    if not args.no_install:
        packages.ensure_installed()
    image, initrd = build(args)
    confwl_argv = [args.confwl, "run", image, "--engine", "qemu"]
    probe = subprocess.run([*confwl_argv, "--verbose"], stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, check=False)
    base = qemu_line.from_verbose_output(probe.stderr)
    if not base:
        raise BenchError("`confwl run --verbose` printed no QEMU command line")
    package, vmlinuz = linux_guest.kernel(args.cache_dir)
    linux_argv = qemu_line.for_linux(base, vmlinuz, initrd, args.linux_memory, linux_guest.kernel_args())

    samples = {"s": [], "l": []}
    for _ in range(args.runs):  # interleaved, so host load drifts hit both alike
        samples["s"].append(run(confwl_argv))
        samples["l"].append(run(linux_argv))
    median = {key: {name: statistics.median(s[name] for s in runs) for name in ("getpid", "read4k")}
              for key, runs in samples.items()}
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    command = shlex.join([os.environ.get("BOOTBENCH_ARGV0", "bench/syscall/run.sh"), *argv])
    body = [f"Measured {when} with `{command}` (median of {args.runs} interleaved runs; time per call "
            "measured inside each guest with CLOCK_MONOTONIC).", "",
            "| loop | (s) ConfWL, sealed | (l) Debian Linux guest | (s)/(l) |", "|---|---:|---:|---:|"]
    for name, label in (("getpid", "getpid()"), ("read4k", "pread() of 4 KiB from a sealed file")):
        ours, theirs = median["s"][name], median["l"][name]
        body.append(f"| {label} | {ours:.0f} ns | {theirs:.0f} ns | {ours / theirs:.2f}x |")
    body += ["", f"- (l) kernel: `{package}`, `-m {args.linux_memory}`; /init = bench/boot/linux/init.c "
             "running the loop as /hello, /block.bin in the initramfs",
             f"- QEMU command line of (s) (from `confwl run --verbose`): `{shlex.join(base)}`"]
    print("\n".join(body))
    if args.update_readme:
        rewrite_section(body)
    return 0


def rewrite_section(body):
    """Replaces the text under HEADING, up to the next '## ' heading, with BODY."""
    with open(README) as f:
        lines = f.read().splitlines()
    if HEADING not in lines:
        lines += ["", HEADING]
    start = lines.index(HEADING) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    lines[start:end] = ["", *body, ""] if end < len(lines) else ["", *body]
    with open(README + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(README + ".tmp", README)


try:
    sys.exit(main(sys.argv[1:]))
except (BenchError, subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
    print(f"bench/syscall: {error}", file=sys.stderr)
    sys.exit(1)
