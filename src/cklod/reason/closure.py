"""The reason stage: materialize the schema.org (and ORG/PROV) view the ontology promises, without junk.

Only the OWL RL rules a consumer without a reasoner needs are applied: subclass and equivalent class
(cax-sco, cax-eqc), subproperty and equivalent property (prp-spo1, prp-eqp), inverse and symmetric properties
(prp-inv, prp-symp). owlrl's full closure adds reflexive owl:sameAs, owl:Thing types, literal-subject triples
and axiomatic triples nobody wants in a dump.

Domain and range (prp-dom, prp-rng) are deliberately not applied: every entity is typed by the registry, so
they would add nothing true, and they would turn a wrong link (a country given as a role's holder) into a
"Person" that passes the SHACL sh:class checks instead of failing them.
tests/test_reason.py proves these rules give exactly owlrl's closure on the data, less that junk and less the
types owlrl infers from domains and ranges.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyoxigraph import NamedNode, Quad

from cklod.rdf.iris import CKLOD, OWL, RDF, RDFS

TYPE = NamedNode(RDF + "type")
NOT_MATERIALIZED = frozenset({OWL + "Thing", RDFS + "Resource", RDFS + "Class", OWL + "Class"})


@dataclass
class TBox:
    """The ontology's class and property hierarchy, closed once and reused for every graph."""

    superclasses: dict[str, frozenset[str]] = field(default_factory=dict)
    # property -> every (property, forward?) a triple with it entails, itself included
    entailed: dict[str, frozenset[tuple[str, bool]]] = field(default_factory=dict)

    def classes_of(self, cls: str) -> frozenset[str]:
        return self.superclasses.get(cls, frozenset())


def transitive(edges: dict[str, set[str]], start: str) -> set[str]:
    """Every node reachable from ``start`` along ``edges`` (``start`` itself only through a cycle)."""
    seen, todo = set(), [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def tbox_from_triples(triples: list[tuple[str, str, str]]) -> TBox:
    sub_class: dict[str, set[str]] = defaultdict(set)
    sub_prop: dict[str, set[str]] = defaultdict(set)
    inverse: dict[str, set[str]] = defaultdict(set)
    for s, p, o in triples:
        if p == RDFS + "subClassOf":
            sub_class[s].add(o)
        elif p == OWL + "equivalentClass":
            sub_class[s].add(o)
            sub_class[o].add(s)
        elif p == RDFS + "subPropertyOf":
            sub_prop[s].add(o)
        elif p == OWL + "equivalentProperty":
            sub_prop[s].add(o)
            sub_prop[o].add(s)
        elif p == OWL + "inverseOf":
            inverse[s].add(o)
            inverse[o].add(s)
        elif p == RDF + "type" and o == OWL + "SymmetricProperty":
            inverse[s].add(s)
    tbox = TBox()
    for cls in sub_class:
        tbox.superclasses[cls] = frozenset(transitive(sub_class, cls) - NOT_MATERIALIZED - {cls})
    for prop in set(sub_prop) | set(inverse):
        # Walk (property, direction) pairs: up the hierarchy keeps direction, an inverse flips it.
        seen = {(prop, True)}
        todo = [(prop, True)]
        while todo:
            q, forward = todo.pop()
            nexts = [(sup, forward) for sup in sub_prop.get(q, ())]
            nexts += [(inv, not forward) for inv in inverse.get(q, ())]
            for item in nexts:
                if item not in seen:
                    seen.add(item)
                    todo.append(item)
        tbox.entailed[prop] = frozenset(seen)
    return tbox


def load_tbox(ontology: Path) -> TBox:
    with ontology.open("rb") as f:
        triples = [
            (q.subject.value, q.predicate.value, q.object.value)
            for q in ox.parse(f, format=ox.RdfFormat.TURTLE)
            if isinstance(q.object, NamedNode) and isinstance(q.subject, NamedNode)
        ]
    return tbox_from_triples(triples)


def materialize(quads: list[Quad], tbox: TBox) -> list[Quad]:
    """The quads entailed by ``quads`` under the rules above, each in its premise's graph.

    Returns only new quads (not already in ``quads``); applying it to its own output adds nothing, because
    the TBox closures are already transitive.
    """
    have = set(quads)
    out: dict[Quad, None] = {}

    def add(quad: Quad) -> None:
        if quad not in have:
            out[quad] = None

    def add_types(node, classes, graph) -> None:
        if node.value.startswith(CKLOD):
            return  # the ontology's own individuals (participation roles, comparators) are typed there
        for cls in classes:
            add(Quad(node, TYPE, NamedNode(cls), graph))

    for q in quads:
        p, graph = q.predicate, q.graph_name
        if p == TYPE:
            add_types(q.subject, tbox.classes_of(q.object.value), graph)
            continue
        entailed = tbox.entailed.get(p.value)
        if not entailed:
            continue
        for prop, forward in entailed:
            s, o = (q.subject, q.object) if forward else (q.object, q.subject)
            if not isinstance(s, NamedNode):
                continue  # an inverse with a literal subject is not RDF
            add(Quad(s, NamedNode(prop), o, graph))
    return list(out)
