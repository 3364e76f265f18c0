"""output/ replaced in one step: a build fills a staging folder beside it, then swaps it in whole, or removes it.

Readers never see half a folder: the swap is one renameat2(RENAME_EXCHANGE) on Linux (two renames elsewhere).
SIGINT is held off while the swap and the clean-up run, so an interrupted build leaves the old output/ or the
new one, and the Interrupted it raises says which. Staging folders left by builds killed harder (SIGKILL, a
crash) are removed by the next build into the same place. An output path the build could not replace (a file,
a folder it cannot write) is refused before anything is written.
"""

from __future__ import annotations

import ctypes
import glob
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from cklod.errors import BadInput, Problem
from cklod.scratch import alive

if TYPE_CHECKING:  # multiprocessing.pool costs the CLI's start-up ~15 ms; only the build needs it
    from multiprocessing.pool import Pool


class Interrupted(KeyboardInterrupt):
    """SIGINT (Ctrl-C) stopped a build; ``published`` says whether output/ holds the new build or the old."""

    def __init__(self, out: Path, published: bool):
        super().__init__(out, published)
        self.out, self.published = out, published

    def __str__(self) -> str:
        if self.published:
            return f"interrupted: {self.out} holds the new build (it was published before the interrupt)"
        return f"interrupted: {self.out} is left as it was (the new build was not published)"


class Output:
    """The folder a build replaces: ``with Output(path).staged() as folder: <fill folder>``."""

    def __init__(self, path: Path):
        self.shown = Path(path)  # as the user gave it, for messages
        self.path = self.shown.resolve()
        self.published = False
        check_output(self.shown)

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        """Ctrl-C (KeyboardInterrupt) inside becomes Interrupted, which says whether the new build was published
        just before."""
        try:
            yield
        except KeyboardInterrupt:
            raise Interrupted(self.shown, self.published) from None

    @contextmanager
    def staged(self) -> Iterator[Path]:
        """A staging folder beside output/; on normal exit it replaces output/ in one step, on an exception it
        is removed and output/ is left exactly as it was. Creating, swapping and removing hold SIGINT until they
        are done, and a SIGINT landing anywhere else leads to the clean-up below: no staging folder is left."""
        out = self.path
        remove_stale(out)
        staging: Path | None = None
        try:
            with _interrupts_held():
                staging = self._make_staging()
            yield staging
            with _interrupts_held():
                old = _swap(staging, out)
                self.published = True
                if old is not None:
                    shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            if not self.published and staging is not None:
                with _interrupts_held():
                    shutil.rmtree(staging, ignore_errors=True)
            raise

    def _make_staging(self) -> Path:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return Path(
                tempfile.mkdtemp(prefix=f".{self.path.name}.new-{os.getpid()}-", dir=self.path.parent)
            )
        except OSError as exc:
            raise BadInput([Problem(str(self.shown.parent), 0, _cannot_write(exc))]) from None


def publish_folder(files: dict[str, bytes], out: Path) -> None:
    """Replace ``out`` with a folder holding ``files`` (path under the folder -> bytes), atomically."""
    target = Output(out)
    with target.interruptible(), target.staged() as staging:
        for name, data in sorted(files.items()):
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def check_output(out: Path) -> None:
    """Raise BadInput when ``out`` is something a build cannot replace; nothing is written."""
    if out.is_symlink() and not out.exists():
        raise BadInput([Problem(str(out), 0, "is a dangling symbolic link; refusing to build into it")])
    if out.exists() and not out.is_dir():
        raise BadInput(
            [
                Problem(
                    str(out), 0, "is not a folder; refusing to replace it (move it away or build elsewhere)"
                )
            ]
        )
    parent = out.resolve().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise BadInput([Problem(str(parent), 0, "is not a folder; cannot build inside it")])
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BadInput([Problem(str(parent), 0, "cannot write here (permission denied)")])
    if out.exists():
        for folder, _, _ in os.walk(out):
            if not os.access(folder, os.W_OK | os.X_OK):
                if Path(folder) == out:
                    problem = Problem(
                        str(out), 0, "cannot be replaced: the folder is not writable (permission denied)"
                    )
                else:
                    problem = Problem(
                        folder, 0, f"not writable (permission denied), so {out} cannot be replaced"
                    )
                raise BadInput([problem])


def remove_stale(out: Path) -> None:
    """Remove staging folders (and set-aside old folders) that builds into ``out`` left when killed."""
    pattern = f".{glob.escape(out.name)}.*-*"
    for path in out.parent.glob(pattern):
        kind, _, rest = path.name[len(out.name) + 2 :].partition("-")
        if kind not in ("new", "old") or not path.is_dir() or path.is_symlink():
            continue
        pid = rest.split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and alive(int(pid)):
            continue  # another build is filling it right now
        shutil.rmtree(path, ignore_errors=True)


def _cannot_write(exc: OSError) -> str:
    return f"cannot write here ({(exc.strerror or str(exc)).lower()})"


def _swap(staging: Path, out: Path) -> Path | None:
    """Put ``staging`` in the place of ``out``; the path left to remove (the old output/), if any."""
    if not out.exists():
        staging.rename(out)
        return None
    if _exchange(staging, out):
        return staging
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    out.rename(old)
    staging.rename(out)
    return old


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return rc == 0


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """SIGINT is noted, not raised, inside the block, and raised at its end: a swap is never cut in half. (A
    handler, not a signal mask: any thread may receive the signal, only the main thread's handler acts on it.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[tuple] = []
    previous = signal.signal(signal.SIGINT, lambda *received: caught.append(received))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught and callable(previous):
            previous(*caught[0])
        elif caught and previous == signal.SIG_DFL:
            raise KeyboardInterrupt


@contextmanager
def started_pool(make: Callable[[], Pool]) -> Iterator[Pool]:
    """A process pool made with SIGINT held, and terminated when the block ends: an interrupt while its workers
    are being started is raised once the pool is whole, so a half-made pool's clean-up never runs (once, in
    the SIGINT test, an interrupt right after the map stage ended the build with 'OSError: Bad file
    descriptor' instead of exit 130)."""
    with ExitStack() as stack:
        with _interrupts_held():
            pool = stack.enter_context(make())
        yield pool
