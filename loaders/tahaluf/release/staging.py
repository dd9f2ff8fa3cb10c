"""Atomic rewrites of a release folder: build in a staging copy, then swap it in.

:func:`staged` copies the release into a hidden sibling folder, lets the caller write there, and
only when everything succeeded swaps the two folders (one ``renameat2(RENAME_EXCHANGE)`` call on
Linux, else two renames); the previous release stays valid when a build stops at any point before
the swap, and a failed build leaves nothing behind.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one system call (Linux ``renameat2``); False when the platform cannot."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        renameat2 = ctypes.CDLL(name, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def swap_in(staging: Path, release: Path) -> Path:
    """Put ``staging`` where ``release`` is; returns the folder now holding the previous release."""
    if _exchange(staging, release):
        return staging
    previous = Path(tempfile.mkdtemp(prefix=f".{release.name}.previous-", dir=release.parent))
    previous.rmdir()
    os.replace(release, previous)
    os.replace(staging, release)
    return previous


@contextmanager
def staged(release: Path) -> Iterator[Path]:
    """Yield a staging copy of ``release`` to write into; on success it replaces the release, on error it is removed."""
    release = release.resolve()
    if not release.is_dir():
        raise FileNotFoundError(f"release folder {release} does not exist")
    staging = Path(tempfile.mkdtemp(prefix=f".{release.name}.staging-", dir=release.parent))
    try:
        shutil.copytree(release, staging, dirs_exist_ok=True, symlinks=True)
        shutil.copystat(release, staging)
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = swap_in(staging, release)
    shutil.rmtree(previous, ignore_errors=True)
