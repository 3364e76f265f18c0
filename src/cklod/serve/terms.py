"""RDF terms and evidence as pages show them: plain data, independent of where the pages are served from."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from cklod.rdf.iris import CKLOD, OA, RDF, XSD
from cklod.serve.lookup import Lookup
from cklod.serve.vocab import curie

PRECISION = {XSD + "date": "day", XSD + "gYearMonth": "month", XSD + "gYear": "year"}
PLAIN_DATATYPES = {XSD + "string", RDF + "langString"}


@dataclass(frozen=True)
class Term:
    """An IRI (with its label) or a literal (with its language or datatype)."""

    value: str
    kind: str  # "iri", "literal" or "other"
    label: str
    lang: str = ""
    datatype: str = ""

    @property
    def precision(self) -> str:
        """``day``, ``month`` or ``year`` for a date literal; empty otherwise."""
        return PRECISION.get(self.datatype, "")

    @property
    def datatype_curie(self) -> str:
        return curie(self.datatype) if self.datatype and self.datatype not in PLAIN_DATATYPES else ""


def term(lookup: Lookup, node: object) -> Term:
    if isinstance(node, ox.NamedNode):
        return Term(node.value, "iri", lookup.label(node.value))
    if isinstance(node, ox.Literal):
        return Term(node.value, "literal", node.value, node.language or "", node.datatype.value)
    return Term(str(node), "other", str(node))


def iri_term(lookup: Lookup, iri: str) -> Term:
    return Term(iri, "iri", lookup.label(iri))


@dataclass(frozen=True)
class Evidence:
    """A Web Annotation selecting a passage of a document: the quote with its context and its offsets."""

    iri: str
    doc: str
    doc_label: str
    key: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    line: int
    motivation: str
    body: str
    comment: str = ""


def _int(node: object) -> int:
    try:
        return int(node.value) if node is not None else 0
    except ValueError:
        return 0


def evidence(lookup: Lookup, iri: str) -> Evidence | None:
    """The annotation ``iri`` read back from the store; None when it does not select a document passage."""
    target = lookup.first(iri, OA + "hasTarget")
    if not isinstance(target, ox.NamedNode):
        return None
    doc = lookup.first(target.value, OA + "hasSource")
    if not isinstance(doc, ox.NamedNode):
        return None
    quote = position = None
    for selector in lookup.objects(target.value, OA + "hasSelector"):
        types = lookup.types(selector.value) if isinstance(selector, ox.NamedNode) else []
        if OA + "TextQuoteSelector" in types:
            quote = selector.value
        elif OA + "TextPositionSelector" in types:
            position = selector.value
    if quote is None or position is None:
        return None
    body = lookup.first(iri, OA + "hasBody")
    motivation = lookup.first(iri, OA + "motivatedBy")
    return Evidence(
        iri=iri,
        doc=doc.value,
        doc_label=lookup.label(doc.value),
        key=lookup.space.evidence_key(iri, doc.value),
        exact=lookup.text(quote, OA + "exact"),
        prefix=lookup.text(quote, OA + "prefix"),
        suffix=lookup.text(quote, OA + "suffix"),
        start=_int(lookup.first(position, OA + "start")),
        end=_int(lookup.first(position, OA + "end")),
        line=_int(lookup.first(position, CKLOD + "line")),
        motivation=motivation.value.rsplit("#", 1)[-1] if motivation is not None else "",
        body=body.value if isinstance(body, ox.NamedNode) else "",
        comment=lookup.text(iri, "http://www.w3.org/2000/01/rdf-schema#comment"),
    )


def evidence_of(lookup: Lookup, node: str) -> list[Evidence]:
    """The evidence a fact, statement, event or initiative links to with cklod:evidence."""
    found = (
        evidence(lookup, o.value)
        for o in lookup.objects(node, CKLOD + "evidence")
        if isinstance(o, ox.NamedNode)
    )
    return sorted((e for e in found if e is not None), key=lambda e: (e.doc, e.start, e.iri))
