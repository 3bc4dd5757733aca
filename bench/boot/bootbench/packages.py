"""Debian packages the benchmark needs, installed only when missing (apt is the only network)."""

import os
import re
import shutil
import subprocess

from . import BenchError

# Tool -> package: QEMU itself, the clang/lld/musl toolchain for the stub and the
# static hello, GNU time for peak RSS.
REQUIRED_PACKAGES = (
    "qemu-system-x86",
    "clang",
    "lld",
    "musl-dev",
    "libclang-rt-14-dev",
    "time",
)

_CLOUD_KERNEL = re.compile(r"^linux-image-6\.1\.0-(\d+)-cloud-amd64$")


def _as_root(argv):
    if os.geteuid() == 0:
        return argv
    if shutil.which("sudo"):
        return ["sudo", *argv]
    raise BenchError(f"'{' '.join(argv)}' needs root and sudo is not installed")


def _is_installed(package):
    query = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package],
        capture_output=True, text=True, check=False)
    return query.returncode == 0 and query.stdout.strip() == "install ok installed"


def _apt_update():
    subprocess.run(_as_root(["apt-get", "update"]), check=True)


def ensure_installed(packages=REQUIRED_PACKAGES):
    """Installs the packages that dpkg does not report as installed; no-op otherwise."""
    missing = [p for p in packages if not _is_installed(p)]
    if not missing:
        return
    print(f"bench/boot: installing {' '.join(missing)}")
    install = _as_root(["apt-get", "install", "-y", "--no-install-recommends", *missing])
    if subprocess.run(install, check=False).returncode != 0:
        _apt_update()
        subprocess.run(install, check=True)


def _cloud_kernels():
    search = subprocess.run(
        ["apt-cache", "search", "--names-only", r"^linux-image-6\.1\.0-[0-9]+-cloud-amd64$"],
        capture_output=True, text=True, check=True)
    names = (line.split(" ", 1)[0] for line in search.stdout.splitlines())
    return [name for name in names if _CLOUD_KERNEL.match(name)]


def newest_cloud_kernel():
    """The highest-ABI linux-image-6.1.0-N-cloud-amd64 apt knows about."""
    kernels = _cloud_kernels()
    if not kernels:
        _apt_update()
        kernels = _cloud_kernels()
    if not kernels:
        raise BenchError("apt-cache finds no linux-image-6.1.0-*-cloud-amd64 package")
    return max(kernels, key=lambda name: int(_CLOUD_KERNEL.match(name).group(1)))


def download(package, directory):
    """apt-get download PACKAGE into DIRECTORY; returns the .deb path."""
    os.makedirs(directory, exist_ok=True)
    # As root, apt drops to the _apt user, which cannot write into a root-owned cache.
    sandbox = ["-o", "APT::Sandbox::User=root"] if os.geteuid() == 0 else []
    subprocess.run(["apt-get", *sandbox, "download", package], cwd=directory, check=True)
    debs = sorted(f for f in os.listdir(directory) if f.startswith(package + "_") and f.endswith(".deb"))
    if not debs:
        raise BenchError(f"apt-get download {package} left no .deb in {directory}")
    return os.path.join(directory, debs[-1])
