"""Coverage of a document by its mapping: the capitalized names and the numbers of the article text that no fact,
mention or ignore accounts for — what a reviewer has still to map, or to ignore with a reason.

A capitalized word is accounted for when it is part of the name (or a spelling) of an entity the document's
facts, mentions or sidecar use, of a role title, of an ignore text, or the month of a fact's date; a number when
it is a value, a date part or part of such a name or text. Words that begin a sentence are not names.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from cklod.load.corpus import Document
from cklod.load.mapping.load import DocumentMapping
from cklod.load.registry import Registry

WORD = re.compile(r"[^\W\d_][\w’'\-]*")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
# What a capitalized word may follow when its capital says "new sentence" rather than "name".
SENTENCE_OPENERS = set(".!?:;“”\"‘'\n")
# Month names as the documents print them (calendar's names are English unless a program sets LC_TIME).
MONTHS = {calendar.month_name[i]: i for i in range(1, 13)}
MONTHS |= {name[:3]: i for name, i in list(MONTHS.items())} | {"Sept": 9}


@dataclass(frozen=True)
class Uncovered:
    text: str
    line: int
    column: int
    occurrences: int


def stem(word: str) -> str:
    """A word without its possessive ending."""
    return re.sub(r"[’']s$", "", word).rstrip("’'")


def article_text(doc: Document) -> str:
    """The document text with boilerplate blanked out (offsets kept)."""
    chars = list(doc.text)
    for block in doc.boilerplate:
        chars[block.start : block.end] = " " * (block.end - block.start)
    return "".join(chars)


def capitalized(text: str) -> list[tuple[int, str]]:
    """(offset, word) of the capitalized words that do not begin a sentence, possessive endings removed."""
    words = []
    for match in WORD.finditer(text):
        word = stem(match.group())
        before = text[: match.start()].rstrip(" \t")
        if not word[0].isupper() or word == "I" or not before or before[-1] in SENTENCE_OPENERS:
            continue
        words.append((match.start(), word))
    return words


def _used_ids(mapping: DocumentMapping) -> set[str]:
    meta = mapping.doc.meta
    return mapping.entity_ids() | {
        ref.entity for ref in [meta.publisher, *meta.authors, *meta.editors] if ref
    }


def known_words(mapping: DocumentMapping, registry: Registry) -> set[str]:
    words: set[str] = set()
    for entity_id in _used_ids(mapping):
        for name in registry[entity_id].names:
            words.update(stem(w) for w in WORD.findall(name))
    texts = [i.text for i in mapping.ignores]
    texts += [located.fact.title for located in mapping.facts if located.fact.kind == "role"]
    for text in texts:
        words.update(stem(w) for w in WORD.findall(text))
    for located in mapping.facts:
        for date in located.dates.values():
            if date.precision != "year":
                words.update(m for m, i in MONTHS.items() if i == int(date.value.split("-")[1]))
    return words


def known_numbers(mapping: DocumentMapping, registry: Registry) -> set[Decimal]:
    numbers: set[Decimal] = set()
    for located in mapping.facts:
        fact = located.fact
        for name in ("value", "attendance"):
            if getattr(fact, name, None) is not None:
                numbers.add(Decimal(str(getattr(fact, name))))
        if getattr(fact, "change", None) is not None:
            numbers.add(Decimal(str(fact.change.value)))
        for date in located.dates.values():
            numbers.update(Decimal(part) for part in date.value.split("-"))
        for obj in fact.objects if fact.kind == "relation" else []:
            if isinstance(obj, str):
                continue
            if obj.number is not None:
                numbers.add(Decimal(str(obj.number)))
            if obj.date is not None:
                numbers.update(Decimal(part) for part in obj.date.split("-"))
    texts = [i.text for i in mapping.ignores]
    for entity_id in mapping.entity_ids():
        texts += list(registry[entity_id].names)
    for text in texts:
        numbers.update(number(n) for n in NUMBER.findall(text))
    return numbers


def number(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return Decimal(-1)


def _is_known(word: str, known: set[str]) -> bool:
    return word in known or (word.endswith("s") and word[:-1] in known)


def uncovered(mapping: DocumentMapping, registry: Registry) -> list[Uncovered]:
    """Each name or number of the article text that nothing accounts for, at its first occurrence."""
    text = article_text(mapping.doc)
    words, numbers = known_words(mapping, registry), known_numbers(mapping, registry)
    found: dict[str, list[int]] = {}
    for at, word in capitalized(text):
        if not _is_known(word, words):
            found.setdefault(word, []).append(at)
    for match in NUMBER.finditer(text):
        if number(match.group()) not in numbers:
            found.setdefault(match.group(), []).append(match.start())
    starts = mapping.doc.line_starts
    out = []
    for word, offsets in found.items():
        line = bisect_right(starts, offsets[0])
        out.append(Uncovered(word, line, offsets[0] - starts[line - 1] + 1, len(offsets)))
    return sorted(out, key=lambda u: (u.line, u.column))
