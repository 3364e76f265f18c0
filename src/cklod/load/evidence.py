"""Finding a quote in its document: offsets, prefix and suffix are computed, never typed."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

CONTEXT = 32  # characters of prefix/suffix kept in a TextQuoteSelector


@dataclass(frozen=True)
class Span:
    """A located quote: [start, end) in Unicode code points of the document text."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    line: int


def _occurrences(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts


def locate(
    text: str,
    quote: str,
    *,
    within: str | None = None,
    nth: int | None = None,
    starts: list[int] | None = None,
) -> Span:
    """Locate ``quote`` exactly once in ``text``; raise ValueError saying why it cannot be located."""
    if not quote:
        raise ValueError("empty quote")
    offset = 0
    haystack = text
    if within is not None:
        hits = _occurrences(text, within)
        if not hits:
            raise ValueError(f"'within' passage not found in the document: {_short(within)}")
        if len(hits) > 1:
            raise ValueError(f"'within' passage occurs {len(hits)} times: {_short(within)}")
        offset, haystack = hits[0], within
    hits = _occurrences(haystack, quote)
    if not hits:
        where = "the 'within' passage" if within is not None else "the document"
        raise ValueError(f"quote not found in {where}: {_short(quote)}")
    if nth is not None:
        if not 1 <= nth <= len(hits):
            raise ValueError(f"nth={nth} but the quote occurs {len(hits)} time(s): {_short(quote)}")
        at = hits[nth - 1]
    elif len(hits) > 1:
        raise ValueError(
            f"quote occurs {len(hits)} times; add 'within:' or 'nth:' to say which: {_short(quote)}"
        )
    else:
        at = hits[0]
    start = offset + at
    end = start + len(quote)
    starts = starts if starts is not None else line_starts(text)
    return Span(
        start=start,
        end=end,
        exact=quote,
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
        line=bisect_right(starts, start),
    )


def _short(s: str, n: int = 70) -> str:
    s = " ".join(s.split())
    return repr(s if len(s) <= n else s[: n - 1] + "…")
