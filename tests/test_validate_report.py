"""The validation report leads a person from each violation back to the mapping line that produced it."""

from __future__ import annotations

from pyoxigraph import Literal, Quad

from cklod.load.sources import load_sources
from cklod.pipeline import assemble
from cklod.rdf.iris import OA, SCHEMA, IriPolicy
from cklod.validation.validate import validate_dataset

DOC = "004_ebc1b76246187781"


def test_each_violation_names_the_mapping_line_behind_it(project_root):
    iris = IriPolicy()
    sources = load_sources(project_root)
    dataset = assemble(sources, iris)
    mapping = sources.mappings[DOC]
    role = next(f for f in mapping.facts if f.fact.kind == "role")
    role_node = iris.fact("role", DOC, role.fact.id)
    quote_node = f"{iris.base}id/evidence/{DOC}-{role.fact.id}#quote"
    quads = []
    for q in dataset.graphs[DOC]:
        if q.subject.value == role_node and q.predicate.value == SCHEMA + "roleName":
            continue  # a role without its title: a Core violation on the role node
        if q.subject.value == quote_node and q.predicate.value == OA + "exact":
            q = Quad(q.subject, q.predicate, Literal("not what the document says"), q.graph_name)
        quads.append(q)
    dataset.graphs[DOC] = quads

    report = validate_dataset(dataset, sources)

    focus = {r.focus for r in report.violations}
    assert {role_node, quote_node} <= focus
    line = f"{mapping.file}:{role.line}"
    assert report.sources[role_node] == line
    assert report.sources[quote_node] == line
    assert f"  from:  {line}" in report.text()
