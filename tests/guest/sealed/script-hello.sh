#!/bin/busybox sh
# A sealed #! script run by the sealed busybox (tests/guest/scripts.c).
echo "script: $0 $*"
echo "exe: $(readlink /proc/self/exe)"
