"""Progress of a build, on stderr: each stage's wall time, and a rich progress bar for long stages.

Stages call ``progress(stage, done, total)`` as they work through documents (load, validate). BuildProgress
draws nothing for builds shorter than ``delay`` seconds, so small builds print only their stage times.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

Progress = Callable[[str, int, int], None]


@dataclass
class StageTimer:
    """Wall time of each stage, reported on stderr by the CLI."""

    report: Callable[[str, float], None] | None = None
    times: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.times[name] = time.perf_counter() - start
        if self.report:
            self.report(name, self.times[name])


class BuildProgress:
    """``with BuildProgress(enabled=not quiet) as progress: build(..., progress=progress)``."""

    def __init__(self, enabled: bool = True, delay: float = 2.0):
        self.enabled, self.delay = enabled, delay
        self.started = time.monotonic()
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> BuildProgress:
        self.started = time.monotonic()
        return self

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or (self.bar is None and time.monotonic() - self.started < self.delay):
            return
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            columns = (
                TextColumn("{task.description:>9}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
            )
            self.bar = Progress(*columns, console=Console(stderr=True), transient=True)
            self.bar.start()
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(stage, total=total)
        self.bar.update(self.tasks[stage], completed=done, total=total)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.stop()
