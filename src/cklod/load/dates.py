"""Dates at their true precision: day, month or year."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cklod.rdf.iris import XSD

# ASCII digits and fullmatch: "2025\n" or "٢٠٢٥" would pass \d and $, and become invalid xsd:gYear literals.
_FORMS = (
    (re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})"), "day", XSD + "date"),
    (re.compile(r"([0-9]{4})-([0-9]{2})"), "month", XSD + "gYearMonth"),
    (re.compile(r"([0-9]{4})"), "year", XSD + "gYear"),
)


@dataclass(frozen=True)
class Date:
    value: str
    precision: str
    datatype: str


def parse_date(text: object) -> Date:
    """Parse 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'; raise ValueError with a plain reason otherwise."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        raise ValueError(f"a date must be a string like '2023-11-06', '2023-11' or '2023', not {text!r}")
    for pattern, precision, datatype in _FORMS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        parts = [int(p) for p in match.groups()]
        try:
            dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError as exc:
            raise ValueError(f"'{text}' is not a real date ({exc})") from None
        return Date(text, precision, datatype)
    raise ValueError(f"bad date '{text}': write 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'")
