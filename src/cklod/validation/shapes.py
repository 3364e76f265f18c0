"""The shapes and the SHACL Core engines: shapes files loaded (moved to the build's base), pyshacl run and its
results read, cklod's engine compiled, and the data a document's shapes look at."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import NamedNode, Quad, Triple

from cklod.rdf import nquads
from cklod.rdf.iris import DEFAULT_BASE, SH
from cklod.shacl import Unsupported, Validator
from cklod.shacl.result import Result

FACT_SHAPES = "facts.ttl"
ENTITY_SHAPES = "entities.ttl"
RULE_SHAPES = "rules.ttl"
ONTOLOGY_SHAPES = "ontology.ttl"
ENGINES = ("cklod", "pyshacl")  # who validates the Core shapes: cklod.shacl, or pyshacl itself


def rdflib_graph(items: Iterable[Quad | Triple]):
    import rdflib

    graph = rdflib.Graph()
    data = nquads.n_triples([Triple(q.subject, q.predicate, q.object) for q in items])
    if data:
        graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


def load_shapes(shapes_dir: Path, name: str, base: str = DEFAULT_BASE):
    """A shapes file as an rdflib graph, its IRI patterns moved to ``base`` when the build uses another."""
    import rdflib

    graph = rdflib.Graph()
    path = shapes_dir / name
    if path.exists():
        graph.parse(data=rebase_shapes(path.read_text(encoding="utf-8"), base), format="turtle")
    return graph


def rebase_shapes(text: str, base: str) -> str:
    """The shapes spell the default base in their sh:pattern regexes (Turtle-escaped) and messages."""
    if base == DEFAULT_BASE:
        return text
    turtle_regex = re.escape(base).replace("\\", "\\\\")
    text = text.replace(re.escape(DEFAULT_BASE).replace("\\", "\\\\"), turtle_regex)
    for kind in ("id/", "doc/", "graph/"):
        text = text.replace(DEFAULT_BASE + kind, base + kind)
    return text


def _term_text(node) -> str:
    import rdflib

    if node is None:
        return ""
    if isinstance(node, rdflib.BNode):
        return ""  # anonymous shapes and paths have no stable identity across engines
    return str(node)


def results_of(results_graph) -> list[Result]:
    """Results of a pyshacl results graph as plain records."""
    import rdflib

    sh = rdflib.Namespace(SH)
    out = []
    for node in results_graph.subjects(rdflib.RDF.type, sh.ValidationResult):

        def one(p, node=node):
            return results_graph.value(node, p)

        path = one(sh.resultPath)
        out.append(
            Result(
                focus=_term_text(one(sh.focusNode)),
                path=_term_text(path)
                if not isinstance(path, rdflib.BNode)
                else _path_text(results_graph, path),
                value=_term_text(one(sh.value)),
                message=str(one(sh.resultMessage) or ""),
                severity=str(one(sh.resultSeverity)),
                shape=_term_text(one(sh.sourceShape)),
                component=_term_text(one(sh.sourceConstraintComponent)),
            )
        )
    return out


def _path_text(graph, node) -> str:
    import rdflib

    inverse = graph.value(node, rdflib.URIRef(SH + "inversePath"))
    return f"^{inverse}" if inverse is not None else ""


def run_pyshacl(data_graph, shapes_graph) -> list[Result]:
    import pyshacl

    if len(data_graph) == 0 or len(shapes_graph) == 0:
        return []
    _conforms, results_graph, _text = pyshacl.validate(
        data_graph, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=True
    )
    return results_of(results_graph)


def core_engine(shapes_graph, name: str, engine: str = "cklod"):
    """The compiled cklod.shacl Validator for a Core shapes file, or None to run pyshacl on it: when asked
    for, or when the file uses something the engine does not implement (one warning line on stderr)."""

    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r} (one of {', '.join(ENGINES)})")
    if engine == "pyshacl" or len(shapes_graph) == 0:
        return None
    try:
        return Validator(shapes_graph)
    except Unsupported as exc:
        print(f"warning: {name}: {exc}; validating {name} with pyshacl", file=sys.stderr)
        return None


def local_data(doc_quads: list[Quad], registry_by_subject: dict[NamedNode, list[Quad]]) -> list[Quad]:
    """A document's graph plus the registry triples of every entity it links to."""
    linked = {q.object for q in doc_quads if isinstance(q.object, NamedNode)}
    linked |= {q.subject for q in doc_quads}
    extra = [q for node in sorted(linked, key=str) for q in registry_by_subject.get(node, ())]
    return doc_quads + extra
