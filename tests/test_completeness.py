"""Completeness of the mappings: every capitalized word and every number of each article's text is accounted
for — part of the name of an entity the document's facts use, a value or date of one of its facts, or listed in
the mapping's `ignore` with a reason."""

from __future__ import annotations

import calendar
import re
from decimal import Decimal, InvalidOperation

import pytest

from cklod.load.sources import load_sources

WORD = re.compile(r"[^\W\d_][\w’'\-]*")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
# What a capitalized word may follow when its capital says "new sentence" rather than "name".
SENTENCE_OPENERS = set(".!?:;“”\"‘'\n")
# Month names as the documents print them (calendar's names are English unless a program sets LC_TIME).
MONTHS = {calendar.month_name[i]: i for i in range(1, 13)}
MONTHS |= {name[:3]: i for name, i in list(MONTHS.items())} | {"Sept": 9}


def capitalized(text: str) -> list[str]:
    """Capitalized words that do not begin a sentence, possessive endings removed."""
    words = []
    for match in WORD.finditer(text):
        word = _stem(match.group())
        before = text[: match.start()].rstrip(" \t")
        if not word[0].isupper() or word == "I" or not before or before[-1] in SENTENCE_OPENERS:
            continue
        words.append(word)
    return words


def _stem(word: str) -> str:
    return re.sub(r"[’']s$", "", word).rstrip("’'")


def is_known(word: str, known: set[str]) -> bool:
    return word in known or (word.endswith("s") and word[:-1] in known)


@pytest.fixture(scope="module")
def sources(project_root):
    return load_sources(project_root)


def article_text(doc) -> str:
    """The document text with boilerplate blanked out (offsets kept)."""
    chars = list(doc.text)
    for block in doc.boilerplate:
        chars[block.start : block.end] = " " * (block.end - block.start)
    return "".join(chars)


def known_words(mapping, registry) -> set[str]:
    words: set[str] = set()
    ids = mapping.entity_ids()
    meta = mapping.doc.meta
    ids |= {ref.entity for ref in [meta.publisher, *meta.authors, *meta.editors] if ref}
    for entity_id in ids:
        for name in registry[entity_id].names:
            words.update(_stem(w) for w in WORD.findall(name))
    texts = [i.text for i in mapping.ignores]
    texts += [located.fact.title for located in mapping.facts if located.fact.kind == "role"]
    for text in texts:
        words.update(_stem(w) for w in WORD.findall(text))
    for located in mapping.facts:
        for date in located.dates.values():
            if date.precision != "year":
                words.update(m for m, i in MONTHS.items() if i == int(date.value.split("-")[1]))
    return words


def known_numbers(mapping, registry) -> set[Decimal]:
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
        obj = getattr(fact, "object", None)
        if obj is not None and not isinstance(obj, str):
            if obj.number is not None:
                numbers.add(Decimal(str(obj.number)))
            if obj.date is not None:
                numbers.update(Decimal(part) for part in obj.date.split("-"))
    texts = [i.text for i in mapping.ignores]
    for entity_id in mapping.entity_ids():
        texts += list(registry[entity_id].names)
    for text in texts:
        numbers.update(_number(n) for n in NUMBER.findall(text))
    return numbers


def _number(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return Decimal(-1)


DOCS = [
    "000_8bfd59a1c3f8cacf",
    "001_39992d9c90a8bcd7",
    "002_6fb63ed73c7fcc78",
    "003_5ecd5af879b8308b",
    "004_ebc1b76246187781",
]


@pytest.mark.parametrize("doc_id", DOCS)
def test_every_capitalized_word_is_accounted_for(sources, doc_id):
    mapping = sources.mappings[doc_id]
    known = known_words(mapping, sources.registry)
    text = article_text(mapping.doc)
    missing = sorted({w for w in capitalized(text) if not is_known(w, known)})
    assert missing == [], f"{mapping.file}: not mapped and not in 'ignore': {missing}"


@pytest.mark.parametrize("doc_id", DOCS)
def test_every_number_is_accounted_for(sources, doc_id):
    mapping = sources.mappings[doc_id]
    known = known_numbers(mapping, sources.registry)
    text = article_text(mapping.doc)
    missing = sorted({n for n in NUMBER.findall(text) if _number(n) not in known}, key=_number)
    assert missing == [], f"{mapping.file}: numbers not mapped and not in 'ignore': {missing}"
