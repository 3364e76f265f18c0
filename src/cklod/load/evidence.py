"""Finding a quote in its document: offsets, prefix and suffix are computed, never typed."""

from __future__ import annotations

import difflib
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from rapidfuzz import fuzz

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


def occurrences(text: str, needle: str) -> list[int]:
    """Where ``needle`` starts in ``text``, overlapping occurrences included."""
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
        hits = occurrences(text, within)
        if not hits:
            raise ValueError(f"'within' passage not found in the document: {_short(within)}")
        if len(hits) > 1:
            raise ValueError(f"'within' passage occurs {len(hits)} times: {_short(within)}")
        offset, haystack = hits[0], within
    hits = occurrences(haystack, quote)
    starts = starts if starts is not None else line_starts(text)
    if not hits:
        where = "the 'within' passage" if within is not None else "the document"
        hint = nearest(haystack, quote, offset, starts)
        raise ValueError(f"quote not found in {where}: {_short(quote)}" + (f"; {hint}" if hint else ""))
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


SIMILAR = 70  # rapidfuzz's partial ratio (0-100) above which a passage is worth showing as the one meant


def nearest(haystack: str, quote: str, offset: int = 0, starts: list[int] | None = None) -> str | None:
    """Where the document has a passage like ``quote``, and the first character where the two part, shown so
    that the invisible differences (’ for ', a line break for a space, a double space) can be seen."""
    found = fuzz.partial_ratio_alignment(quote, haystack)
    if found is None or found.score < SIMILAR:
        return None
    # The alignment covers the quote's best-matching stretch: widen it to the whole quote and a margin, and
    # let difflib line the quote up with it (text before or after the quote in that region is no difference).
    a = max(0, found.dest_start - found.src_start - 20)
    region = haystack[a : found.dest_end + (len(quote) - found.src_end) + 20]
    ops = difflib.SequenceMatcher(None, quote, region, autojunk=False).get_opcodes()
    inner = [op for op in ops if op[0] != "equal" and not (op[0] == "insert" and op[1] in (0, len(quote)))]
    if not inner:  # only possible when the quote differs by what the alignment cut off
        return None
    tag, i1, i2, j1, j2 = inner[0]
    ours, theirs = quote[i1:i2], region[j1:j2]
    if tag == "replace":
        what = f"the quote has {_visible(ours)} where the document has {_visible(theirs)}"
    elif tag == "delete":
        what = f"the quote has {_visible(ours)} that the document lacks"
    else:
        what = f"the document has {_visible(theirs)} that the quote lacks"
    line = f" (line {bisect_right(starts, offset + a + j1)})" if starts else ""
    context = region[max(0, j1 - 25) : j2 + 25]  # as is: a line break or double space stays visible
    return f"first difference at character {i1 + 1} of the quote{line}: {what}, in the document's {context!r}"


_NAMED = {"\n": "a line break", " ": "a space", "\t": "a tab", "\u00a0": "a no-break space"}


def _visible(chars: str) -> str:
    """'’' (U+2019 RIGHT SINGLE QUOTATION MARK), a line break, a space; several characters as a quoted run."""
    if len(chars) > 3:
        return repr(chars[:20] + ("…" if len(chars) > 20 else ""))
    return " + ".join(_NAMED.get(c) or _char(c) for c in chars)


def _char(c: str) -> str:
    if c.isascii() and c.isalnum():
        return repr(c)
    return f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')})"
