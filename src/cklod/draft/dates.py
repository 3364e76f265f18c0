"""Date expressions of news English, resolved with dateparser; yearless and relative ones against the
publication date, and marked as inferred with the expression as printed."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from cklod.draft.lexicon import NUMBER_WORDS

_MON = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_ABBREVIATED = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())  # noqa: SIM905
_D = r"(\d{1,2})(?:st|nd|rd|th)?"
_Y = r"((?:19|20)\d\d)"
_TO = r"\s*(?:-|–|—|to|and)\s*"

# (pattern, form) — tried in this order; a later pattern never takes text an earlier one took.
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(_Y + r"-(\d\d)-(\d\d)"), "iso"),
    (re.compile(rf"(?:from )?({_MON}) {_D}{_TO}({_MON}) {_D}(?:,? {_Y})?"), "range2"),
    (re.compile(rf"(?:from )?({_MON}) {_D}{_TO}{_D}(?:,? {_Y})?"), "range1"),
    (re.compile(rf"({_MON}) {_D},? {_Y}"), "mdy"),
    (re.compile(rf"{_D} ({_MON}),? {_Y}"), "dmy"),
    (re.compile(rf"({_MON}),? {_Y}"), "my"),
    (
        re.compile(rf"(?:[Ii]n |[Ll]ast |[Tt]his |[Ee]arly |[Ll]ate |[Mm]id-)({_MON}) (last|this|next) year"),
        "mrel",
    ),
    (re.compile(rf"({_MON}) {_D}\b"), "md"),
    (
        re.compile(rf"(?:[Ii]n|[Ll]ast|[Tt]his|[Ss]ince|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id-) ?({_MON})(?![\w.])"),
        "m",
    ),
    (
        re.compile(
            r"(\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r") (years?|months?) ago"
        ),
        "ago",
    ),
    (re.compile(r"(?:[Tt]his|[Ll]ast|[Nn]ext) year"), "yrel"),
    (
        re.compile(
            r"(?:[Ii]n|[Ss]ince|[Bb]y|[Ff]rom|[Uu]ntil|[Oo]f|[Tt]o|[Dd]uring|[Bb]efore|[Aa]fter) "
            + _Y
            + r"\b"
        ),
        "y",
    ),
]


@dataclass(frozen=True)
class DateExpr:
    start: int
    end: int
    text: str
    date: str | None = None
    first: str | None = None
    last: str | None = None
    inferred: bool = False

    @property
    def value(self) -> dict[str, str]:
        out = {"date": self.date} if self.date else {"start": self.first or "", "end": self.last or ""}
        if self.inferred:
            out["inferred"] = self.text
        return out


def _parse(expr: str, base: dt.datetime, prefer: str = "current_period") -> dt.datetime | None:
    import dateparser

    return dateparser.parse(
        expr, languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer}
    )


def base_of(published: str | None) -> dt.datetime | None:
    """The latest day the publication date allows (a year-precise date resolves "31 years ago" from its end)."""
    if not published:
        return None
    parts = [int(p) for p in published.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return dt.datetime(year, month, day)


def _month(name: str) -> int:
    return dt.datetime.strptime(name.rstrip(".")[:3].title(), "%b").month


def find_dates(text: str, published: str | None) -> list[DateExpr]:
    """Every date expression in ``text`` with its resolved value; relative ones only with a publication date."""
    base = base_of(published)
    taken: list[tuple[int, int]] = []
    found: list[DateExpr] = []
    for pattern, form in PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and m.end() > s for s, e in taken):
                continue
            expr = _resolve(m, form, base)
            if expr is not None:
                taken.append((m.start(), m.end()))
                found.append(expr)
    return sorted(found, key=lambda d: d.start)


def _resolve(m: re.Match[str], form: str, base: dt.datetime | None) -> DateExpr | None:
    g, s, e, t = m.groups(), m.start(), m.end(), m.group(0)
    if form == "iso":
        return DateExpr(s, e, t, f"{g[0]}-{g[1]}-{g[2]}")
    if form in ("mdy", "dmy"):
        mon, day, year = (g[0], g[1], g[2]) if form == "mdy" else (g[1], g[0], g[2])
        return DateExpr(s, e, t, f"{year}-{_month(mon):02d}-{int(day):02d}")
    if form == "my":
        return DateExpr(s, e, t, f"{g[1]}-{_month(g[0]):02d}")
    if form in ("range1", "range2"):
        m1, d1 = _month(g[0]), int(g[1])
        m2, d2 = (_month(g[2]), int(g[3])) if form == "range2" else (m1, int(g[2]))
        year = g[-1]
        if year is None:
            if base is None:
                return None
            first = _parse(f"{g[0]} {d1}", base)
            if first is None:
                return None
            year = str(first.year)
        return DateExpr(
            s, e, t, None, f"{year}-{m1:02d}-{d1:02d}", f"{year}-{m2:02d}-{d2:02d}", g[-1] is None
        )
    if base is None:
        return None
    if form == "md":
        day = _parse(f"{g[0]} {g[1]}", base)
        return DateExpr(s, e, t, day.strftime("%Y-%m-%d"), inferred=True) if day else None
    if form == "m":
        if t.endswith(".") and g[0].rstrip(".") not in _ABBREVIATED:
            t, e = t[:-1], e - 1  # "in July." ends the sentence; "in Sept." is abbreviated
        month = _parse(g[0], base, "past" if t[:4].lower() in ("last", "sinc") else "current_period")
        return DateExpr(s, e, t, month.strftime("%Y-%m"), inferred=True) if month else None
    if form == "mrel":
        year = base.year + {"last": -1, "this": 0, "next": 1}[g[1]]
        return DateExpr(s, e, t, f"{year}-{_month(g[0]):02d}", inferred=True)
    if form == "yrel":
        year = base.year + {"last": -1, "this": 0, "next": 1}[t.split()[0].lower()]
        return DateExpr(s, e, t, str(year), inferred=True)
    if form == "ago":
        n = g[0] if g[0].isdigit() else str(NUMBER_WORDS[g[0]])
        when = _parse(f"{n} {g[1]} ago", base)
        if when is None:
            return None
        return DateExpr(s, e, t, when.strftime("%Y" if g[1].startswith("year") else "%Y-%m"), inferred=True)
    if form == "y":
        return DateExpr(s + len(t) - 4, e, g[0], g[0])
    return None
