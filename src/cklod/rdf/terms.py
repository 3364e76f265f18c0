"""RDF term constructors (pyoxigraph) that always produce the canonical lexical forms cklod publishes."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Protocol

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from cklod.rdf.iris import XSD

Term = NamedNode | Literal


class Dated(Protocol):
    """A date at its precision (cklod.load.dates.Date): the lexical form and its XSD datatype."""

    @property
    def value(self) -> str: ...

    @property
    def datatype(self) -> str: ...


@lru_cache(maxsize=65536)
def iri(value: str) -> NamedNode:
    return NamedNode(value)


def text(value: str, lang: str | None = "en") -> Literal:
    return Literal(value, language=lang) if lang else Literal(value)


def plain(value: str) -> Literal:
    return Literal(value)


def integer(value: int) -> Literal:
    return Literal(str(int(value)), datatype=iri(XSD + "integer"))


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=iri(XSD + "boolean"))


def decimal(value: Decimal | int | float) -> Literal:
    """xsd:decimal in the form Oxigraph itself writes (no exponent, no trailing zeros)."""
    d = Decimal(str(value)).normalize()
    lexical = format(d, "f")
    if lexical in ("-0", "0"):
        lexical = "0"
    return Literal(lexical, datatype=iri(XSD + "decimal"))


def date(value: Dated) -> Literal:
    return Literal(value.value, datatype=iri(value.datatype))


class GraphBuilder:
    """Collects the quads of one named graph; add() skips absent values so callers stay flat."""

    def __init__(self, graph: str | None):
        self.graph = iri(graph) if graph else DefaultGraph()
        self.quads: list[Quad] = []

    def add(self, s: str | NamedNode, p: str, o: Term | str | None) -> None:
        if o is None:
            return
        subject = iri(s) if isinstance(s, str) else s
        obj = iri(o) if isinstance(o, str) else o
        self.quads.append(Quad(subject, iri(p), obj, self.graph))
