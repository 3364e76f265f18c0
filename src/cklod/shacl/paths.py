"""SHACL property paths: predicate, inverse, sequence and alternative paths, compiled from the shapes graph.

pyshacl (helper/expression_helper.py) follows paths over its rdflib graph; these follow them over the
DataGraph index. zeroOrMore/oneOrMore/zeroOrOne paths are not implemented: compiling one raises Unsupported.
"""

from __future__ import annotations

import rdflib

from cklod.shacl.data import EMPTY, DataGraph
from cklod.shacl.errors import Unsupported
from cklod.shacl.vocab import RDF, SH


class Path:
    """A compiled path: ``values(data, focus)`` is the set of value nodes, as a list without duplicates."""

    forward: frozenset[str] = frozenset()  # predicates read subject → object
    backward: frozenset[str] = frozenset()  # predicates read object → subject
    text = ""  # the result path as cklod's Result records it (validation.shapes.results_of)

    def values(self, data: DataGraph, focus: str) -> list[str]:
        raise NotImplementedError


class Predicate(Path):
    def __init__(self, iri: str):
        self.key = f"<{iri}>"
        self.forward = frozenset({self.key})
        self.text = iri

    def values(self, data: DataGraph, focus: str) -> list[str]:
        return data.out.get(self.key, EMPTY).get(focus, [])


class Inverse(Path):
    def __init__(self, iri: str):
        self.key = f"<{iri}>"
        self.backward = frozenset({self.key})
        self.text = f"^{iri}"  # validate._path_text

    def values(self, data: DataGraph, focus: str) -> list[str]:
        return data.into.get(self.key, EMPTY).get(focus, [])


class Sequence(Path):
    def __init__(self, steps: list[Path]):
        self.steps = steps
        self.forward = frozenset().union(*(s.forward for s in steps))
        self.backward = frozenset().union(*(s.backward for s in steps))

    def values(self, data: DataGraph, focus: str) -> list[str]:
        nodes = [focus]
        for step in self.steps:
            found: dict[str, None] = {}
            for node in nodes:
                found.update(dict.fromkeys(step.values(data, node)))
            nodes = list(found)
        return nodes


class Alternative(Path):
    def __init__(self, options: list[Path]):
        self.options = options
        self.forward = frozenset().union(*(o.forward for o in options))
        self.backward = frozenset().union(*(o.backward for o in options))

    def values(self, data: DataGraph, focus: str) -> list[str]:
        found: dict[str, None] = {}
        for option in self.options:
            found.update(dict.fromkeys(option.values(data, focus)))
        return list(found)


def compile_path(graph: rdflib.Graph, node: rdflib.term.Node, shape: str) -> Path:
    """The Path that sh:path ``node`` denotes; Unsupported for the path kinds this module lacks."""
    if isinstance(node, rdflib.URIRef):
        return Predicate(str(node))
    if isinstance(node, rdflib.Literal):
        raise Unsupported(shape, "a literal as sh:path")
    first = graph.value(node, rdflib.URIRef(RDF + "first"))
    if first is not None:
        steps = [compile_path(graph, item, shape) for item in graph.items(node)]
        if len(steps) < 2:
            raise Unsupported(shape, "a sequence path of fewer than two steps")
        return Sequence(steps)
    inverse = graph.value(node, rdflib.URIRef(SH + "inversePath"))
    if inverse is not None:
        if not isinstance(inverse, rdflib.URIRef):
            raise Unsupported(shape, "sh:inversePath of a complex path")
        return Inverse(str(inverse))
    alternatives = graph.value(node, rdflib.URIRef(SH + "alternativePath"))
    if alternatives is not None:
        options = [compile_path(graph, item, shape) for item in graph.items(alternatives)]
        if len(options) < 2:
            raise Unsupported(shape, "an sh:alternativePath of fewer than two paths")
        return Alternative(options)
    for kind in ("zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath"):
        if graph.value(node, rdflib.URIRef(SH + kind)) is not None:
            raise Unsupported(shape, f"sh:{kind}")
    raise Unsupported(shape, "a malformed sh:path")
