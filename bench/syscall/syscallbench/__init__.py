"""bench/syscall: getpid and 4 KiB sealed-file reads in ConfWL against bench/boot's Linux guest."""
