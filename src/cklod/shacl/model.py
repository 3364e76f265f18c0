"""The shapes graph compiled into Shape objects, found and read the way pyshacl 0.40 finds and reads them.

pyshacl (shapes_graph.py, shape.py) takes as shapes: instances of sh:NodeShape and sh:PropertyShape, subjects
of target, sh:property and sh:node triples, and values of shape-expecting parameters (sh:property, sh:node,
sh:not, sh:qualifiedValueShape, members of sh:and/sh:or/sh:xone lists). A shape with sh:path is a property
shape. Each shape's constraint components are chosen by the parameters it states. Anything pyshacl would do
that this engine does not (SPARQL, rules, custom targets and components, recursion) raises Unsupported.
"""

from __future__ import annotations

import rdflib
from rdflib import BNode, URIRef

from cklod.shacl.components import BY_PARAMETER, QualifiedValueShapeConstraint
from cklod.shacl.errors import Unsupported
from cklod.shacl.paths import Path, compile_path
from cklod.shacl.terms import key_of
from cklod.shacl.vocab import LENIENT_SEVERITIES, RDF, RDFS, SH, VIOLATION

_TYPE = URIRef(RDF + "type")

# What pyshacl's advanced mode (run_pyshacl passes advanced=True) or its SPARQL/JS support would act on.
UNSUPPORTED = {
    SH + "sparql": "SPARQL-based constraints (sh:sparql)",
    SH + "target": "custom targets (sh:target)",
    SH + "rule": "SHACL rules (sh:rule)",
    SH + "expression": "node expressions (sh:expression)",
    SH + "js": "JavaScript constraints (sh:js)",
    SH + "parameter": "custom constraint components (sh:parameter)",
}


def _sh(name: str) -> URIRef:
    return URIRef(SH + name)


class Shape:
    """One node or property shape: targets, path, constraints, and what its results say."""

    def __init__(self, model: ShapesModel, node: rdflib.term.Node, path_node: rdflib.term.Node | None):
        graph = model.graph
        self.model = model
        self.node = node
        self.index = len(model.shapes)
        self.name = "" if isinstance(node, BNode) else str(node)  # Result.shape (shapes._term_text)
        self.path_node = path_node
        self.label = self.name or _describe(graph, node)
        self.path: Path | None = None if path_node is None else compile_path(graph, path_node, self.label)
        self.path_text = "" if self.path is None else self.path.text
        deactivated = list(graph.objects(node, _sh("deactivated")))
        if len(deactivated) > 1 or (deactivated and not isinstance(deactivated[0], rdflib.Literal)):
            raise Unsupported(self.label, "an sh:deactivated that is not one literal")
        self.deactivated = bool(deactivated[0].value) if deactivated else False
        severities = sorted(graph.objects(node, _sh("severity")), key=str)
        self.severity = str(severities[0]) if severities else VIOLATION
        self.lenient = self.severity in LENIENT_SEVERITIES
        # pyshacl reports every sh:message and cklod keeps one; with several, pyshacl's choice follows set
        # order, so this takes the first by text to be at least deterministic.
        messages = sorted(str(m) for m in graph.objects(node, _sh("message")))
        self.message = messages[0] if messages else None
        self.constraints: list = []
        self.targets = _targets(graph, node)

    def compile(self) -> None:
        """Choose and build the constraint components of the parameters this shape states."""
        chosen = []
        for p in dict.fromkeys(str(p) for p, _ in self.model.graph.predicate_objects(self.node)):
            if p in UNSUPPORTED:
                raise Unsupported(self.label, UNSUPPORTED[p])
            component = BY_PARAMETER.get(p)
            if component is None or component in chosen:
                continue
            chosen.append(component)
            if component is QualifiedValueShapeConstraint and self.path is None:
                continue  # pyshacl warns and ignores it on a node shape
            self.constraints.append(component(self, self.model.graph))

    @property
    def referenced(self) -> list[Shape]:
        """The shapes this shape's constraints check value nodes against."""
        return [s for c in self.constraints for s in c.shapes_used()]


