"""The exit codes of every cklod command, in one place (docs/errors.md explains each to users)."""

from __future__ import annotations

from enum import IntEnum

ERRORS_DOC = "docs/errors.md"


class Exit(IntEnum):
    OK = 0
    INVALID = 1  # the graph violates the shapes (or, for diff, the builds differ)
    BAD_INPUT = 2  # a source file, a command-line value or a missing build: the user can fix it
    STORE = 3  # a triple store or endpoint that cannot be reached, times out, or answers nonsense
    INTERNAL = 4  # a fault in cklod itself: the last-resort handler's one line, --debug shows the traceback
    INTERRUPTED = (
        130  # Ctrl-C (SIGINT), as shells report it; click's own code for it, 1, means violations here
    )
