"""Read access to the embedded store for pages and descriptions: triples around a node, labels, types.

The dataset is read-only while served, so labels and the set of known IRIs are computed once.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox

from cklod.rdf.iris import DCTERMS, RDF, RDFS, SCHEMA, SKOS
from cklod.serve.space import UriSpace

TYPE = RDF + "type"
LABEL = RDFS + "label"
# Where a display label comes from, best first.
LABEL_PROPERTIES = (LABEL, SCHEMA + "name", SKOS + "prefLabel", SCHEMA + "headline", DCTERMS + "title")
NAME_PROPERTIES = (*LABEL_PROPERTIES, SCHEMA + "alternateName", SKOS + "altLabel")
# How labels and notes written by the mappings name a source document: its id (``000_8bfd59a1c3f8cacf``) or its
# number alone (``000 calls it …``). Readers see the document's title instead.
DOCUMENT_ID = re.compile(r"(?<![\w-])(\d{3})(_[0-9a-f]{16})?(?![\w])")


def _lang_rank(literal: ox.Literal) -> int:
    return {"en": 0, "": 1}.get(literal.language or "", 2)


class Lookup:
    """Triples of the store (all graphs) around a node, with the graph each came from."""

    def __init__(self, store: ox.Store, space: UriSpace):
        self.store, self.space = store, space
        self._labels: dict[str, str] = {}
        self._types: dict[str, list[str]] = defaultdict(list)
        best: dict[str, tuple[int, int, str]] = {}
        subjects: set[str] = set()
        for quad in store.quads_for_pattern(None, None, None):
            s, p, o = quad.subject, quad.predicate.value, quad.object
            if not isinstance(s, ox.NamedNode):
                continue
            subjects.add(s.value.split("#", 1)[0])
            if p == TYPE and isinstance(o, ox.NamedNode) and o.value not in self._types[s.value]:
                self._types[s.value].append(o.value)
            elif p in LABEL_PROPERTIES and isinstance(o, ox.Literal):
                rank = (LABEL_PROPERTIES.index(p), _lang_rank(o), o.value)
                if s.value not in best or rank < best[s.value]:
                    best[s.value] = rank
        self._labels = {iri: rank[2] for iri, rank in best.items()}
        self._titles = self._document_titles()
        self._labels = {iri: self.readable(label) for iri, label in self._labels.items()}
        for types in self._types.values():
            types.sort()
        # The IRIs the server answers for: dataset IRIs that have a description.
        self.known = {iri for iri in subjects if space.path(iri) is not None}
        self.graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))

    # -- triples ----------------------------------------------------------------------------------------

    def out(self, iri: str, predicate: str | None = None) -> list[ox.Quad]:
        p = ox.NamedNode(predicate) if predicate else None
        return list(self.store.quads_for_pattern(ox.NamedNode(iri), p, None))

    def inc(self, iri: str, predicate: str | None = None) -> list[ox.Quad]:
        p = ox.NamedNode(predicate) if predicate else None
        return list(self.store.quads_for_pattern(None, p, ox.NamedNode(iri)))

    def objects(self, iri: str, predicate: str) -> list[ox.NamedNode | ox.Literal]:
        """Distinct objects, in a stable order."""
        seen = {q.object for q in self.out(iri, predicate)}
        return sorted(seen, key=str)

    def subjects(self, predicate: str, obj: str) -> list[str]:
        seen = {q.subject.value for q in self.inc(obj, predicate) if isinstance(q.subject, ox.NamedNode)}
        return sorted(seen)

    def first(self, iri: str, predicate: str) -> ox.NamedNode | ox.Literal | None:
        values = self.objects(iri, predicate)
        return values[0] if values else None

    def text(self, iri: str, predicate: str) -> str:
        value = self.first(iri, predicate)
        return value.value if value is not None else ""

    def graph_triples(self, graph: str) -> list[ox.Triple]:
        return [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        ]

    # -- names --------------------------------------------------------------------------------------------

    def _document_titles(self) -> dict[str, str]:
        """Document number and id -> title, for the documents whose page the dataset has."""
        titles = {}
        prefix = self.space.base + "doc/"
        for iri, label in self._labels.items():
            if iri.startswith(prefix) and "/" not in iri[len(prefix) :]:
                doc_id = iri[len(prefix) :]
                titles[doc_id] = titles[doc_id.split("_", 1)[0]] = label
        return titles

    def readable(self, text: str) -> str:
        """``text`` with the documents it names by id or number named by their titles."""
        if not self._titles:
            return text

        def title(m: re.Match) -> str:
            found = self._titles.get(m.group(0)) or self._titles.get(m.group(1))
            return f"“{found}”" if found else m.group(0)

        return DOCUMENT_ID.sub(title, text)

    def label(self, iri: str) -> str:
        """The best label of ``iri``; for an unlabelled fact, its kind and document; else its last segment."""
        found = self._labels.get(iri)
        if found:
            return found
        local = iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        kind = self.space.kind(iri)
        doc = self._titles.get(local.split("-", 1)[0])
        if kind is not None and doc is not None:
            return f"{'passage' if kind == 'evidence' else kind} in “{doc}”"
        return local or iri

    def borrow_labels(self, other: Lookup) -> None:
        """Use ``other``'s labels for IRIs this store has none for (the dataset's own IRIs, named in VoID)."""
        for iri, label in other._labels.items():
            self._labels.setdefault(iri, label)

    def has_label(self, iri: str) -> bool:
        return iri in self._labels

    def types(self, iri: str) -> list[str]:
        return self._types.get(iri, [])

    def names(self, iri: str) -> list[ox.Literal]:
        """Every name and spelling of ``iri`` (labels, alternate names), deduplicated, English first."""
        found: set[ox.Literal] = set()
        for p in NAME_PROPERTIES:
            found.update(o for o in self.objects(iri, p) if isinstance(o, ox.Literal))
        return sorted(found, key=lambda lit: (_lang_rank(lit), lit.language or "", lit.value))

    def exists(self, iri: str) -> bool:
        return iri in self.known

    def documents(self) -> list[str]:
        """The source documents: one per named graph other than the registry."""
        docs = (
            self.space.base + "doc/" + g[len(self.space.base) + 6 :]
            for g in self.graphs
            if g.startswith(self.space.base + "graph/")
        )
        return [d for d in docs if d in self.known]

    def of_type(self, cls: str) -> list[str]:
        return sorted({q.subject.value for q in self.inc(cls, TYPE) if isinstance(q.subject, ox.NamedNode)})
