"""Timed runs: wall time around the whole process, peak RSS from GNU time's %M."""

import dataclasses
import os
import signal
import subprocess
import tempfile
import time
from typing import Callable, Optional

from . import BenchError

GNU_TIME = "/usr/bin/time"
RUN_TIMEOUT_SECONDS = 120


@dataclasses.dataclass
class Guest:
    key: str                  # "a", "b", "c"
    label: str
    argv: list
    expected_status: int
    # Given the captured stdout+stderr, why the run failed, or None.
    check: Callable[[str], Optional[str]] = lambda output: None


@dataclasses.dataclass
class Sample:
    wall_seconds: float
    peak_rss_kib: int


def _run_timed(argv, rss_file):
    """Runs ARGV under GNU time in its own process group; returns (seconds, status, output)."""
    start = time.perf_counter()
    process = subprocess.Popen([GNU_TIME, "-f", "%M", "-o", rss_file, *argv],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=RUN_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise BenchError(f"timed out after {RUN_TIMEOUT_SECONDS} s: {' '.join(argv)}")
    seconds = time.perf_counter() - start
    return seconds, process.returncode, output.decode(errors="replace")


def run_once(guest):
    with tempfile.NamedTemporaryFile(prefix="confwl-bench-rss-") as rss:
        seconds, status, output = _run_timed(guest.argv, rss.name)
        # For a non-zero status GNU time writes a line saying so before %M: take the last word.
        rss_words = open(rss.name).read().split()
    problem = guest.check(output)
    if status != guest.expected_status:
        problem = f"exit status {status}, expected {guest.expected_status}"
    if problem:
        tail = "\n".join(output.splitlines()[-15:])
        raise BenchError(f"({guest.key}) {guest.label}: {problem}\n"
                         f"command: {' '.join(guest.argv)}\noutput tail:\n{tail}")
    return Sample(seconds, int(rss_words[-1]))


def round_order(guests, iteration):
    """The guests in the given order in even rounds and reversed in odd ones, so that over an even
    number of rounds each guest follows each other guest equally often."""
    return guests if iteration % 2 == 0 else guests[::-1]


def measure(guests, runs, warmup):
    """Interleaves the guests run by run so that drift in host load hits all of them alike."""
    samples = {guest.key: [] for guest in guests}
    keys = ", ".join(guest.key for guest in guests)
    for iteration in range(warmup + runs):
        for guest in round_order(guests, iteration):
            sample = run_once(guest)
            if iteration >= warmup:
                samples[guest.key].append(sample)
        print(f"bench/boot: ({keys}) run {iteration + 1}/{warmup + runs}"
              f"{' (warm-up)' if iteration < warmup else ''}", flush=True)
    return samples
