"""The data graph as dictionaries of N-Triples keys, built from N-Triples lines without an rdflib graph.

``out[p][s]`` lists the objects of s by p (predicate paths, sh:class through ``rdf:type``); ``into[p][o]`` the
subjects pointing at o by p, kept only for the predicates a shapes graph reads backwards (inverse paths,
sh:targetObjectsOf, and ``rdf:type`` for class targets). Predicate first, because the engine reads one
property of many focus nodes at a time: one lookup per focus node. A graph is a set: duplicate lines, and typed literals
rdflib would normalize to the same term ("01" and "1" as xsd:integer), count once, as in pyshacl's rdflib graph,
which keeps the first it reads: so lines are read in order.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Sequence

import pyoxigraph as ox

from cklod.shacl.terms import canonical
from cklod.shacl.vocab import RDF_TYPE, RDFS_SUBCLASS_OF

EMPTY: dict = {}


class DataGraph:
    """An index of one data graph, limited to the predicates a compiled shapes graph reads."""

    def __init__(self, forward: frozenset[str] | None, backward: frozenset[str]):
        """``forward``: the predicates to index by subject (None: all, for sh:closed); ``backward``: the
        predicates also indexed by object."""
        self.forward = forward
        self.backward = backward
        self.out: dict[str, dict[str, list[str]]] = {}
        self.into: dict[str, dict[str, list[str]]] = {}
        self._subclasses: dict[str, frozenset[str]] = {}
        self._narrower: dict[str, list[str]] | None = None
        self.lines = 0  # lines read, indexed or not

    def add(self, lines: Sequence[str], linked: set[str] | None = None) -> DataGraph:
        """Index N-Triples lines without their final " ." (triple_lines). ``linked`` collects every subject
        and IRI object, whatever the predicate (the entities a document links to); the lines are read twice
        then."""
        out, into = self.out, self.into
        if self.forward is not None:  # one dict per predicate read, made up front: one lookup per line
            for p in self.forward | self.backward:
                out.setdefault(p, {})
        for p in self.backward:
            into.setdefault(p, {})
        columns, reverse = out.get, into.get
        paused = gc.isenabled()
        gc.disable()  # a few hundred thousand small containers: collecting meanwhile would double the time
        try:
            if linked is not None:
                link = linked.add
                for line in lines:
                    s, _, o = line.split(" ", 2)
                    link(s)
                    if o[0] == "<":
                        link(o)
            for line in lines:
                s, p, o = line.split(" ", 2)
                d = columns(p)
                if d is None:
                    if self.forward is not None:
                        continue  # a predicate no shape reads
                    d = out[p] = {}
                values = d.get(s)
                if values is None:
                    d[s] = [o]
                elif o in values:
                    continue  # a graph is a set
                elif o[-1] == ">" and o[0] == '"' and canonical(o) in map(canonical, values):
                    continue  # rdflib normalizes it to a term already there, and keeps that one
                else:
                    values.append(o)
                d = reverse(p)
                if d is not None:
                    values = d.get(o)
                    if values is None:
                        d[o] = [s]
                    else:
                        values.append(s)
        finally:
            if paused:
                gc.enable()
        self.lines += len(lines)
        self._narrower = None
        self._subclasses.clear()
        return self

    def objects(self, s: str, p: str) -> list[str]:
        return self.out.get(p, EMPTY).get(s, [])

    def subjects(self, p: str, o: str) -> list[str]:
        return self.into.get(p, EMPTY).get(o, [])

    def subclasses(self, cls: str) -> frozenset[str]:
        """``cls`` and every class below it by rdfs:subClassOf* in the data graph (pyshacl's closure)."""
        found = self._subclasses.get(cls)
        if found is None:
            if self._narrower is None:
                self._narrower = {}
                for s, supers in self.out.get(RDFS_SUBCLASS_OF, EMPTY).items():
                    for sup in supers:
                        self._narrower.setdefault(sup, []).append(s)
            seen, todo = {cls}, [cls]
            while todo:
                for sub in self._narrower.get(todo.pop(), ()):
                    if sub not in seen:
                        seen.add(sub)
                        todo.append(sub)
            found = self._subclasses[cls] = frozenset(seen)
        return found

    def instances(self, cls: str) -> set[str]:
        """Nodes typed cls or a subclass (sh:targetClass)."""
        found: set[str] = set()
        for c in self.subclasses(cls):
            found.update(self.subjects(RDF_TYPE, c))
        return found

    def subjects_of(self, p: str) -> set[str]:
        return set(self.out.get(p, EMPTY))

    def objects_of(self, p: str) -> set[str]:
        return set(self.into.get(p, EMPTY))

    def properties(self, s: str) -> list[tuple[str, list[str]]]:
        """Every (predicate, objects) of s (sh:closed; the index then keeps every predicate)."""
        return [(p, col[s]) for p, col in self.out.items() if s in col]


def triple_lines(quads: list[ox.Quad | ox.Triple]) -> list[str]:
    """The N-Triples lines of ``quads``' triples (graph names dropped), without the final " .".

    oxigraph writes them in Rust, as N-Quads; the graph name, the only thing after the object, is cut by its
    known length. The usual input is one named graph (a document's), done in one call; otherwise each
    graph's quads are serialized apart.
    """
    if quads and isinstance(quads[0], ox.Quad) and isinstance(quads[0].graph_name, ox.NamedNode):
        suffix = f" {quads[0].graph_name} ."
        out = io.BytesIO()
        ox.serialize(quads, out, ox.RdfFormat.N_QUADS)
        lines = out.getvalue().decode().splitlines()
        if all(line.endswith(suffix) for line in lines):  # no other graph can end so ('<' ends no IRI)
            cut = len(suffix)
            return [line[:-cut] for line in lines]
    groups: dict[object, list] = {}
    for q in quads:
        groups.setdefault(getattr(q, "graph_name", None), []).append(q)
    lines: list[str] = []
    for graph, items in groups.items():
        out = io.BytesIO()
        fmt = ox.RdfFormat.N_TRIPLES if graph is None else ox.RdfFormat.N_QUADS
        ox.serialize(items, out, fmt)
        cut = 2 if graph is None or isinstance(graph, ox.DefaultGraph) else len(f" {graph} .")
        lines.extend(line[:-cut] for line in out.getvalue().decode().splitlines())
    return lines
