"""sh:in, sh:hasValue, sh:closed (pyshacl constraints/core/other_constraints.py).

Terms are compared as rdflib compares them (same normalized lexical form, datatype and lower-cased language),
which is what equal N-Triples keys mean once the data graph has normalized its literals.
"""

from __future__ import annotations

import rdflib

from cklod.shacl.components.base import Constraint, FocusValues, hit
from cklod.shacl.errors import Unsupported
from cklod.shacl.messages import data_text, shape_text
from cklod.shacl.terms import canonical, key_of, lexical
from cklod.shacl.vocab import RDF, RDFS, SH


class InConstraint(Constraint):
    component = SH + "InConstraintComponent"
    parameters = ("in",)

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        self.members = list(graph.items(self.one("in")))
        self.keys = frozenset(key_of(m) for m in self.members)

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        keys = self.keys
        return self.refuse(fv, lambda v: canonical(v) in keys, out, set())

    def generic_message(self, ctx, focus, value) -> str:
        members = [shape_text(self.graph, m) for m in self.members]
        return f"Value {data_text(value)} not in list {members}"


class HasValueConstraint(Constraint):
    """One result, without a value, per focus node and sh:hasValue term missing from its values."""

    component = SH + "HasValueConstraintComponent"
    parameters = ("hasValue",)

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        self.rules = self.values("hasValue")
        self.keys = [key_of(v) for v in self.rules]

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        bad: set[str] = set()
        for key in self.keys:
            for f, vs in fv:
                if key not in vs and not any(canonical(v) == key for v in vs):
                    bad.add(f)
                    if out is not None:
                        hit(out, self.shape, f, None, self)
        return bad

    def generic_message(self, ctx, focus, value) -> str:
        the_set = [shape_text(self.graph, v) for v in self.rules]
        if self.shape.path_node is not None:
            path = shape_text(self.graph, self.shape.path_node)
            return f"Node {data_text(focus)}->{path} does not contain a value in the set: {the_set}"
        return f"Node {data_text(focus)} value is not a in the set of values: {the_set}"


class ClosedConstraint(Constraint):
    """A result per triple of a value node whose predicate no sh:property path or sh:ignoredProperties names;
    the triple's predicate is the result path and its object the value."""

    component = SH + "ClosedConstraintComponent"
    parameters = ("closed", "ignoredProperties")
    reads_everything = True

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        closed = self.values("closed")
        if len(closed) != 1 or not isinstance(closed[0], rdflib.Literal):
            raise Unsupported(shape.label, "sh:ignoredProperties without one literal sh:closed")
        self.on = bool(closed[0].value)
        ignored = {key_of(i) for lst in self.values("ignoredProperties") for i in graph.items(lst)}
        paths = {key_of(p) for ps in self.values_of_properties() for p in ps}
        self.allowed = frozenset(ignored | paths)
        self.always = (f"<{RDF}type>", f"<{RDFS}Resource>")

    def values_of_properties(self) -> list[list[rdflib.term.Node]]:
        found = []
        for prop in self.graph.objects(self.shape.node, rdflib.URIRef(SH + "property")):
            path = self.graph.value(prop, rdflib.URIRef(SH + "path"))
            if path is None:
                raise Unsupported(self.shape.label, "an sh:property without sh:path next to sh:closed")
            found.append([path] if isinstance(path, rdflib.URIRef) else [])
        return found

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        bad: set[str] = set()
        if not self.on:
            return bad
        allowed, always = self.allowed, self.always
        for f, vs in fv:
            for v in vs:
                for p, objects in ctx.data.properties(v):
                    if p in allowed:
                        continue
                    for o in objects:
                        if (p, o) == always:
                            continue
                        bad.add(f)
                        if out is not None:
                            out.append((self.shape, f, o, self, self.component, lexical(p)))
        return bad

    def generic_message(self, ctx, focus, value) -> str:
        return f"Node {data_text(focus)} is closed. It cannot have value: {data_text(value)}"
