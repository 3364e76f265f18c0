"""External sorting of text records: sorted runs on disk, merged, so what is sorted need not fit in memory.

Records are lines of text (each ending in "\\n"); chunks of them are sorted in memory (Python's sort of str, in
C), written to a folder as runs, and merged with heapq.merge. Chunks of ~64 million characters keep the build's
memory to about that much text at a time, whatever the corpus's size.
"""

from __future__ import annotations

import heapq
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

CHUNK = 64 << 20  # characters of records sorted in memory at a time
FAN_IN = 512  # runs merged at once (each an open file): the runs of ~250 million records


def external_sort(records: Iterable[str], folder: Path, chunk: int | None = None) -> Iterator[str]:
    """``records`` in sorted order (duplicates kept), sorted in runs of ``chunk`` characters (CHUNK) written
    under ``folder``. The runs are removed as the merge ends; a source of less than ``chunk`` is sorted in
    memory."""
    records = iter(records)
    first, more = _chunk(records, chunk or CHUNK)
    if not more:
        yield from first
        return
    with tempfile.TemporaryDirectory(dir=folder, prefix="runs-") as tmp:
        runs = [_write_run(Path(tmp), 0, first)]
        del first
        while more:
            batch, more = _chunk(records, chunk or CHUNK)
            if batch:
                runs.append(_write_run(Path(tmp), len(runs), batch))
            del batch
        while len(runs) > FAN_IN:  # a merge pass: groups of runs into longer runs
            runs = [
                _write_run(Path(tmp), f"m{len(runs)}-{n}", _merge(runs[i : i + FAN_IN]))
                for n, i in enumerate(range(0, len(runs), FAN_IN))
            ]
        yield from _merge(runs)


def _chunk(records: Iterator[str], size: int) -> tuple[list[str], bool]:
    """The next records up to ``size`` characters, sorted; and whether there may be more."""
    batch: list[str] = []
    length = 0
    for record in records:
        batch.append(record)
        length += len(record)
        if length >= size:
            batch.sort()
            return batch, True
    batch.sort()
    return batch, False


def _write_run(folder: Path, name: object, records: Iterable[str]) -> Path:
    path = folder / f"{name}.run"
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.writelines(records)
    return path


def _merge(runs: list[Path]) -> Iterator[str]:
    with ExitStack() as stack:
        files = [stack.enter_context(path.open(encoding="utf-8", newline="\n")) for path in runs]
        yield from heapq.merge(*files)
    for path in runs:
        path.unlink(missing_ok=True)
