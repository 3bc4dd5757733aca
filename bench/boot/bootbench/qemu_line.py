"""The QEMU command line `confwl run` uses, re-targeted at the floor stub and the Linux guest.

Preferably taken from `confwl run --verbose` (which prints the QEMU command it runs); otherwise
the verified command line from the team brief, so (a) and (b) can run before ConfWL is built.
"""

import os
import shlex

from . import BenchError

_BRIEF_ARGS = (
    "-M", "microvm,x-option-roms=off,rtc=off,pit=off,pic=off,isa-serial=on",
    "-cpu", "max", "-nodefaults", "-no-user-config", "-nographic",
    "-chardev", "stdio,id=c0", "-serial", "chardev:c0",
    "-chardev", "null,id=c1", "-device", "isa-serial,chardev=c1,iobase=0x2f8,irq=3",
    "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
    "-kernel", "IMAGE", "-m", "64M",
)

# Devices microvm needs for Linux's timer calibration; ConfWL's kernel runs without them.
_LINUX_ONLY_MACHINE_PROPS = ("rtc=off", "pit=off", "pic=off")


def from_brief(qemu):
    return [qemu, *_BRIEF_ARGS]


def from_verbose_output(text):
    """The QEMU argv in `confwl run --verbose` output, or None if it printed none."""
    for line in text.splitlines():
        try:
            words = shlex.split(line)
        except ValueError:
            continue
        for index, word in enumerate(words):
            if os.path.basename(word).startswith("qemu-system-"):
                return words[index:]
    return None


def _option_index(argv, *names):
    for index, word in enumerate(argv[:-1]):
        if word in names:
            return index
    return None


def _with_option(argv, names, value):
    """argv with the value of option NAMES (e.g. -kernel) replaced, or the option appended."""
    result = list(argv)
    index = _option_index(result, *names)
    if index is None:
        result += [names[0], value]
    else:
        result[index + 1] = value
    return result


def _console_id(argv):
    """The chardev id behind `-serial chardev:ID` (COM1, the console), if any."""
    for index, word in enumerate(argv[:-1]):
        if word == "-serial" and argv[index + 1].startswith("chardev:"):
            return argv[index + 1].removeprefix("chardev:")
    return None


def _chardev_backend(spec, console_id):
    """COM1 goes to stdio so the benchmark sees the guest console; other backends (the pipes,
    sockets or fds `confwl run` set up for itself) become null."""
    _, _, options = spec.partition(",")
    ident = next((o for o in options.split(",") if o.startswith("id=")), None)
    if ident is None:
        raise BenchError(f"QEMU -chardev without an id: {spec}")
    backend = "stdio" if ident == f"id={console_id}" else "null"
    return f"{backend},{ident}"


def _serial_backend(spec):
    return spec if spec.startswith("chardev:") or spec in ("stdio", "null") else "stdio"


def _standalone(argv):
    """argv without the host-side plumbing of `confwl run`, runnable on its own."""
    console_id = _console_id(argv)
    result = list(argv)
    for index, word in enumerate(result[:-1]):
        if word == "-chardev":
            result[index + 1] = _chardev_backend(result[index + 1], console_id)
        elif word == "-serial":
            result[index + 1] = _serial_backend(result[index + 1])
    return result


def memory_of(argv):
    index = _option_index(argv, "-m")
    return argv[index + 1] if index is not None else None


def for_floor(base, stub):
    return _with_option(_standalone(base), ("-kernel",), stub)


def for_linux(base, vmlinuz, initrd, memory, kernel_args):
    index = _option_index(base, "-M", "-machine")
    if index is None:
        raise BenchError("the QEMU command line has no -M/-machine option")
    props = [p for p in base[index + 1].split(",") if p not in _LINUX_ONLY_MACHINE_PROPS]
    argv = _with_option(_standalone(base), ("-M", "-machine"), ",".join(props))
    argv = _with_option(argv, ("-kernel",), vmlinuz)
    argv = _with_option(argv, ("-m",), memory)
    return argv + ["-initrd", initrd,
                   "-append", kernel_args, "-no-reboot"]
