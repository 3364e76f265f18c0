"""Reading a source file as the user's editor and disk left it: every way it can fail is one Problem."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import pyoxigraph as ox

from cklod.errors import BadInput, Problem


def _why_unreadable(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: the link points back to itself"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return f"dangling symbolic link: its target {os.readlink(path)} does not exist"
    if exc.errno == errno.ENOENT:
        return "missing: the file was removed or renamed while cklod ran"
    if exc.errno == errno.EISDIR or path.is_dir():
        return "is a folder, not a file: rename or remove it"
    if exc.errno == errno.EACCES:
        return "cannot be read: permission denied"
    return f"cannot be read: {exc.strerror or exc}"


def read_bytes(path: Path, file: str, limit: int | None = None) -> bytes:
    """The bytes of ``path`` (shown to users as ``file``), at most ``limit`` of them; BadInput otherwise."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory")
        if not stat.S_ISREG(mode):
            # reading a pipe or a terminal would wait forever, a device may never end
            raise BadInput(
                [Problem(file, 1, "not a regular file (a pipe, socket or device): replace it by a file")]
            )
        with path.open("rb") as f:
            data = f.read() if limit is None else f.read(limit + 1)
    except OSError as exc:
        raise BadInput([Problem(file, 1, _why_unreadable(path, exc))]) from None
    if limit is not None and len(data) > limit:
        size = f"{limit // (1024 * 1024)} MiB"
        raise BadInput([Problem(file, 1, f"larger than {size}: split it into smaller files")])
    return data


def decode_utf8(data: bytes, file: str) -> str:
    """``data`` as UTF-8 text; BadInput naming the line of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BadInput(
            [Problem(file, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x}): save the file as UTF-8")]
        ) from None


_OXIGRAPH_POSITION = re.compile(r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): ")


def turtle_problems(path: Path, file: str) -> list[Problem]:
    """What keeps ``path`` from being read as Turtle (ontology/, shapes/), as Problems at their lines."""
    try:
        data = read_bytes(path, file)
        decode_utf8(data, file)
    except BadInput as exc:
        return exc.problems
    try:
        for _ in ox.parse(data, format=ox.RdfFormat.TURTLE):
            pass
    except SyntaxError as exc:
        message = _OXIGRAPH_POSITION.sub("", exc.msg)
        return [Problem(file, exc.lineno or 1, f"Turtle syntax error: {message}")]
    return []
