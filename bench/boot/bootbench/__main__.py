"""bench/boot: boot-to-exit wall time and peak RSS of (a) the PVH floor, (b) a stock Debian
Linux guest running the same static hello, (c) sealed hello under `confwl run`."""

import argparse
import datetime
import os
import platform
import shlex
import subprocess
import sys

from . import BenchError, floor, linux_guest, measure, packages, qemu_line, report

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
EXAMPLE_HELLO = os.path.join(REPO_ROOT, "examples", "hello", "hello.c")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench/boot/run.sh", description=__doc__)
    parser.add_argument("--confwl", help="the confwl executable, for (c)")
    parser.add_argument("--image", help="sealed hello (hello.confwl), for (c)")
    parser.add_argument("--runs", type=int, default=32, help="timed runs per guest (default 32; "
                        "even, so that each order of the guests is run as often)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument("--only", default="a,b,c", help="comma-separated subset of a,b,c")
    parser.add_argument("--cache-dir", default="/tmp/confwl-bench-cache",
                        help="builds and downloads (default /tmp/confwl-bench-cache)")
    parser.add_argument("--qemu", help="QEMU binary for all three (default: the one confwl "
                        "runs, else qemu-system-x86_64); also passed to confwl run")
    parser.add_argument("--hello-source", help="hello C source for (b) (default "
                        "examples/hello/hello.c)")
    parser.add_argument("--hello-elf", help="use this static hello binary for (b) instead of "
                        "compiling --hello-source; e.g. the one sealed into the image")
    parser.add_argument("--linux-memory", default="128M", help="guest memory for (b) (default "
                        "128M; 64M is too small to decompress the stock kernel)")
    parser.add_argument("--no-install", action="store_true", help="do not apt-get install")
    parser.add_argument("--update-readme", action="store_true",
                        help='rewrite the "Last figures" section of bench/README.md')
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be >= 1 and --warmup >= 0")
    args.only = set(args.only.split(","))
    if not args.only or not args.only <= {"a", "b", "c"}:
        parser.error("--only takes a comma-separated subset of a,b,c")
    return args


def confwl_skip_reason(args):
    """Why (c) cannot run, or None."""
    if "c" not in args.only:
        return "not selected (--only)"
    for option, path in (("--confwl", args.confwl), ("--image", args.image)):
        if not path:
            return f"{option} not given"
        if not os.path.isfile(path):
            return f"{option} {path} does not exist (build ConfWL and seal examples/hello first)"
    return None


def confwl_run_argv(args):
    qemu = ["--qemu", args.qemu] if args.qemu else []
    return [args.confwl, "run", args.image, *qemu]


def base_qemu_line(args, with_confwl):
    """The QEMU command `confwl run` uses (from --verbose), else the brief's command line."""
    if with_confwl:
        probe = subprocess.run([*confwl_run_argv(args), "--verbose"], stdin=subprocess.DEVNULL,
                               capture_output=True, text=True, check=False)
        found = qemu_line.from_verbose_output(probe.stderr)
        if found:
            return found, "taken from `confwl run --verbose`"
        print("bench/boot: `confwl run --verbose` printed no QEMU command line; "
              "using the team brief's", file=sys.stderr)
    return qemu_line.from_brief(args.qemu or "qemu-system-x86_64"), "the team brief's"


def hello_elf(args):
    """The static hello binary for (b), and a note on where it came from."""
    if args.hello_elf:
        return os.path.abspath(args.hello_elf), f"binary `{args.hello_elf}`"
    source = args.hello_source or EXAMPLE_HELLO
    if not os.path.isfile(source):
        raise BenchError(f"hello source {source} does not exist (give --hello-source or "
                         "--hello-elf)")
    out_dir = os.path.join(args.cache_dir, "hello")
    os.makedirs(out_dir, exist_ok=True)
    elf = linux_guest.compile_static_musl(source, os.path.join(out_dir, "hello"))
    return elf, f"`{os.path.relpath(source, REPO_ROOT)}` (static musl, clang)"


def linux_guest_of(args, base, notes):
    elf, origin = hello_elf(args)
    package, vmlinuz = linux_guest.kernel(args.cache_dir)
    initrd = linux_guest.build_initramfs(args.cache_dir, elf)
    expected = linux_guest.native_output(elf)
    kernel_args = linux_guest.kernel_args()
    notes += [f"(b) kernel: `{package}` ({os.path.basename(vmlinuz)}), `-m {args.linux_memory}`, "
              f"`-append \"{kernel_args}\"`; /init = bench/boot/linux/init.c running hello {origin}"]
    argv = qemu_line.for_linux(base, vmlinuz, initrd, args.linux_memory, kernel_args)
    return measure.Guest("b", f"Debian {package.removeprefix('linux-image-')} + hello", argv, 0,
                         lambda out: linux_guest.console_error(out, expected))


def guests_of(args, notes):
    skip_c = confwl_skip_reason(args)
    base, origin = base_qemu_line(args, with_confwl=skip_c is None)
    guests = []
    if "a" in args.only:
        argv = qemu_line.for_floor(base, floor.build(args.cache_dir))
        notes.append(f"(a) QEMU command line ({origin}, with the stub as -kernel and "
                     f"chardevs other than COM1 as null): `{shlex.join(argv)}`")
        guests.append(measure.Guest("a", "PVH floor stub", argv, floor.EXPECTED_STATUS))
    if "b" in args.only:
        guests.append(linux_guest_of(args, base, notes))
    if skip_c is None:
        guests.append(measure.Guest("c", "sealed hello, confwl run", confwl_run_argv(args), 0))
    else:
        print(f"bench/boot: (c) skipped: {skip_c}", file=sys.stderr)
        notes.append(f"(c) skipped: {skip_c}")
    return guests, base


def measurement_blocks(guests):
    """The short guests, (a) and (c), interleaved with each other, then the Linux guest in a block
    of its own. A run right after the Linux guest is slower, whichever guest it is, by more than
    the drift that interleaving is for (bench/README.md, sixth pass); with (b) among them, its
    after-effects would land on the runs that follow it."""
    short = [guest for guest in guests if guest.key != "b"]
    linux = [guest for guest in guests if guest.key == "b"]
    return [block for block in (short, linux) if block]


def accelerator(argv):
    for index, word in enumerate(argv[:-1]):
        if word == "-accel":
            return argv[index + 1]
        if word in ("-M", "-machine") and "accel=" in argv[index + 1]:
            return argv[index + 1].split("accel=", 1)[1].split(",", 1)[0]
    return "tcg (QEMU's default)"


def host_lines(base):
    version = subprocess.run([base[0], "--version"], capture_output=True, text=True,
                             check=False).stdout.splitlines()[:1]
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    return [f"- host: {cpu}, {os.cpu_count()} cores; {' '.join(version)}; "
            f"accelerator: {accelerator(base)}"]


def main(argv):
    args = parse_args(argv)
    args.cache_dir = os.path.abspath(args.cache_dir)
    if not args.no_install:
        packages.ensure_installed()
    notes = []
    guests, base = guests_of(args, notes)
    if not guests:
        raise BenchError("nothing to measure")
    samples = {}
    for block in measurement_blocks(guests):
        samples.update(measure.measure(block, args.runs, args.warmup))
    command = shlex.join([os.environ.get("BOOTBENCH_ARGV0", "bench/boot/run.sh"), *argv])
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body = [f"Measured {date} with `{command}` "
            f"(median of {args.runs} runs after {args.warmup} warm-up; (a) and (c) interleaved, "
            "every other round in reverse order, then (b)).", "",
            *report.table(guests, samples), "", *report.ratios(samples),
            report.image_size_line(args.image), *host_lines(base),
            *(f"- {note}" for note in notes)]
    print("\n".join(body))
    if args.update_readme:
        report.rewrite_last_figures(body)
        print(f"bench/boot: updated {report.README}")
    return 0


try:
    sys.exit(main(sys.argv[1:]))
except (BenchError, subprocess.CalledProcessError, OSError) as error:
    print(f"bench/boot: {error}", file=sys.stderr)
    sys.exit(1)
