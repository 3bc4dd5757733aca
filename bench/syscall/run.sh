#!/bin/sh
# Syscall cost benchmark: getpid and 4 KiB sealed-file reads in a loop, sealed in ConfWL vs the
# same static binary under bench/boot's Debian Linux guest. See bench/README.md; `--help`.
set -e
here=$(cd "$(dirname "$0")" && pwd)
BOOTBENCH_ARGV0="$0" PYTHONPATH="$here:$here/../boot${PYTHONPATH:+:$PYTHONPATH}" exec python3 -B -m syscallbench "$@"
