"""The page of a source document: its text, line by line, with every mapped evidence span highlighted and
linked to the facts it supports."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from cklod.rdf.iris import CKLOD, OA, RDF, SCHEMA
from cklod.serve.lookup import Lookup
from cklod.serve.terms import Evidence, Term, evidence, iri_term, term
from cklod.serve.views import Row, schema_jsonld, statements
from cklod.serve.vocab import Vocabulary

# Shown in their own sections of the page rather than in the metadata table.
NOT_METADATA = frozenset({SCHEMA + "text", SCHEMA + "mentions", CKLOD + "boilerplate"})


@dataclass(frozen=True)
class Segment:
    """A run of text covered by the same set of annotations."""

    text: str
    facts: tuple[str, ...] = ()  # keys of the describing annotations covering it, innermost first
    mention: str = ""  # the entity named here (innermost identifying annotation), if any
    anchors: tuple[str, ...] = ()  # ids of the annotations and boilerplate blocks that start here
    boilerplate: str = ""


@dataclass
class Line:
    number: int
    segments: list[Segment]


@dataclass
class Supported:
    """One describing annotation of the document and what it supports."""

    evidence: Evidence
    body: Term
    body_kind: str
    statements: list[tuple[Term, Term, Term]]


@dataclass
class DocumentView:
    iri: str
    label: str
    types: list[Term]
    metadata: list[Row]
    lines: list[Line]
    supported: list[Supported]
    mentioned: list[Term]
    mention_count: int
    jsonld: str


def _boilerplate(lookup: Lookup, doc: str) -> list[tuple[int, int, str, str]]:
    """Start, end, kind and fragment (``boilerplate-1``) of each boilerplate block of ``doc``."""
    blocks = []
    for b in lookup.objects(doc, CKLOD + "boilerplate"):
        if isinstance(b, ox.NamedNode):
            start, end = lookup.first(b.value, OA + "start"), lookup.first(b.value, OA + "end")
            if start is not None and end is not None:
                kind = lookup.text(b.value, CKLOD + "boilerplateKind")
                blocks.append((int(start.value), int(end.value), kind, b.value.partition("#")[2]))
    return sorted(blocks)


def named_spans(lookup: Lookup, doc: str, text: str, annotated: list[Evidence]) -> list[Evidence]:
    """Where the text names an entity the document mentions, by any of its names, and no annotation says so
    already: longest names first, whole words only, never overlapping."""
    names: dict[str, str] = {}
    for m in lookup.objects(doc, SCHEMA + "mentions"):
        if isinstance(m, ox.NamedNode):
            for n in lookup.names(m.value):
                if len(n.value) >= 3:
                    names.setdefault(n.value, m.value)
    taken = [(e.start, e.end) for e in annotated if e.motivation == "identifying"]
    found = []
    for name in sorted(names, key=lambda n: (-len(n), n)):
        for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            a, b = match.span()
            if any(a < end and b > start for start, end in taken):
                continue
            taken.append((a, b))
            found.append(Evidence("", doc, "", "", name, "", "", a, b, 0, "identifying", names[name]))
    return found


def document_evidence(lookup: Lookup, doc: str) -> list[Evidence]:
    """Every annotation whose target is a passage of ``doc``, in text order."""
    found = []
    for target in lookup.subjects(OA + "hasSource", doc):
        ev = evidence(lookup, target.split("#", 1)[0])
        if ev is not None and ev.doc == doc:
            found.append(ev)
    return sorted(found, key=lambda e: (e.start, -e.end, e.iri))


def segment_lines(
    text: str, spans: list[Evidence], boilerplate: list[tuple[int, int, str, str]]
) -> list[Line]:
    """Split ``text`` into lines and each line into runs covered by the same annotations.

    Spans may nest or overlap; cutting at every span boundary gives runs that HTML can mark without
    overlapping elements. Offsets are code points, as Python indexes strings.
    """
    lines, offset = [], 0
    for number, content in enumerate(text.split("\n"), 1):
        start, end = offset, offset + len(content)
        offset = end + 1
        here = [s for s in spans if (s.start <= end and s.end > start) or start <= s.start <= end]
        blocks = [bp for bp in boilerplate if start <= bp[0] <= end]
        cuts = {start, end} | {bp[0] for bp in blocks}
        for s in here:
            cuts.update(min(max(x, start), end) for x in (s.start, s.end))
        points = sorted(cuts)
        segments = []
        for a, b in zip(points, points[1:] or [end], strict=False):
            anchors = tuple(
                "ev-" + s.key
                for s in here
                if s.key and min(max(s.start, start), end) == a and start <= s.start <= end
            ) + tuple(bp[3] for bp in blocks if bp[0] == a and bp[3])
            if a == b and not anchors:
                continue
            covering = sorted(
                (s for s in here if s.start <= a and s.end >= b and a < b), key=lambda s: s.end - s.start
            )
            facts = tuple(s.key for s in covering if s.motivation != "identifying")
            mention = next((s.body for s in covering if s.motivation == "identifying"), "")
            kind = next((k for bs, be, k, _ in boilerplate if bs <= a and be >= b and a < b), "")
            segments.append(Segment(text[a:b], facts, mention, anchors, kind))
        lines.append(Line(number, segments))
    return lines


def _supported(lookup: Lookup, ev: Evidence) -> Supported:
    cited = []
    for st in lookup.subjects(CKLOD + "evidence", ev.iri):
        if lookup.space.kind(st) != "statement":
            continue
        parts = [lookup.first(st, RDF + p) for p in ("subject", "predicate", "object")]
        if all(p is not None for p in parts):
            cited.append(tuple(term(lookup, p) for p in parts))
    return Supported(ev, iri_term(lookup, ev.body), lookup.space.kind(ev.body) or "", sorted(cited, key=str))


def document_view(lookup: Lookup, vocab: Vocabulary, iri: str) -> DocumentView:
    spans = document_evidence(lookup, iri)
    text = lookup.text(iri, SCHEMA + "text")
    mentioned = [
        iri_term(lookup, m.value)
        for m in lookup.objects(iri, SCHEMA + "mentions")
        if isinstance(m, ox.NamedNode)
    ]
    types = vocab.direct_types(lookup.types(iri))
    names = named_spans(lookup, iri, text, spans)
    return DocumentView(
        iri=iri,
        label=lookup.label(iri),
        types=[iri_term(lookup, t) for t in types],
        metadata=[r for r in statements(lookup, vocab, iri) if r.predicate.value not in NOT_METADATA],
        lines=segment_lines(
            text, sorted(spans + names, key=lambda e: (e.start, -e.end)), _boilerplate(lookup, iri)
        ),
        supported=[_supported(lookup, s) for s in spans if s.motivation != "identifying"],
        mentioned=sorted(mentioned, key=lambda t: t.label.lower()),
        mention_count=sum(1 for s in spans if s.motivation == "identifying") + len(names),
        jsonld=schema_jsonld(lookup, iri),
    )
