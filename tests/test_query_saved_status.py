"""Saved queries of the status model and of events with parts (issue 15): exact answers worked out from the
mappings with plain Python."""

from __future__ import annotations

import re

import pyoxigraph as ox

from test_query_sources import ask_fixture, closure, doc, rows, same, src_fixture  # noqa: F401  (the fixtures ask and src)

INTENDED = ("planned", "decided")


def _inside(src) -> dict[str, set[str]]:
    """event -> the events it is part of (part_of), from the event facts."""
    edges: dict[str, set[str]] = {}
    for f in src.facts("event"):
        if f.get("part_of"):
            edges.setdefault(f["event"], set()).add(f["part_of"])
    return edges


def test_event_results(ask, src):
    inside = _inside(src)
    produced = [
        (f["event"], o, "outcome", None, f)
        for f in src.facts("event")
        if "quote" in f
        for o in f.get("outcomes") or []
    ]
    produced += [
        (f["event"], f["of"], f["status"], f.get("toward"), f) for f in src.facts("status") if f.get("event")
    ]
    expected = [
        (
            src.iri(event),
            src.iri(part),
            src.iri(result),
            how,
            toward,
            doc(f["doc"]),
            str(f["line"]),
            f["quote"],
        )
        for part, result, how, toward, f in produced
        for event in closure(inside, part) | {part}
    ]
    same(rows(ask("event-results")), expected)
    # The trip contains the state visit, which contains the talks: the decision to open a second Luban Workshop
    # is among what the trip produced.
    trip = rows(ask("event-results", event="event:xi-central-asia-trip-2024-07"), "result", "how", "toward")
    assert ("organization:luban-workshop-kazakhstan-second", "decided", "opened") in trip
    assert ("initiative:year-of-chinese-tourism-kazakhstan-2025", "planned", "started") in trip


def test_planned_vs_in_effect(ask, src):
    expected = [
        (
            src.iri(f["of"]),
            "schema:PotentialActionStatus"
            if f["status"] in INTENDED
            else "schema:ActiveActionStatus"
            if f["status"] == "started"
            else "schema:CompletedActionStatus",
            f["status"],
            f.get("toward"),
            str(f["target"]) if f.get("target") else None,
            str(f["date"]) if f.get("date") else None,
            src.iri(by) if by else None,
            src.iri(f["event"]) if f.get("event") else None,
            doc(f["doc"]),
            str(f["line"]),
            f["quote"],
        )
        for f in src.facts("status")
        for by in f.get("by") or [None]
    ]
    same(rows(ask("planned-vs-in-effect")), expected)
    # Read off the text: the visa exemption agreement came into effect on 2023-11-10; the reforms are due by 2029.
    visa = rows(ask("planned-vs-in-effect", thing="initiative:china-kazakhstan-visa-exemption-agreement"))
    assert [(r[1], r[2], r[5]) for r in visa] == [("schema:CompletedActionStatus", "in-effect", "2023-11-10")]
    reforms = rows(ask("planned-vs-in-effect", thing="initiative:decision-further-deepening-reforms-2024"))
    assert [(r[1], r[2], r[3], r[4]) for r in reforms] == [
        ("schema:PotentialActionStatus", "planned", "completed", "2029")
    ]


def _section_queries(root) -> list[str]:
    text = (root / "docs" / "query.md").read_text(encoding="utf-8")
    section = text.split("## Events, stages and programmes over `cklod.nq` alone", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sparql\n(.*?)```", section, re.S)


def test_the_docs_queries_answer_over_the_dump_alone(output_dir, project_root):
    store = ox.Store()
    store.bulk_load(path=str(output_dir / "cklod.nq"), format=ox.RdfFormat.N_QUADS)
    queries = _section_queries(project_root)
    assert len(queries) == 5
    answers = [list(store.query(q, use_default_graph_as_union=True)) for q in queries]
    assert all(answers), [q.splitlines()[-2] for q, a in zip(queries, answers, strict=True) if not a]
    stages = {(str(r["thing"].value).rsplit("/", 1)[1], r["stage"].value) for r in answers[1]}
    assert ("luban-workshop-kazakhstan-second", "decided") in stages
    assert ("china-kazakhstan-visa-exemption-agreement", "in-effect") in stages
    parts = {str(r["part"].value).rsplit("/", 1)[1]: r["start"].value for r in answers[2]}
    assert parts["sco-heads-of-state-council-24th-meeting"] == "2024-07"
    external = {(re.split("[/#]", r["property"].value)[-1], r["date"].value) for r in answers[4]}
    assert {("datePublished", "2025"), ("attestedOn", "2025")} <= external
