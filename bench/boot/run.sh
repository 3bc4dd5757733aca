#!/bin/sh
# Boot-to-exit benchmark: the PVH floor, a stock Debian Linux guest and sealed
# hello under `confwl run`. See bench/README.md; `run.sh --help` for options.
set -e
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v python3 >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y python3-minimal; else sudo apt-get install -y python3-minimal; fi
fi
BOOTBENCH_ARGV0="$0" PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" exec python3 -B -m bootbench "$@"
