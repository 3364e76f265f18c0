"""sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals (pyshacl constraints/core/property_pair_constraints.py).

Each compares a focus node's value nodes with its own values of another property. Order comparisons are
rdflib's, made once per distinct pair of terms. Where pyshacl would stop with an error (a blank node compared,
or rdflib refusing to compare two literals) the engine reports a result instead: SHACL says values that cannot
be compared violate sh:lessThan.
"""

from __future__ import annotations

import rdflib

from cklod.shacl.components.base import Constraint, FocusValues, hit
from cklod.shacl.errors import Unsupported
from cklod.shacl.messages import data_text, shape_text
from cklod.shacl.terms import canonical, rdflib_term
from cklod.shacl.vocab import SH


class _Pair(Constraint):
    name = ""
    symbol = ""  # the operator pyshacl's default message puts between the other property and the value

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        self.properties = self.values(self.name)
        if not all(isinstance(p, rdflib.URIRef) for p in self.properties):
            raise Unsupported(shape.label, f"an sh:{self.name} that is not an IRI")
        self.keys = [f"<{p}>" for p in self.properties]
        self.reads = frozenset(self.keys)

    def generic_message(self, ctx, focus, value) -> str:
        other = ", ".join(shape_text(self.graph, p) for p in self.properties)
        return f"Value of {data_text(focus)}->{other} {self.symbol} {data_text(value)}"


class EqualsConstraint(_Pair):
    component = SH + "EqualsConstraintComponent"
    parameters = ("equals",)
    name, symbol = "equals", "!="

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        bad: set[str] = set()
        for key in self.keys:
            for f, vs in fv:
                mine = {canonical(v): v for v in vs}
                theirs = {canonical(v): v for v in ctx.data.objects(f, key)}
                if mine.keys() != theirs.keys():
                    bad.add(f)
                    if out is not None:
                        for c in mine.keys() - theirs.keys():
                            hit(out, self.shape, f, mine[c], self)
                        for c in theirs.keys() - mine.keys():
                            hit(out, self.shape, f, theirs[c], self)
        return bad


class DisjointConstraint(_Pair):
    component = SH + "DisjointConstraintComponent"
    parameters = ("disjoint",)
    name, symbol = "disjoint", "=="

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        bad: set[str] = set()
        for key in self.keys:
            for f, vs in fv:
                theirs = {canonical(v) for v in ctx.data.objects(f, key)}
                common = [v for v in vs if canonical(v) in theirs]
                if common:
                    bad.add(f)
                    if out is not None:
                        for v in common:
                            hit(out, self.shape, f, v, self)
        return bad


def _comparable(term: str) -> tuple[bool, object]:
    """(is a string, what pyshacl compares): IRIs and string-valued literals as str, others as rdflib terms."""
    if term[0] == "<":
        return True, str(rdflib_term(term))
    node = rdflib_term(term)
    if isinstance(node, rdflib.Literal) and isinstance(node.value, str):
        return True, node.value
    return False, node


class _Order(_Pair):
    strict = True

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        self.property_only(self.name)
        self.verdicts: dict[tuple[str, str], bool] = {}

    def less(self, a: str, b: str) -> bool:
        """pyshacl's _compare_lt / _compare_ltoe for one pair of terms."""
        if a[0] == "_" or b[0] == "_":
            return False  # pyshacl raises ReportableRuntimeError here
        a_string, a_value = _comparable(a)
        b_string, b_value = _comparable(b)
        if a_string != b_string:
            return False
        try:
            return bool(a_value < b_value if self.strict else a_value <= b_value)
        except TypeError:
            return False  # rdflib cannot order them (pyshacl would raise)

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        bad: set[str] = set()
        verdicts = self.verdicts
        for key in self.keys:
            for f, vs in fv:
                others = ctx.data.objects(f, key)
                for v in vs:
                    for w in others:  # one result per value and other value it is not below
                        ok = verdicts.get((v, w))
                        if ok is None:
                            ok = verdicts[(v, w)] = self.less(v, w)
                        if not ok:
                            bad.add(f)
                            if out is not None:
                                hit(out, self.shape, f, v, self)
        return bad


class LessThanConstraint(_Order):
    component = SH + "LessThanConstraintComponent"
    parameters = ("lessThan",)
    name, symbol = "lessThan", "<="


class LessThanOrEqualsConstraint(_Order):
    component = SH + "LessThanOrEqualsConstraintComponent"
    parameters = ("lessThanOrEquals",)
    name, symbol = "lessThanOrEquals", "<"
    strict = False
