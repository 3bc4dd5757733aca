"""Boot-to-exit benchmark of ConfWL against the PVH floor and a Linux guest."""


class BenchError(Exception):
    """A failure the benchmark reports as `bench/boot: <message>` and exit status 1."""
