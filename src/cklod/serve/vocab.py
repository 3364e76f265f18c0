"""The ontology as pages need it: the hierarchy (to tell asserted triples from materialized ones) and the
documentation page listing every class, property and concept with its labels, comments and alignments."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from cklod.rdf.iris import CKLOD, ONTOLOGY, OWL, PREFIXES, RDFS, SKOS, Shortener
from cklod.serve.lookup import TYPE, Lookup

SUBCLASS = RDFS + "subClassOf"
SUBPROPERTY = RDFS + "subPropertyOf"
INVERSE = OWL + "inverseOf"

_SHORTEN = Shortener(PREFIXES)


def curie(iri: str) -> str:
    """``schema:name`` for http://schema.org/name; the IRI itself outside the known namespaces."""
    return _SHORTEN(iri) or iri


def _closure(direct: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for start in direct:
        seen: set[str] = set()
        todo = list(direct[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(direct.get(node, ()))
        out[start] = frozenset(seen - {start})
    return out


@dataclass
class TermDoc:
    """One ontology term as documented: what it is, what it means, where it sits, what it aligns to."""

    iri: str
    anchor: str
    kind: str
    label: str
    comment: str
    characteristics: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    alignments: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    inverse: list[str] = field(default_factory=list)
    notation: str = ""
    scheme: str = ""


class Vocabulary:
    """The ontology graph of the store, read once."""

    KINDS = (
        ("Classes", (OWL + "Class",)),
        ("Object properties", (OWL + "ObjectProperty",)),
        ("Datatype properties", (OWL + "DatatypeProperty",)),
        ("Annotation properties", (OWL + "AnnotationProperty",)),
    )

    def __init__(self, lookup: Lookup):
        self.lookup = lookup
        graph = ox.NamedNode(ONTOLOGY)
        quads = list(lookup.store.quads_for_pattern(None, None, None, graph))
        self.triples: dict[str, dict[str, list[ox.NamedNode | ox.Literal]]] = defaultdict(
            lambda: defaultdict(list)
        )
        sub_c: dict[str, set[str]] = defaultdict(set)
        sub_p: dict[str, set[str]] = defaultdict(set)
        self.inverses: dict[str, set[str]] = defaultdict(set)
        for q in quads:
            if not isinstance(q.subject, ox.NamedNode):
                continue
            s, p, o = q.subject.value, q.predicate.value, q.object
            self.triples[s][p].append(o)
            if not isinstance(o, ox.NamedNode):
                continue
            if p == SUBCLASS:
                sub_c[s].add(o.value)
            elif p == SUBPROPERTY:
                sub_p[s].add(o.value)
            elif p == INVERSE:
                self.inverses[s].add(o.value)
                self.inverses[o.value].add(s)
        self.superclasses = _closure(sub_c)
        self.superproperties = _closure(sub_p)
        self.metadata = {
            p: sorted(str(v.value) for v in vs) for p, vs in self.triples.get(ONTOLOGY, {}).items()
        }

    def direct_types(self, types: list[str]) -> list[str]:
        """The most specific of ``types``: those that are not a superclass of another one listed."""
        implied = set().union(*(self.superclasses.get(t, frozenset()) for t in types)) if types else set()
        return [t for t in types if t not in implied]

    def derived(self, predicate: str, present: set[str]) -> bool:
        """Whether a triple with ``predicate`` is implied by one with a sub-property in ``present``."""
        return any(predicate in self.superproperties.get(p, ()) for p in present if p != predicate)

    # -- the documentation page ---------------------------------------------------------------------------

    def _values(self, iri: str, predicate: str) -> list[str]:
        return sorted(str(v.value) for v in self.triples.get(iri, {}).get(predicate, []))

    def _text(self, iri: str, predicate: str) -> str:
        values = [v for v in self.triples.get(iri, {}).get(predicate, []) if isinstance(v, ox.Literal)]
        english = [v.value for v in values if (v.language or "en") == "en"]
        return sorted(english or [v.value for v in values])[0] if values else ""

    def _doc(self, iri: str, kind: str) -> TermDoc:
        parents = self._values(iri, SUBCLASS) + self._values(iri, SUBPROPERTY)
        equivalents = self._values(iri, OWL + "equivalentClass") + self._values(
            iri, OWL + "equivalentProperty"
        )
        types = self._values(iri, TYPE)
        return TermDoc(
            iri=iri,
            anchor=iri[len(CKLOD) :] if iri.startswith(CKLOD) else curie(iri).replace(":", "-"),
            kind=kind,
            label=self._text(iri, RDFS + "label") or curie(iri),
            comment=self._text(iri, RDFS + "comment"),
            characteristics=[
                curie(t)
                for t in types
                if t.startswith(OWL)
                and t not in (OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "Class")
            ],
            parents=parents,
            alignments=[p for p in parents + equivalents if not p.startswith(CKLOD)],
            domain=self._values(iri, RDFS + "domain"),
            range=self._values(iri, RDFS + "range"),
            inverse=self._values(iri, INVERSE),
            notation=self._text(iri, SKOS + "notation"),
            scheme=", ".join(self._values(iri, SKOS + "inScheme")),
        )

    def sections(self) -> list[tuple[str, list[TermDoc], str]]:
        """Classes, properties and concepts of the cklod namespace, each sorted by local name; the third item
        is the anchor of a concept scheme (its IRI's fragment), which links to the scheme point at."""
        by_kind: list[tuple[str, list[TermDoc], str]] = []
        documented: set[str] = set()
        for title, types in self.KINDS:
            members = sorted(
                s
                for s, props in self.triples.items()
                if s.startswith(CKLOD)
                and s not in documented
                and any(ox.NamedNode(t) in props.get(TYPE, []) for t in types)
            )
            documented.update(members)
            if members:
                by_kind.append((title, [self._doc(s, title) for s in members], ""))
        schemes = sorted(
            s
            for s, props in self.triples.items()
            if ox.NamedNode(SKOS + "ConceptScheme") in props.get(TYPE, [])
        )
        for scheme in schemes:
            concepts = sorted(
                s
                for s, props in self.triples.items()
                if ox.NamedNode(scheme) in props.get(SKOS + "inScheme", [])
            )
            documented.update(concepts)
            title = self._text(scheme, RDFS + "label") or curie(scheme)
            anchor = scheme[len(CKLOD) :] if scheme.startswith(CKLOD) else ""
            by_kind.append((f"Concepts: {title}", [self._doc(s, "Concept") for s in concepts], anchor))
        return by_kind

    def external_axioms(self) -> list[tuple[str, str, str]]:
        """Axioms the ontology states about terms of other vocabularies (such as schema.org inverses)."""
        rows = []
        for s, props in sorted(self.triples.items()):
            if s.startswith(CKLOD) or s == ONTOLOGY:
                continue
            for p, values in sorted(props.items()):
                rows.extend((s, p, str(v.value)) for v in sorted(values, key=str))
        return rows
