"""The whole-graph forms of the SPARQL rules (cks:wholeGraphSelect, cks:wholeGraphKeys) find what pyshacl finds
running each rule's sh:select per focus node."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from cklod.validation.rules import query_of, run_rules, sparql_rules
from cklod.validation.shapes import RULE_SHAPES, load_shapes, run_pyshacl

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/cklod/id/"
NAME, ALT = "http://schema.org/name", "http://schema.org/alternateName"
DIFFERENT = "http://www.w3.org/2002/07/owl#differentFrom"


def entity(slug: str, name: str, *alternates: str, kind: str = "person") -> list[str]:
    lines = [f'<{ID}{kind}/{slug}> <{NAME}> "{name}"@en .']
    return lines + [f'<{ID}{kind}/{slug}> <{ALT}> "{alt}"@en .' for alt in alternates]


def different(a: str, b: str) -> str:
    return f"<{ID}person/{a}> <{DIFFERENT}> <{ID}person/{b}> ."


CASES = {
    "no shared name": entity("a", "Anna") + entity("b", "Boris", "B. B."),
    "one name twice": entity("a", "Anna") + entity("b", "Anna"),
    "case only, name and alternate name": entity("a", "Anna Li") + entity("b", "Bo", "ANNA LI"),
    "declared different": entity("a", "Anna") + entity("b", "Anna") + [different("a", "b")],
    "declared different the other way": entity("a", "Anna") + entity("b", "Anna") + [different("b", "a")],
    "three share, one pair declared different": (
        entity("a", "Anna") + entity("b", "anna") + entity("c", "Cy", "ANNA") + [different("a", "b")]
    ),
    "an entity's own alternate name": entity("a", "Anna", "anna"),
    "two keys, other kinds": (
        entity("x", "Astana", kind="place")
        + entity("y", "astana", kind="organization")
        + entity("p", "Pat")
        + entity("q", "Sam", "PAT")
    ),
}


@pytest.fixture(scope="module")
def shapes():
    return load_shapes(ROOT / "shapes", RULE_SHAPES)


def _store(lines: list[str]) -> ox.Store:
    store = ox.Store()
    store.load("\n".join(lines).encode(), ox.RdfFormat.N_TRIPLES)
    return store


@pytest.mark.parametrize("name", CASES)
def test_whole_graph_rules_find_what_pyshacl_finds(name, shapes):
    import rdflib

    lines = CASES[name]
    data = rdflib.Graph().parse(data="\n".join(lines), format="nt")
    ours = {r.key() for r in run_rules(_store(lines), sparql_rules(shapes))}
    theirs = {r.key() for r in run_pyshacl(data, shapes)}
    assert ours == theirs
    shared = name not in {"no shared name", "declared different", "declared different the other way"}
    shared = shared and name != "an entity's own alternate name"
    assert bool(theirs) == shared  # the cases that should fire do


def test_a_rule_whose_keys_query_finds_nothing_is_not_run(shapes):
    (rule,) = [r for r in sparql_rules(shapes) if r.keys is not None]
    assert query_of(rule, _store(CASES["no shared name"])) is None
    query = query_of(rule, _store(CASES["two keys, other kinds"]))
    assert 'VALUES ?key { "astana" "pat" }' in query
