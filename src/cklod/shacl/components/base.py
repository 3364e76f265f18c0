"""What every constraint component shares: how it is evaluated, reported and described.

A component is evaluated for one shape over many focus nodes at once, as pyshacl does: ``fv`` pairs each focus
node with its value nodes (the focus itself for a node shape). It returns the focus nodes where it fails and,
when ``out`` is a list, appends one hit per validation result pyshacl would report. Nested checks (sh:or,
sh:not …) pass ``out=None``: they only need the verdict, so no result is built.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import rdflib

from cklod.shacl.errors import Unsupported
from cklod.shacl.vocab import SH

if TYPE_CHECKING:
    from cklod.shacl.engine import Context
    from cklod.shacl.model import Shape

FocusValues = Sequence[tuple[str, Sequence[str]]]
# (shape, focus, value or None, constraint, component IRI, result path or None for the shape's own path)
Hit = tuple


class Constraint:
    """One constraint component of one shape."""

    component = ""  # the sh:sourceConstraintComponent IRI
    parameters: tuple[str, ...] = ()  # the sh: parameter names that select this component
    reads: frozenset[str] = frozenset()  # predicates it reads at the focus node, besides the shape's path
    reads_everything = False  # True: it reads every predicate of its value nodes (the index keeps them all)

    def __init__(self, shape: Shape, graph: rdflib.Graph):
        self.shape = shape
        self.graph = graph

    def evaluate(self, fv: FocusValues, ctx: Context, out: list | None, noisy: set) -> set[str]:
        """The focus nodes in ``fv`` where this constraint fails; hits go to ``out`` when it is a list.

        ``noisy`` collects focus nodes where the constraint reported results without failing (only sh:property
        does that, for a nested shape of severity sh:Warning or sh:Info).
        """
        raise NotImplementedError

    def shapes_used(self) -> list[Shape]:
        """The shapes it checks value nodes against (for the recursion check)."""
        return []

    def generic_message(self, ctx: Context, focus: str, value: str | None) -> str:
        """pyshacl's default message, for results of shapes without sh:message (approximated)."""
        return ""

    # --- reading parameters ------------------------------------------------------------------------------

    def values(self, name: str) -> list[rdflib.term.Node]:
        return list(self.graph.objects(self.shape.node, rdflib.URIRef(SH + name)))

    def one(self, name: str) -> rdflib.term.Node:
        """The single value of a parameter pyshacl allows once (it refuses the shapes graph otherwise)."""
        found = self.values(name)
        if len(found) != 1:
            raise Unsupported(self.shape.label, f"{len(found)} values of sh:{name} (pyshacl allows one)")
        return found[0]

    def integer(self, name: str) -> int:
        value = self.one(name)
        if not isinstance(value, rdflib.Literal) or not isinstance(value.value, int) or value.value < 0:
            raise Unsupported(self.shape.label, f"sh:{name} that is not a non-negative integer")
        return int(value.value)

    def items(self, node: rdflib.term.Node, name: str) -> list[rdflib.term.Node]:
        found = list(self.graph.items(node))
        if not found:
            raise Unsupported(self.shape.label, f"sh:{name} that is not a non-empty RDF list")
        return found

    def property_only(self, name: str) -> None:
        if self.shape.path is None:
            raise Unsupported(self.shape.label, f"sh:{name} on a node shape (pyshacl refuses it)")

    def refuse(
        self, fv: FocusValues, accepts: Callable[[str], bool], out: list | None, bad: set[str]
    ) -> set[str]:
        """Add to ``bad`` each focus node with a value ``accepts`` refuses, with a hit per refused value."""
        for f, vs in fv:
            for v in vs:
                if not accepts(v):
                    bad.add(f)
                    if out is not None:
                        hit(out, self.shape, f, v, self)
        return bad


def remembered(verdicts: dict[str, bool], check: Callable[[str], bool]) -> Callable[[str], bool]:
    """``check``, each value's verdict kept in ``verdicts`` (a value recurs across focus nodes and batches)."""

    def accepts(v: str) -> bool:
        ok = verdicts.get(v)
        if ok is None:
            ok = verdicts[v] = check(v)
        return ok

    return accepts


def hit(out: list, shape: Shape, focus: str, value: str | None, c: Constraint, component: str = "") -> None:
    out.append((shape, focus, value, c, component or c.component, None))
