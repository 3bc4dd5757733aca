#!/bin/busybox sh
# Sealed with an exec bit but not an ELF: execve refuses it (EACCES), scripts do not run.
echo "not reached"
