"""What a new document's sidecar can say from its text alone: title, printed date, boilerplate lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from cklod.draft.dates import find_dates

_KINDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "footer",
        re.compile(
            r"^(?:copyright|©|tel\b|tel:|e-?mail|add:|address:|all rights reserved|"
            r"follow us|share this|print)",
            re.I,
        ),
    ),
    ("footer", re.compile(r"all rights reserved", re.I)),
    (
        "byline",
        re.compile(
            r"^(?:by |author\s*:|editor\s*:|source\s*:|reporter\s*:|written by|photo:|"
            r"\(?(?:editor|author)s?\s*:)",
            re.I,
        ),
    ),
    ("byline", re.compile(r"\b(?:Author|Editor|Source)\s*:\S?")),
    ("dateline", re.compile(r"^(?:release time|published|updated|posted)\s*:", re.I)),
    ("dateline", re.compile(r"^(?:\d{4}-\d\d-\d\d|\w+ \d{1,2}, \d{4})(?: \d\d?:\d\d(?: ?[AP]M)?)?$")),
    (
        "other",
        re.compile(
            r"^(?:related|read more|see also|recommended|more on|related story|related stories)\b", re.I
        ),
    ),
    ("navigation", re.compile(r"^(?:[•|>»]|home\s*>|home$)|^[A-Z]{2,}(?:\s*>\s*[A-Z].*)+$|^\S{1,12}$")),
]


@dataclass
class SidecarDraft:
    title: str | None
    date: str | None = None
    date_quote: str | None = None
    boilerplate: list[tuple[int, int, str]] = field(default_factory=list)  # (first line, last line, kind)


def boilerplate_lines(text: str) -> dict[int, str]:
    """1-based line numbers that look like page furniture, with their kind."""
    lines = text.split("\n")
    found: dict[int, str] = {}
    seen: dict[str, int] = {}
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if not s:
            continue
        for kind, pattern in _KINDS:
            if pattern.search(s):
                found[n] = kind
                break
        else:
            # a headline printed again (after the article, or after a dateline: "Astana, July 1 (Xinhua) -- …")
            body = re.sub(r"^.{0,60}?\) --? ", "", s)
            again = [m for earlier, m in seen.items() if fuzz.ratio(body, earlier) >= 90]
            if len(body.split()) > 3 and again:
                found[n] = "title"
                if again[0] != min(seen.values()):
                    found[again[0]] = "title"  # printed twice below the article, not as its headline
            seen.setdefault(s.split(" | ", 1)[-1], n)
    return found


def _ranges(found: dict[int, str], lines: list[str]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for n in sorted(found):
        kind = found[n]
        if out and out[-1][2] == kind and all(not lines[k - 1].strip() for k in range(out[-1][1] + 1, n)):
            out[-1] = (out[-1][0], n, kind)
        else:
            out.append((n, n, kind))
    return out


def draft_sidecar(text: str) -> SidecarDraft:
    lines = text.split("\n")
    found = boilerplate_lines(text)
    title = None
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if s and n not in found and len(s) <= 250:
            title = s.split(" | ", 1)[-1] if " | " in s else s
            break
    sidecar = SidecarDraft(title=title, boilerplate=_ranges(found, lines))
    # a date printed in the page head or a byline/dateline line: the publication date as printed
    for n, line in enumerate(lines[:15], 1):
        if not line.strip() or (len(line) > 160 and n not in found):
            continue
        days = [d for d in find_dates(line, None) if d.date and len(d.date) == 10]
        if days:
            sidecar.date, sidecar.date_quote = days[0].date, days[0].text
            break
    return sidecar


def skip_ranges(text: str, lines: list[int]) -> list[tuple[int, int]]:
    """Character ranges of the given 1-based lines."""
    starts = [0]
    starts += [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    out = []
    for n in lines:
        a = starts[n - 1]
        b = starts[n] - 1 if n < len(starts) else len(text)
        out.append((a, b))
    return out
