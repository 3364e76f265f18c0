"""The reason stage: materialize the schema.org (and ORG/PROV) view the ontology promises, without junk.

Only three OWL RL rules are applied — subclass (cax-sco), subproperty (prp-spo1) and inverse/symmetric
properties (prp-inv1/2, prp-symp) — because they are what a consumer without a reasoner needs, and owlrl's
full closure adds reflexive owl:sameAs, owl:Thing types and axiomatic triples nobody wants in a dump.
tests/test_reason.py proves these rules give exactly owlrl's closure for those rule families.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyoxigraph import NamedNode, Quad

from cklod.iris import OWL, RDF, RDFS

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

    def properties_of(self, prop: str) -> frozenset[tuple[str, bool]]:
        return self.entailed.get(prop, frozenset({(prop, True)}))


def _transitive(edges: dict[str, set[str]], start: str) -> set[str]:
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
    for cls in list(sub_class):
        tbox.superclasses[cls] = frozenset(_transitive(sub_class, cls) - NOT_MATERIALIZED - {cls})
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
    """The quads entailed by ``quads`` under the three rule families, each in its premise's graph.

    Returns only new quads (not already in ``quads``); applying it to its own output adds nothing, because
    the TBox closures are already transitive.
    """
    have = set(quads)
    out: dict[Quad, None] = {}
    for q in quads:
        p = q.predicate
        if p == TYPE:
            for cls in tbox.classes_of(q.object.value):
                new = Quad(q.subject, TYPE, NamedNode(cls), q.graph_name)
                if new not in have:
                    out[new] = None
            continue
        entailed = tbox.entailed.get(p.value)
        if not entailed:
            continue
        for prop, forward in entailed:
            if forward:
                new = Quad(q.subject, NamedNode(prop), q.object, q.graph_name)
            elif isinstance(q.object, NamedNode):
                new = Quad(q.object, NamedNode(prop), q.subject, q.graph_name)
            else:
                continue  # an inverse with a literal subject is not RDF
            if new not in have:
                out[new] = None
    return list(out)
