"""The document as spaCy sees it: a blank English pipeline (tokenizer + sentencizer), loaded once, lazily."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any


@cache
def pipeline() -> Any:
    """spaCy's blank English pipeline with the rule-based sentencizer; nothing is downloaded."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(doc: Any, skip: list[tuple[int, int]]) -> list[Sentence]:
    """The document's sentences, cut again at line breaks (a headline has no full stop), minus boilerplate."""
    text = doc.text
    out: list[Sentence] = []
    for sent in doc.sents:
        start = sent.start_char
        for piece in text[start : sent.end_char].split("\n"):
            a = start + len(piece) - len(piece.lstrip())
            b = start + len(piece.rstrip())
            start += len(piece) + 1
            if b - a < 2 or any(a < e and b > s for s, e in skip):
                continue
            out.append(Sentence(a, b, text[a:b]))
    return out
