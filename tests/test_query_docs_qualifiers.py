"""docs/query.md's queries for qualifiers, ranks, order and whereabouts answer over cklod.nq alone: loaded into a
bare Oxigraph store (no ontology), with only the prefixes `cklod query` declares (issue 15)."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from cklod.sparql.engine import SHORT_PREFIXES

SECTION = "## Qualifiers, ranks, order and whereabouts over `cklod.nq` alone"


@pytest.fixture(scope="module")
def bare(output_dir):
    store = ox.Store()
    store.bulk_load(path=str(output_dir / "cklod.nq"), format=ox.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="module")
def queries(project_root) -> dict[str, str]:
    """The section's queries by their comment line."""
    text = (project_root / "docs" / "query.md").read_text(encoding="utf-8")
    block = re.search(r"```sparql\n(.*?)```", text.split(SECTION, 1)[1].split("\n## ", 1)[0], re.S)
    assert block, "the section has no SPARQL block"
    found = re.findall(r"^# ([^\n]+)\n(.*?)(?=^# |\Z)", block.group(1), re.S | re.M)
    return {comment: body for comment, body in found}


def answer(store: ox.Store, query: str) -> list[dict[str, str]]:
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in SHORT_PREFIXES.items())
    rows = store.query(prologue + query, use_default_graph_as_union=True)
    return [{v.value: row[v].value for v in rows.variables if row[v] is not None} for row in rows]


def find(queries: dict[str, str], start: str) -> str:
    (query,) = [q for comment, q in queries.items() if comment.startswith(start)]
    return query


def test_every_query_of_the_section_runs(bare, queries):
    assert len(queries) == 8
    for comment, query in queries.items():
        rows = answer(bare, query)
        expect_none = "answers nothing" in comment or "no row" in comment
        assert bool(rows) != expect_none, comment


def test_words_and_vague_quantities(bare, queries):
    rows = answer(bare, find(queries, "Figures qualified by words"))
    words = {r["words"]: (r.get("comparator"), r.get("value")) for r in rows}
    assert words["nearly a hundred"] == ("nearly", "100")
    assert words["thousands of"] == (None, None)


def test_route_stops_in_order(bare, queries):
    rows = answer(bare, find(queries, "The trans-Caspian route's stops"))
    positions = [int(r["position"]) for r in rows]
    assert positions == sorted(positions) and positions[0] == 1
    assert any(r["stop"].endswith("/horgos") for r in rows)


def test_where_the_text_places_a_person(bare, queries):
    rows = answer(bare, find(queries, "Where the text places a person"))
    assert [r["place"].rsplit("/", 1)[1] for r in rows] == ["zharkent"]