def _targets(graph: rdflib.Graph, node: rdflib.term.Node) -> dict[str, list[str]]:
    classes = list(graph.objects(node, _sh("targetClass")))
    # implicit class target: a shape that is also an rdfs:Class (or an instance of a subclass of it)
    class_types = {
        URIRef(RDFS + "Class"),
        *graph.subjects(URIRef(RDFS + "subClassOf"), URIRef(RDFS + "Class")),
    }
    if any(t in class_types for t in graph.objects(node, _TYPE)):
        classes.append(node)
    return {
        "class": [key_of(c) for c in classes],
        "node": [key_of(n) for n in graph.objects(node, _sh("targetNode"))],
        "subjects_of": [key_of(p) for p in graph.objects(node, _sh("targetSubjectsOf"))],
        "objects_of": [key_of(p) for p in graph.objects(node, _sh("targetObjectsOf"))],
    }


def _describe(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    """A name for an anonymous shape in error messages: where it hangs, and its path."""
    path = graph.value(node, _sh("path"))
    owner = next(iter(graph.subjects(None, node)), None)
    parts = [f"[a blank node shape{f' on path {path}' if isinstance(path, URIRef) else ''}"]
    if owner is not None and not isinstance(owner, BNode):
        parts.append(f" of {owner}")
    return "".join(parts) + "]"


class ShapesModel:
    """Every shape of a shapes graph, compiled; ``shape(node)`` finds one by its node."""

    def __init__(self, graph: rdflib.Graph):
        self.graph = graph
        self.shapes: list[Shape] = []
        self._by_node: dict[rdflib.term.Node, Shape] = {}
        for p, feature in UNSUPPORTED.items():
            for s in graph.subjects(URIRef(p), None):
                raise Unsupported("" if isinstance(s, BNode) else str(s), feature)
        for s in graph.subjects(_TYPE, _sh("ConstraintComponent")):
            raise Unsupported(str(s), "custom constraint components (sh:ConstraintComponent)")
        for node, path in _discover(graph).items():
            shape = Shape(self, node, path)
            self.shapes.append(shape)
            self._by_node[node] = shape
        for shape in self.shapes:
            shape.compile()
        _refuse_recursion(self.shapes)

    def shape(self, node: rdflib.term.Node, referrer: str) -> Shape:
        found = self._by_node.get(node)
        if found is None:
            raise Unsupported(referrer, f"a reference to {node}, which is not a shape")
        return found


def _discover(graph: rdflib.Graph) -> dict[rdflib.term.Node, rdflib.term.Node | None]:
    """Each shape node and its sh:path (None for node shapes), by pyshacl's _build_node_shape_cache."""
    node_shapes = set(graph.subjects(_TYPE, _sh("NodeShape")))
    prop_shapes = set(graph.subjects(_TYPE, _sh("PropertyShape")))
    found: dict[rdflib.term.Node, rdflib.term.Node | None] = {}
    for s in node_shapes:
        if s in prop_shapes or graph.value(s, _sh("path")) is not None:
            raise Unsupported(str(s), "a node shape with sh:path or also typed sh:PropertyShape")
        found[s] = None
    implied = set()
    for p in ("targetClass", "targetNode", "targetObjectsOf", "targetSubjectsOf", "property", "node"):
        implied.update(graph.subjects(_sh(p), None))
    for p in ("property", "node", "not", "qualifiedValueShape"):
        implied.update(graph.objects(None, _sh(p)))
    for p in ("and", "or", "xone"):
        for lst in graph.objects(None, _sh(p)):
            members = list(graph.items(lst))
            if not members:
                raise Unsupported("", f"an sh:{p} that is not a non-empty list")
            implied.update(members)
    for s in prop_shapes | (implied - node_shapes):
        paths = list(graph.objects(s, _sh("path")))
        if len(paths) > 1 or (s in prop_shapes and not paths):
            raise Unsupported(str(s), "a property shape without exactly one sh:path")
        found[s] = paths[0] if paths else None
    return dict(sorted(found.items(), key=lambda item: (isinstance(item[0], BNode), str(item[0]))))


def _refuse_recursion(shapes: list[Shape]) -> None:
    """pyshacl stops recursive shapes with heuristics of its own; this engine does not go there."""
    state: dict[int, int] = {}  # 1: on the current path, 2: done

    def visit(shape: Shape) -> None:
        state[shape.index] = 1
        for other in shape.referenced:
            mark = state.get(other.index)
            if mark == 1:
                raise Unsupported(shape.label, f"recursive shapes (it reaches {other.label} again)")
            if mark is None:
                visit(other)
        state[shape.index] = 2

    for shape in shapes:
        if shape.index not in state:
            visit(shape)
