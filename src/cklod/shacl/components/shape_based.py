"""sh:property, sh:node, sh:qualifiedValueShape (pyshacl constraints/core/shape_based_constraints.py)."""

from __future__ import annotations

import rdflib

from cklod.shacl.components.base import Constraint, FocusValues, hit
from cklod.shacl.errors import Unsupported
from cklod.shacl.messages import shape_text
from cklod.shacl.vocab import SH


class PropertyConstraint(Constraint):
    """Validates each value node against each property shape; their results are reported as their own."""

    component = SH + "PropertyConstraintComponent"
    parameters = ("property",)

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        self.others = [shape.model.shape(n, shape.label) for n in self.values("property")]
        for other in self.others:
            if other.path is None:
                raise Unsupported(shape.label, "an sh:property that is not a property shape")

    def shapes_used(self) -> list:
        return self.others

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        bad: set[str] = set()
        # One run per property shape over every value node (a node shape's value node is its focus node),
        # so the property shape's constraints loop over all of them at once.
        values = [v for _, vs in fv for v in vs]
        if not values:
            return bad
        for other in self.others:
            failed, reported = ctx.run(other, values, out)
            if failed or reported:
                for f, vs in fv:
                    for v in vs:
                        if v in failed:
                            bad.add(f)
                        elif v in reported:
                            noisy.add(f)
        return bad


class NodeConstraint(Constraint):
    """A result per value node that does not conform to the node shape, with that shape's results as
    details (pyshacl's sh:detail; cklod's results_of reads them as results too)."""

    component = SH + "NodeConstraintComponent"
    parameters = ("node",)

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        self.rules = self.values("node")
        self.others = [shape.model.shape(n, shape.label) for n in self.rules]
        for other in self.others:
            if other.path is not None:
                raise Unsupported(shape.label, "an sh:node that is a property shape")

    def shapes_used(self) -> list:
        return self.others

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        bad: set[str] = set()
        for other in self.others:
            known = ctx.statuses(other, [v for _, vs in fv for v in vs]) if out is None else {}
            for f, vs in fv:
                for v in vs:
                    if out is None:
                        conforms, reported = known[v]
                        if conforms and not reported:
                            continue
                        bad.add(f)
                        continue
                    details: list = []
                    failed, reported = ctx.run(other, [v], details)
                    if failed or reported:
                        bad.add(f)
                        hit(out, self.shape, f, v, self)
                        out.extend(details)
        return bad

    def generic_message(self, ctx, focus, value) -> str:
        if len(self.rules) < 2:
            m = f"Value does not conform to Shape {shape_text(self.graph, self.rules[0])}."
        else:
            m = "Value must conform to every Shape in ('{}').".format(
                "', '".join(shape_text(self.graph, r) for r in self.rules)
            )
        return m + " See details for more information."


class QualifiedValueShapeConstraint(Constraint):
    """Counts the value nodes that conform to the qualified shape (and, with sh:qualifiedValueShapesDisjoint,
    to no sibling qualified shape); one result without a value per bound the count breaks."""

    component = SH + "QualifiedValueShapeConstraintComponent"
    parameters = (
        "qualifiedValueShape",
        "qualifiedMinCount",
        "qualifiedMaxCount",
        "qualifiedValueShapesDisjoint",
    )
    MIN = SH + "QualifiedMinCountConstraintComponent"
    MAX = SH + "QualifiedMaxCountConstraintComponent"

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        self.rules = self.values("qualifiedValueShape")
        self.min = self._count("qualifiedMinCount")
        self.max = self._count("qualifiedMaxCount")
        if self.min is None and self.max is None:
            raise Unsupported(shape.label, "sh:qualifiedValueShape without a qualified count")
        disjoint = any(
            isinstance(d, rdflib.Literal) and isinstance(d.value, bool) and d.value
            for d in self.values("qualifiedValueShapesDisjoint")
        )
        self.checks = []
        for node in self.rules:
            siblings = self._siblings(node) if disjoint else []
            self.checks.append((shape.model.shape(node, shape.label), siblings))

    def shapes_used(self) -> list:
        return [s for other, siblings in self.checks for s in (other, *siblings)]

    def _count(self, name: str) -> int | None:
        found = self.values(name)
        if not found:
            return None
        if len(found) > 1 or not isinstance(found[0], rdflib.Literal) or not isinstance(found[0].value, int):
            raise Unsupported(self.shape.label, f"sh:{name} that is not one integer")
        return found[0].value

    def _siblings(self, node) -> list:
        """The other qualified value shapes of the property shapes of every shape this one is a property of."""
        sh_property, qvs = rdflib.URIRef(SH + "property"), rdflib.URIRef(SH + "qualifiedValueShape")
        found = set()
        for parent in self.graph.subjects(sh_property, self.shape.node):
            for prop in self.graph.objects(parent, sh_property):
                found.update(s for s in self.graph.objects(prop, qvs) if s != node)
        return [self.shape.model.shape(s, self.shape.label) for s in found]

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        bad: set[str] = set()
        values = [v for _, vs in fv for v in vs]
        for other, siblings in self.checks:
            qualified = ctx.conforming(other, values)
            for sibling in siblings:
                qualified -= ctx.conforming(sibling, qualified)
            for f, vs in fv:
                count = sum(1 for v in vs if v in qualified)
                for _limit, broken, component in (
                    (self.max, self.max is not None and count > self.max, self.MAX),
                    (self.min, self.min is not None and count < self.min, self.MIN),
                ):
                    if broken:
                        bad.add(f)
                        if out is not None:
                            hit(out, self.shape, f, None, self, component)
        return bad

    def generic_message(self, ctx, focus, value) -> str:
        shapes = ",".join(shape_text(self.graph, s) for s in self.rules)
        counts = (f" MinCount {self.min}" if self.min is not None else "") + (
            f" MaxCount {self.max}" if self.max is not None else ""
        )
        plural = "s" if len(self.rules) > 1 else ""
        return f"Focus node does not conform to shape{plural}{counts}: " + (
            f"({shapes})" if plural else shapes
        )
