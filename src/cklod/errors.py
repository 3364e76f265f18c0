"""Input problems, reported as one line each: ``file:line: problem``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    message: str
    warning: bool = False  # worth a look, but nothing stops the build

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class BadInput(Exception):
    """Raised when sources cannot be turned into a graph; carries every problem found."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = sorted(set(problems))
        self.warnings = sorted(set(warnings or []))  # found on the way; `cklod check` shows them too
        super().__init__("\n".join(str(p) for p in self.problems))


class Collector:
    """Gathers problems so one run reports all of them, not just the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.silent = 0  # problems already reported under another name (a broken registry entry)

    def add_silent(self) -> None:
        self.silent += 1

    def add(self, file: str, line: int, message: str) -> None:
        self.problems.append(Problem(file, line, message))

    def warn(self, file: str, line: int, message: str) -> None:
        self.warnings.append(Problem(file, line, message, warning=True))

    def extend(self, found: list[Problem]) -> None:
        """Take problems found elsewhere (a worker process), warnings and errors each to their list."""
        for problem in found:
            (self.warnings if problem.warning else self.problems).append(problem)

    def raise_if_any(self) -> None:
        if self.problems:
            raise BadInput(self.problems, self.warnings)
