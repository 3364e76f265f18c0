"""Scratch folders in the system's temporary folder, each named after the process that made it, so that what a
build killed hard left behind (SIGKILL, the out-of-memory killer: no clean-up of its own ran) is removed by the
next process that makes a folder of the same kind. At 30,000 documents one build's graphs take gigabytes."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def alive(pid: int) -> bool:
    """Whether a process with this id runs (one of another user's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_orphans(kind: str, parent: Path) -> None:
    """Remove the ``kind`` folders in ``parent`` whose process has ended."""
    prefix = f"cklod-{kind}-"
    for path in parent.glob(f"{prefix}*-*"):
        pid = path.name[len(prefix) :].split("-", 1)[0]
        if pid.isdigit() and not alive(int(pid)) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def scratch_folder(kind: str, parent: Path | None = None) -> Path:
    """A new folder ``cklod-<kind>-<pid>-…`` in ``parent`` (the system's temporary folder by default); the
    caller removes it."""
    parent = Path(parent or tempfile.gettempdir())
    remove_orphans(kind, parent)
    return Path(tempfile.mkdtemp(prefix=f"cklod-{kind}-{os.getpid()}-", dir=parent))


@contextmanager
def scratch(kind: str) -> Iterator[Path]:
    """A scratch folder for the ``with`` block, removed after it."""
    path = scratch_folder(kind)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
