"""The status model's shapes (issue 15): each rejects the shortcut the mappings used before, with its message."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from cklod.shacl import Validator
from cklod.validation.shapes import load_shapes, run_pyshacl
from test_shacl_engine import CORE_FILES, SHAPES, _quads, records, validate_quads
from test_shapes import CKLOD, ID, PREFIXES, VALID, Result, results, run, shapes_graph

STATUS_TTL = Path(__file__).parent / "fixtures" / "shapes" / "status.ttl"
IN_EFFECT = URIRef(f"{ID}status/900_0123456789abcdef-visa-in-effect")
PLANNED = URIRef(f"{ID}status/900_0123456789abcdef-visa-planned")
AGREEMENT = URIRef(f"{ID}initiative/visa-exemption-agreement")
DATES_MESSAGE = (
    "A planned or decided status has a target date and no effective date; a reached status (signed, in effect, "
    "opened, started, completed) has an effective date and no target date or intended status"
)


@pytest.fixture(scope="module")
def data_shapes() -> Graph:
    return shapes_graph("facts.ttl", "entities.ttl", "rules.ttl")


def store() -> ox.Store:
    s = ox.Store()
    s.load(VALID.read_bytes(), format=ox.RdfFormat.TURTLE)
    s.load(STATUS_TTL.read_bytes(), format=ox.RdfFormat.TURTLE)
    return s


def graph(update: str | None = None) -> Graph:
    s = store()
    if update:
        s.update(
            PREFIXES
            + "PREFIX status: <"
            + ID
            + "status/> PREFIX initiative: <"
            + ID
            + "initiative/> "
            + update
        )
    return Graph().parse(
        data=s.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt"
    )


def test_status_fixture_conforms(data_shapes):
    conforms, report = run(graph(), data_shapes)
    assert conforms, results(report)


SHORTCUTS = {
    # The old shortcut: an initiative's status as the document's words, on the initiative itself.
    "status-as-text": (
        'INSERT DATA { initiative:visa-exemption-agreement cklod:status "came into effect"@en }',
        {
            Result(
                AGREEMENT,
                CKLOD.status,
                "An initiative's status is a cklod:StatusReport (kind: status) with a typed stage and date, not a "
                "text (cklod:status)",
            )
        },
    ),
    # The programme itself given a status ("Luban Workshops have opened") instead of one of its instances.
    "status-of-a-programme": (
        "INSERT DATA { initiative:visa-exemption-agreement a cklod:Programme }",
        {
            Result(
                IN_EFFECT,
                CKLOD.statusOf,
                "A programme has no status of its own: report the status of the instance (an entity with "
                "cklod:instanceOfProgramme)",
            ),
            Result(
                PLANNED,
                CKLOD.statusOf,
                "A programme has no status of its own: report the status of the instance (an entity with "
                "cklod:instanceOfProgramme)",
            ),
        },
    ),
    # A plan dated as if it had happened ("plans to start production in 2025" as an event in 2025).
    "planned-with-effective-date": (
        'INSERT DATA { status:900_0123456789abcdef-visa-planned cklod:effectiveDate "2025"^^xsd:gYear }',
        {Result(PLANNED, None, DATES_MESSAGE)},
    ),
    # A reached status with a date it is "due by".
    "reached-with-target-date": (
        'INSERT DATA { status:900_0123456789abcdef-visa-in-effect cklod:targetDate "2029"^^xsd:gYear }',
        {Result(IN_EFFECT, None, DATES_MESSAGE)},
    ),
    # The stage as a string rather than a concept of cklod:Statuses.
    "stage-as-text": (
        """DELETE WHERE { status:900_0123456789abcdef-visa-in-effect cklod:statusType ?t } ;
           INSERT DATA { status:900_0123456789abcdef-visa-in-effect cklod:statusType "came into effect"@en }""",
        {
            Result(
                IN_EFFECT,
                CKLOD.statusType,
                "A status report has exactly one cklod:statusType from the cklod:Statuses scheme",
            ),
            Result(IN_EFFECT, None, DATES_MESSAGE),
        },
    ),
    # A target date written as text ("by 2029").
    "target-date-as-text": (
        """DELETE WHERE { status:900_0123456789abcdef-visa-planned cklod:targetDate ?d } ;
           INSERT DATA { status:900_0123456789abcdef-visa-planned cklod:targetDate "by 2029" }""",
        {
            Result(
                PLANNED,
                CKLOD.targetDate,
                "A status report has at most one target date (xsd:date, xsd:gYearMonth or xsd:gYear)",
            )
        },
    ),
}


@pytest.mark.parametrize("case", SHORTCUTS.values(), ids=SHORTCUTS.keys())
def test_shape_rejects_the_shortcut(case, data_shapes):
    update, expected = case
    conforms, report = run(graph(update), data_shapes)
    assert not conforms
    assert results(report) == expected


@pytest.fixture(scope="module")
def core_shapes() -> dict[str, Graph]:
    return {name: load_shapes(SHAPES, name) for name in CORE_FILES}


@pytest.mark.parametrize("name", ["valid", *SHORTCUTS])
def test_cklods_engine_gives_pyshacls_results(name, core_shapes):
    """The build validates with cklod's own Core engine: on each example it reports what pyshacl reports."""
    g = graph(None if name == "valid" else SHORTCUTS[name][0])
    quads = _quads(g)
    for file in CORE_FILES:
        ours = validate_quads(Validator(core_shapes[file]), quads)
        assert records(ours) == records(run_pyshacl(g, core_shapes[file])), file
