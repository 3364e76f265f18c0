"""sh:not, sh:and, sh:or, sh:xone (pyshacl constraints/core/logical_constraints.py).

Each checks whether a value node conforms to other shapes, for all value nodes at once (Context.conforming). Conformance of a shape on a node depends only on
the data graph, so the engine remembers it (Context.statuses): sh:or lists of sh:class shapes over the same
few entities are decided once per entity.
"""

from __future__ import annotations

from cklod.shacl.components.base import Constraint, FocusValues
from cklod.shacl.messages import data_text, shape_text
from cklod.shacl.vocab import SH


class NotConstraint(Constraint):
    component = SH + "NotConstraintComponent"
    parameters = ("not",)

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        self.rules = self.values("not")
        self.others = [shape.model.shape(n, shape.label) for n in self.rules]

    def shapes_used(self) -> list:
        return self.others

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        bad: set[str] = set()
        values = [v for _, vs in fv for v in vs]
        for other in self.others:
            conforming = ctx.conforming(other, values)
            self.refuse(fv, lambda v, conforming=conforming: v not in conforming, out, bad)
        return bad

    def generic_message(self, ctx, focus, value) -> str:
        if len(self.rules) == 1:
            return (
                f"Node {data_text(value)} must not conform to shape {shape_text(self.graph, self.rules[0])}"
            )
        nots = " , ".join(shape_text(self.graph, n) for n in self.rules)
        return f"Node {data_text(value)} must not conform to any shapes in {nots}"


class _ListOfShapes(Constraint):
    """and/or/xone: each list given is checked on its own, and reports on its own."""

    name = ""
    words = ""
    joined = ""

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        self.lists = self.values(self.name)
        self.members = [self.members_of(lst) for lst in self.lists]

    def members_of(self, lst) -> list:
        # pyshacl makes a set of the and/or members, but a list of the xone members (a shape listed twice
        # counts twice there)
        found = [self.shape.model.shape(n, self.shape.label) for n in self.items(lst, self.name)]
        return found if self.name == "xone" else list(dict.fromkeys(found))

    def passes(self, conforming: int, members: int) -> bool:
        raise NotImplementedError

    def shapes_used(self) -> list:
        return [m for members in self.members for m in members]

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        bad: set[str] = set()
        values = [v for _, vs in fv for v in vs]
        passes = self.passes
        for members in self.members:
            # each member checked on every value at once (each value once, remembered for the whole run)
            conforming = [ctx.conforming(m, values) for m in members]
            n = len(members)

            def accepts(v: str, conforming=conforming, n=n) -> bool:
                return passes(sum(1 for c in conforming if v in c), n)

            self.refuse(fv, accepts, out, bad)
        return bad

    def generic_message(self, ctx, focus, value) -> str:
        parts = [" , ".join(shape_text(self.graph, m) for m in self.graph.items(lst)) for lst in self.lists]
        listed = parts[0] if len(parts) < 2 else " and ".join(f"({p})" for p in parts)
        return f"Node {data_text(value)} must conform to {self.words} {listed}"


class AndConstraint(_ListOfShapes):
    component = SH + "AndConstraintComponent"
    parameters = ("and",)
    name, words = "and", "all shapes in"

    def passes(self, conforming: int, members: int) -> bool:
        return conforming == members


class OrConstraint(_ListOfShapes):
    component = SH + "OrConstraintComponent"
    parameters = ("or",)
    name, words = "or", "one or more shapes in"

    def passes(self, conforming: int, members: int) -> bool:
        return conforming > 0


class XoneConstraint(_ListOfShapes):
    component = SH + "XoneConstraintComponent"
    parameters = ("xone",)
    name, words = "xone", "exactly one shape in"

    def passes(self, conforming: int, members: int) -> bool:
        return conforming == 1
