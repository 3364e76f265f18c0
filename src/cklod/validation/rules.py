"""The SPARQL-based constraints of shapes/rules.ttl, each run once over the whole dataset on Oxigraph.

pyshacl runs a constraint's sh:select once per focus node; here each becomes one query, its target added as
a triple pattern binding ?this. A shape may also give, for this one whole-graph run:

- ``cks:wholeGraphSelect``: a set-oriented form of the same constraint;
- ``cks:wholeGraphKeys``: a SELECT of ?key values outside which the constraint cannot fire. It runs first;
  when it finds none, the constraint is skipped, else its whole-graph form runs with the keys as a VALUES
  block. Oxigraph joins on a computed value (a lower-cased name) pair by pair, so a join on one is quadratic;
  a GROUP BY on it is linear, and the pairs are then looked for among the few keys found.

pyshacl ignores both properties; tests prove the forms give the same results (tests/test_rules.py,
tests/test_scale.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from cklod.rdf.iris import SH, SHAPES
from cklod.shacl.result import Result


@dataclass(frozen=True)
class SparqlRule:
    shape: str
    target: str  # the focus-node pattern the rule was rewritten with
    query: str
    message: str
    severity: str
    keys: str | None = None  # the cks:wholeGraphKeys query, with the constraint's prefixes


def _target_pattern(shapes_graph, shape) -> str:
    """The triple pattern that binds ?this to the shape's focus nodes (one target per rules shape)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    targets = [
        (kind, obj)
        for kind in ("targetClass", "targetSubjectsOf", "targetObjectsOf")
        for obj in shapes_graph.objects(shape, sh[kind])
    ]
    if len(targets) != 1 or isinstance(shape, rdflib.BNode):
        raise ValueError(f"rules shape {shape} must be an IRI with exactly one target")
    kind, obj = targets[0]
    if kind == "targetClass":
        return f"?this a <{obj}> ."
    if kind == "targetSubjectsOf":
        return f"?this <{obj}> ?cklod_target_object ."
    return f"?cklod_target_subject <{obj}> ?this ."


def sparql_rules(shapes_graph) -> list[SparqlRule]:
    """Each sh:SPARQLConstraint of a rules shape, rewritten as one query over the whole graph."""
    import rdflib

    sh = rdflib.Namespace(SH)
    rules = []
    for shape in sorted(set(shapes_graph.subjects(sh.sparql, None)), key=str):
        pattern = _target_pattern(shapes_graph, shape)
        severity = shapes_graph.value(shape, sh.severity) or sh.Violation
        for constraint in sorted(shapes_graph.objects(shape, sh.sparql), key=str):
            whole = shapes_graph.value(constraint, rdflib.URIRef(SHAPES + "wholeGraphSelect"))
            keys = shapes_graph.value(constraint, rdflib.URIRef(SHAPES + "wholeGraphKeys"))
            select = str(whole if whole is not None else shapes_graph.value(constraint, sh.select))
            message = shapes_graph.value(constraint, sh.message) or shapes_graph.value(shape, sh.message)
            prefixes = _prefixes(shapes_graph, constraint)
            rules.append(
                SparqlRule(
                    str(shape),
                    pattern,
                    prefixes + _with_pattern(select.replace("$this", "?this"), pattern),
                    str(message or ""),
                    str(shapes_graph.value(constraint, sh.severity) or severity),
                    prefixes + str(keys) if keys is not None else None,
                )
            )
    return rules


def _with_pattern(select: str, pattern: str) -> str:
    """``select`` with ``pattern`` first in its WHERE clause."""
    where = re.search(r"\bWHERE\s*\{", select, re.IGNORECASE) or re.search(r"\{", select)
    return f"{select[: where.end()]} {pattern} {select[where.end() :]}"


def _prefixes(shapes_graph, constraint) -> str:
    import rdflib

    sh = rdflib.Namespace(SH)
    lines = []
    for holder in shapes_graph.objects(constraint, sh.prefixes):
        for decl in shapes_graph.objects(holder, sh.declare):
            prefix = shapes_graph.value(decl, sh.prefix)
            ns = shapes_graph.value(decl, sh.namespace)
            lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(sorted(set(lines))) + "\n"


def query_of(rule: SparqlRule, store: ox.Store) -> str | None:
    """The query to run for ``rule`` on ``store``; None when its keys query finds no key (it cannot fire)."""
    if rule.keys is None:
        return rule.query
    keys = sorted({str(row["key"]) for row in store.query(rule.keys) if row["key"] is not None})
    if not keys:
        return None
    return rule.query.replace(rule.target, f"{rule.target} VALUES ?key {{ {' '.join(keys)} }}", 1)


def run_rules(store: ox.Store, rules: list[SparqlRule]) -> list[Result]:
    """Each rule as one query over ``store``, which holds the union of the graphs as its default graph."""
    out = []
    for rule in rules:
        query = query_of(rule, store)
        if query is None:
            continue
        for row in store.query(query):

            def get(name: str, row=row) -> str:
                try:
                    value = row[name]
                except (KeyError, IndexError):
                    return ""
                return "" if value is None else value.value

            out.append(
                Result(
                    focus=get("this"),
                    path=get("path"),
                    value=get("value"),
                    message=rule.message,
                    severity=rule.severity,
                    shape=rule.shape,
                    component=SH + "SPARQLConstraintComponent",
                )
            )
    return out
