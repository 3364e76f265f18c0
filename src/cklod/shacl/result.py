"""One validation result, whichever engine found it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Result:
    """One validation result, in the terms of sh:ValidationResult."""

    focus: str
    path: str
    value: str
    message: str
    severity: str
    shape: str
    component: str

    def key(self) -> tuple[str, str, str, str, str]:
        """What makes two results the same violation, whichever engine found it."""
        return (self.focus, self.path, self.value, self.severity, self.shape)
