"""(a) The floor: bench/boot/floor/floor.S, a PVH stub that only writes the exit port."""

import os
import subprocess

SOURCE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "floor")

# isa-debug-exit turns the stub's write of 0 into QEMU exit status (0 << 1) | 1.
EXPECTED_STATUS = 1


def build(cache_dir):
    """Assembles and links the stub into CACHE_DIR/floor/floor.elf; returns its path."""
    out_dir = os.path.join(cache_dir, "floor")
    os.makedirs(out_dir, exist_ok=True)
    obj = os.path.join(out_dir, "floor.o")
    elf = os.path.join(out_dir, "floor.elf")
    include_dir = os.path.join(SOURCE_DIR, "..", "..", "..", "include")
    subprocess.run(["clang", "--target=x86_64-none-elf", "-I", include_dir, "-c",
                    os.path.join(SOURCE_DIR, "floor.S"), "-o", obj], check=True)
    subprocess.run(["ld.lld", "--build-id=none", "-z", "max-page-size=4096",
                    "-T", os.path.join(SOURCE_DIR, "floor.ld"), obj, "-o", elf], check=True)
    return elf
