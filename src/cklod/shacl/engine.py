"""Evaluation: focus nodes from targets, each shape's constraints over all its focus nodes, and results as
cklod's Result records, the same pyshacl's results graph gives through cklod.validation.shapes.results_of.

Shapes are checked as pyshacl checks them (Shape.validate): a deactivated shape conforms; a shape whose
severity is sh:Warning or sh:Info conforms whatever its constraints say, because cklod runs pyshacl with
allow_warnings=True; its results are still reported.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence

import rdflib

from cklod.shacl.data import EMPTY, DataGraph
from cklod.shacl.model import Shape, ShapesModel
from cklod.shacl.paths import Predicate
from cklod.shacl.result import Result
from cklod.shacl.terms import result_text
from cklod.shacl.vocab import RDF_TYPE, RDFS_SUBCLASS_OF


class Context:
    """One validation run over one data graph: the index, and what is known of shapes on nodes."""

    def __init__(self, model: ShapesModel, data: DataGraph):
        self.data = data
        self._status: list[dict[str, tuple[bool, bool]]] = [{} for _ in model.shapes]

    def run(self, shape: Shape, foci: Sequence[str], out: list | None) -> tuple[set[str], set[str]]:
        """(focus nodes where ``shape`` does not conform, those where it reported results but conforms)."""
        if shape.deactivated:
            return set(), set()
        path = shape.path
        if path is None:
            fv = [(f, (f,)) for f in foci]
        elif isinstance(path, Predicate):  # the common case, inlined: one dict lookup per focus node
            get = self.data.out.get(path.key, EMPTY).get
            fv = [(f, get(f, ())) for f in foci]
        else:
            values, data = path.values, self.data
            fv = [(f, values(data, f)) for f in foci]
        failed: set[str] = set()
        noisy: set[str] = set()
        for constraint in shape.constraints:
            bad = constraint.evaluate(fv, self, out, noisy)
            if bad:
                failed |= bad
        if shape.lenient:
            return set(), failed | noisy
        return failed, noisy - failed

    def statuses(self, shape: Shape, nodes: Iterable[str]) -> dict[str, tuple[bool, bool]]:
        """For each node: (does it conform to ``shape``, did checking it report anything). Conformance depends
        only on the data graph, so it is remembered for the run; the unknown nodes are checked in one run of
        the shape (a column, not node by node)."""
        known = self._status[shape.index]
        todo = [n for n in dict.fromkeys(nodes) if n not in known]
        if todo:
            failed, noisy = self.run(shape, todo, None)
            for n in todo:
                known[n] = (n not in failed, n in failed or n in noisy)
        return known

    def conforming(self, shape: Shape, nodes: Iterable[str]) -> set[str]:
        """Those of ``nodes`` that conform to ``shape``."""
        known = self.statuses(shape, nodes)
        return {n for n in nodes if known[n][0]}


class Validator:
    """A shapes graph compiled once, to validate any number of data graphs."""

    def __init__(self, shapes_graph: rdflib.Graph):
        self.model = ShapesModel(shapes_graph)
        forward, backward = {RDF_TYPE, RDFS_SUBCLASS_OF}, {RDF_TYPE}
        reads_everything = False
        for shape in self.model.shapes:
            if shape.path is not None:
                forward |= shape.path.forward
                backward |= shape.path.backward
            forward.update(shape.targets["subjects_of"])
            backward.update(shape.targets["objects_of"])
            for c in shape.constraints:
                forward |= c.reads
                reads_everything = reads_everything or c.reads_everything
        self.forward: frozenset[str] | None = None if reads_everything else frozenset(forward)
        self.backward = frozenset(backward)
        self.top = [s for s in self.model.shapes if any(s.targets.values())]

    def index(self, lines: Iterable[str] = ()) -> DataGraph:
        """The data graph of N-Triples lines without their final " ." (data.triple_lines); add more with
        its ``add``."""
        return DataGraph(self.forward, self.backward).add(lines if isinstance(lines, list) else list(lines))

    def validate(self, data: DataGraph) -> list[Result]:
        """Every result pyshacl reports for this data graph, as many times as it reports it."""
        if not data.lines:
            return []  # shapes.run_pyshacl does not run pyshacl on an empty graph (targetNode would find some)
        ctx = Context(self.model, data)
        hits: list = []
        paused = gc.isenabled()
        gc.disable()  # many short-lived containers, no cycles: see DataGraph.add
        try:
            for shape in self.top:
                foci = _focus_nodes(shape, data)
                if foci:
                    ctx.run(shape, list(foci), hits)
        finally:
            if paused:
                gc.enable()
        return [_result(ctx, h) for h in hits]


def _focus_nodes(shape: Shape, data: DataGraph) -> set[str]:
    targets = shape.targets
    found = set(targets["node"])
    for cls in targets["class"]:
        found |= data.instances(cls)
    for p in targets["subjects_of"]:
        found |= data.subjects_of(p)
    for p in targets["objects_of"]:
        found |= data.objects_of(p)
    return found


def _result(ctx: Context, hit: tuple) -> Result:
    shape, focus, value, constraint, component, path = hit
    message = shape.message
    if message is None:
        message = constraint.generic_message(ctx, focus, value)
    return Result(
        focus=result_text(focus),
        path=shape.path_text if path is None else path,
        value="" if value is None else result_text(value),
        message=message,
        severity=shape.severity,
        shape=shape.name,
        component=component,
    )
