"""What every extractor reads (the text, its sentences, names and dates) and what it proposes (facts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cklod.draft.dates import DateExpr
from cklod.draft.entities import EntityFinder, Mention
from cklod.draft.text import Sentence


@dataclass
class Fact:
    kind: str
    start: int
    end: int
    fields: dict[str, Any]
    pattern: str
    confidence: float
    name: str  # the id's stem ("role-wang-gang")


@dataclass
class Context:
    text: str
    doc: Any
    sentences: list[Sentence]
    entities: EntityFinder
    dates: list[DateExpr]
    published: str | None
    facts: list[Fact] = field(default_factory=list)
    described: list[tuple[int, int, str]] = field(default_factory=list)  # events named by a phrase
    places: dict[str, str] = field(default_factory=dict)  # event -> the place a phrase puts it ("visit to X")

    def mentions_in(self, start: int, end: int, kind: str | None = None) -> list[Mention]:
        return [
            m
            for m in self.entities.mentions
            if start <= m.start and m.end <= end and (kind is None or m.kind == kind)
        ]

    def dates_in(self, start: int, end: int) -> list[DateExpr]:
        return [d for d in self.dates if start <= d.start and d.end <= end]

    def kind_of(self, entity_id: str) -> str:
        return self.entities.known[entity_id].kind

    def type_of(self, entity_id: str) -> str:
        return self.entities.known[entity_id].type

    def sentence_at(self, offset: int) -> Sentence | None:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None

    def propose(
        self,
        kind: str,
        start: int,
        end: int,
        fields: dict[str, Any],
        pattern: str,
        confidence: float,
        name: str,
    ) -> Fact:
        fact = Fact(kind, start, end, fields, pattern, confidence, name)
        self.facts.append(fact)
        return fact
