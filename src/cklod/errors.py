"""Input problems, reported as one line each: ``file:line: problem``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 0: the problem is with the file (or folder) as a whole, not one of its lines
    message: str
    warning: bool = False  # worth a look, but nothing stops the build

    def __str__(self) -> str:
        where = self.file if self.line == 0 else f"{self.file}:{self.line}"
        return f"{where}: {one_line(self.message)}"


MAX_MESSAGE = 400


def one_line(message: str) -> str:
    """``message`` as one readable line: a value quoted in it may hold line breaks or run to megabytes."""
    flat = message.replace("\r", "\\r").replace("\n", "\\n")
    return flat if len(flat) <= MAX_MESSAGE else flat[: MAX_MESSAGE - 3] + "..."


class BadInput(Exception):
    """Raised when sources cannot be turned into a graph; carries every problem found."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = sorted(set(problems))
        self.warnings = sorted(set(warnings or []))  # found on the way; `cklod check` shows them too
        super().__init__("\n".join(str(p) for p in self.problems))


MAX_PROBLEMS = 200  # per document (the problems of one Collector)


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
        if len(self.problems) >= MAX_PROBLEMS:
            # each problem costs a search for the closest name; a file of 40,000 broken references took minutes
            stop = f"stopped after {MAX_PROBLEMS} problems: fix these and run again"
            raise BadInput([*self.problems, Problem(file, line, stop)])

    def warn(self, file: str, line: int, message: str) -> None:
        self.warnings.append(Problem(file, line, message, warning=True))

    def extend(self, found: list[Problem]) -> None:
        """Take problems found elsewhere (a worker process), warnings and errors each to their list."""
        for problem in found:
            (self.warnings if problem.warning else self.problems).append(problem)

    def raise_if_any(self) -> None:
        if self.problems:
            raise BadInput(self.problems, self.warnings)
