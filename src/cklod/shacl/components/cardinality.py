"""sh:minCount and sh:maxCount (pyshacl constraints/core/cardinality_constraints.py): one result per focus
node, without a value."""

from __future__ import annotations

import rdflib

from cklod.shacl.components.base import Constraint, FocusValues, hit
from cklod.shacl.errors import Unsupported
from cklod.shacl.messages import data_text, shape_text
from cklod.shacl.vocab import SH, XSD


class _Count(Constraint):
    name = ""

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        self.property_only(self.name)
        literal = self.one(self.name)
        if not isinstance(literal, rdflib.Literal) or str(literal.datatype) != XSD + "integer":
            raise Unsupported(shape.label, f"sh:{self.name} that is not an xsd:integer")
        self.literal = literal
        self.count = int(literal.value)
        if self.count < 0:
            raise Unsupported(shape.label, f"a negative sh:{self.name}")

    def _message(self, word: str, focus: str) -> str:
        path = shape_text(self.graph, self.shape.path_node)
        return f"{word} than {self.literal.value} values on {data_text(focus)}->{path}"


class MinCountConstraint(_Count):
    component = SH + "MinCountConstraintComponent"
    parameters = ("minCount",)
    name = "minCount"

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        n = self.count
        if n == 0:
            return set()
        bad = {f for f, vs in fv if len(vs) < n}
        if out is not None and bad:
            for f, vs in fv:
                if len(vs) < n:
                    hit(out, self.shape, f, None, self)
        return bad

    def generic_message(self, ctx, focus, value) -> str:
        return self._message("Less", focus)


class MaxCountConstraint(_Count):
    component = SH + "MaxCountConstraintComponent"
    parameters = ("maxCount",)
    name = "maxCount"

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        n = self.count
        bad = {f for f, vs in fv if len(vs) > n}
        if out is not None and bad:
            for f, vs in fv:
                if len(vs) > n:
                    hit(out, self.shape, f, None, self)
        return bad

    def generic_message(self, ctx, focus, value) -> str:
        return self._message("More", focus)
