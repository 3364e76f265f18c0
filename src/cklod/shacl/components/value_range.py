"""sh:minInclusive, sh:minExclusive, sh:maxInclusive, sh:maxExclusive
(pyshacl constraints/core/value_range_constraints.py).

Comparisons are rdflib's, through pyshacl's own compare_literal, made once per distinct value term: a corpus
has few distinct numbers and dates, so exactness costs nothing.
"""

from __future__ import annotations

import rdflib

from cklod.shacl.components.base import Constraint, FocusValues, remembered
from cklod.shacl.errors import Unsupported
from cklod.shacl.messages import shape_text
from cklod.shacl.terms import rdflib_term
from cklod.shacl.vocab import SH


class _Range(Constraint):
    name = ""
    symbol = ""

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        self.rules = self.values(self.name)
        if not all(isinstance(r, rdflib.Literal) for r in self.rules):
            raise Unsupported(shape.label, f"an sh:{self.name} that is not a literal")
        self.verdicts: list[dict[str, bool]] = [{} for _ in self.rules]

    def holds(self, order: int) -> bool:
        raise NotImplementedError

    def accepts(self, term: str, bound: rdflib.Literal) -> bool:
        """pyshacl's _evaluate_*_rule for one value."""
        from pyshacl.rdfutil.compare import compare_literal

        if term[0] != '"':
            return False
        value = rdflib_term(term)
        if isinstance(bound.value, str) != isinstance(value.value, str):
            return False
        try:
            return self.holds(compare_literal(value, bound))
        except (TypeError, NotImplementedError):
            return False

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        bad: set[str] = set()
        for bound, verdicts in zip(self.rules, self.verdicts, strict=False):
            self.refuse(fv, remembered(verdicts, lambda v, bound=bound: self.accepts(v, bound)), out, bad)
        return bad

    def generic_message(self, ctx, focus, value) -> str:
        if len(self.rules) < 2:
            return f"Value is not {self.symbol} {shape_text(self.graph, self.rules[0])}"
        rules = ", ".join(shape_text(self.graph, r) for r in self.rules)
        return f"Value is not {self.symbol} in ({rules})"


class MinExclusiveConstraint(_Range):
    component = SH + "MinExclusiveConstraintComponent"
    parameters = ("minExclusive",)
    name, symbol = "minExclusive", ">"

    def holds(self, order: int) -> bool:
        return order > 0


class MinInclusiveConstraint(_Range):
    component = SH + "MinInclusiveConstraintComponent"
    parameters = ("minInclusive",)
    name, symbol = "minInclusive", ">="

    def holds(self, order: int) -> bool:
        return order >= 0


class MaxExclusiveConstraint(_Range):
    component = SH + "MaxExclusiveConstraintComponent"
    parameters = ("maxExclusive",)
    name, symbol = "maxExclusive", "<"

    def holds(self, order: int) -> bool:
        return order < 0


class MaxInclusiveConstraint(_Range):
    component = SH + "MaxInclusiveConstraintComponent"
    parameters = ("maxInclusive",)
    name, symbol = "maxInclusive", "<="

    def holds(self, order: int) -> bool:
        return order <= 0
