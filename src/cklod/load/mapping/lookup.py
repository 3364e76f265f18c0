"""Look-ups for reviewing a mapping: where a quote occurs and what picks each occurrence; which registry entry
a name is, whatever its spelling, accents, script or transliteration."""

from __future__ import annotations

import re
from dataclasses import dataclass

from anyascii import anyascii
from rapidfuzz import fuzz, process

from cklod.load.corpus import Document
from cklod.load.evidence import locate, occurrences
from cklod.load.registry import Entity, Registry

WIDEST = 400  # characters: a longer 'within' passage helps nobody


@dataclass(frozen=True)
class Pick:
    start: int
    line: int
    column: int
    nth: int
    # the shortest passage around this occurrence that occurs once and holds the quote once
    within: str | None


def picks(doc: Document, quote: str) -> list[Pick]:
    """Every occurrence of ``quote`` with the ``nth:`` and the ``within:`` that each select it."""
    out = []
    for n, at in enumerate(occurrences(doc.text, quote), 1):
        span = locate(doc.text, quote, nth=n, starts=doc.line_starts)
        column = at - doc.line_starts[span.line - 1] + 1
        out.append(Pick(at, span.line, column, n, _unique_passage(doc.text, quote, at)))
    return out


def _unique_passage(text: str, quote: str, at: int) -> str | None:
    """Grow the quote word by word, left and right in turn, until the passage occurs once in the text."""
    start, end = at, at + len(quote)
    left = True
    while end - start <= WIDEST:
        passage = text[start:end]
        if len(occurrences(text, passage)) == 1 and len(occurrences(passage, quote)) == 1:
            return passage
        if (left and start > 0) or end >= len(text):
            start = _word_start(text, start)
        else:
            end = _word_end(text, end)
        if start == 0 and end == len(text):
            return None
        left = not left
    return None


def _word_start(text: str, at: int) -> int:
    at -= 1
    while at > 0 and text[at - 1] not in " \n":
        at -= 1
    return max(at, 0)


def _word_end(text: str, at: int) -> int:
    at += 1
    while at < len(text) and text[at] not in " \n":
        at += 1
    return min(at, len(text))


# -- names ----------------------------------------------------------------------------------------------

# Spellings that transliterations of the same name swap (Shaymergenova / Shaimergenova, Khorgos / Horgos).
_LOOSE = (("kh", "h"), ("y", "i"), ("dzh", "j"), ("zh", "j"), ("ck", "k"), ("w", "v"))


def name_key(name: str) -> str:
    """A name in lowercase ASCII words: accents and scripts transliterated, punctuation dropped."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", anyascii(name).lower()).split())


def loose_key(name: str) -> str:
    key = name_key(name)
    for a, b in _LOOSE:
        key = key.replace(a, b)
    return re.sub(r"(.)\1", r"\1", key)  # doubled letters: Kassym / Kasym


def similarity(query: str, key: str, **_: object) -> float:
    """0-100: the whole name alike, or every word of the query alike some word of the name ("Xi" in "Xi
    Jinping", a surname alone), the latter a little below a whole-name match."""
    whole = fuzz.ratio(query, key)
    words = key.split()
    if not words or not query:
        return whole
    each = min(max(fuzz.ratio(q, w) for w in words) for q in query.split())
    return max(whole, each * 0.95)


@dataclass(frozen=True)
class Match:
    entity: Entity
    name: str
    score: float


def find_names(registry: Registry, query: str, limit: int = 10, cutoff: float = 80) -> list[Match]:
    """Registry entries whose name or a spelling of it is like ``query``, best first."""
    names: list[tuple[Entity, str]] = []
    for entity in registry.entities.values():
        spellings = [*entity.names]
        if entity.external is not None and entity.external.fullName:
            spellings.append(entity.external.fullName)
        names += [(entity, name) for name in spellings]
    best: dict[str, Match] = {}
    for key_of in (name_key, loose_key):
        choices = [key_of(name) for _, name in names]
        for _, score, i in process.extract(
            key_of(query), choices, scorer=similarity, limit=None, score_cutoff=cutoff
        ):
            entity, name = names[i]
            if entity.id not in best or score > best[entity.id].score:
                best[entity.id] = Match(entity, name, score)
    query_key = name_key(query)

    def rank(m: Match) -> tuple[float, float, str]:  # equal scores: the name closest as a whole first
        return (-m.score, -fuzz.ratio(query_key, name_key(m.name)), m.entity.id)

    return sorted(best.values(), key=rank)[:limit]
