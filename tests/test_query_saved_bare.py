"""Every saved query over the published dump alone: cklod.nq in a bare Oxigraph store, no ontology added.

A query with parameters must filter by them: a made-up id gives no rows, the query's own example (the ``e.g.``
of its header) gives rows, and only rows about it. A query without parameters gives over the bare dump what it
gives over the full local store (dump and ontology): the dump carries what the saved queries read.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from cklod.sparql.engine import Answer, LocalTarget, parse_term, run
from cklod.sparql.saved import SavedQuery, load_all
from cklod.sparql.store import DUMP

ROOT = Path(__file__).resolve().parents[1]
SAVED = load_all(ROOT)
WITH_PARAMS = [q for q in SAVED if q.params]
_EXAMPLE = re.compile(r"\be\.g\.\s+([^\s,;)]+)")


@pytest.fixture(scope="module")
def bare(output_dir) -> LocalTarget:
    store = ox.Store()
    store.bulk_load(path=str(output_dir / DUMP), format=ox.RdfFormat.N_QUADS)
    return LocalTarget(store)


@pytest.fixture(scope="module")
def full(output_dir) -> LocalTarget:
    return LocalTarget.open(output_dir)


def example(query: SavedQuery, name: str) -> ox.NamedNode | ox.Literal:
    """The parameter's example from the query's header (``e.g. person:xi-jinping``)."""
    (param,) = [p for p in query.params if p.name == name]
    found = _EXAMPLE.search(param.meaning)
    assert found, f"{query.path}: parameter '{name}' gives no example ('e.g. …')"
    return parse_term(found.group(1))


def made_up(term: ox.NamedNode | ox.Literal) -> ox.NamedNode | ox.Literal:
    """An id shaped like ``term`` that names nothing in the dataset."""
    if isinstance(term, ox.NamedNode):
        return ox.NamedNode(term.value + "-no-such-thing")
    return ox.Literal("no-such-thing")


def linked(entity: ox.NamedNode, triples: tuple[ox.Triple, ...]) -> set:
    """The nodes of ``triples`` connected to ``entity`` by a path of them, whichever their direction."""
    edges: dict = {}
    for t in triples:
        edges.setdefault(t.subject, set()).add(t.object)
        edges.setdefault(t.object, set()).add(t.subject)
    seen, todo = {entity}, [entity]
    while todo:
        for node in edges.get(todo.pop(), ()):
            if node not in seen:
                seen.add(node)
                todo.append(node)
    return seen


def content(answer: Answer) -> Counter:
    """The answer as a multiset: rows (variable -> term), triples, or the boolean."""
    if answer.form == "graph":
        return Counter(answer.triples)
    if answer.form == "boolean":
        return Counter([answer.boolean])
    return Counter(tuple(sorted(row.items(), key=lambda kv: kv[0])) for row in answer.rows())


def test_the_dump_holds_the_vocabulary_graph(bare):
    assert "vocabulary" in bare.graphs()
    roles = run(
        bare,
        "SELECT ?notation WHERE { ?role skos:inScheme cklod:ParticipationRoles ; skos:notation ?notation }",
        graph="vocabulary",
    )
    assert {"host", "attendee", "speaker"} <= {row["notation"].value for row in roles.rows()}


@pytest.mark.parametrize("query", WITH_PARAMS, ids=lambda q: q.name)
def test_a_made_up_id_gives_nothing(bare, query):
    for name in query.param_names:
        fake = made_up(example(query, name))
        answer = run(bare, query.text, {name: fake}, source=str(query.path))
        assert answer.empty, f"{query.name} with {name}={fake} answers {len(content(answer))} result(s)"


@pytest.mark.parametrize("query", WITH_PARAMS, ids=lambda q: q.name)
def test_the_example_gives_only_results_about_it(bare, query):
    params = {name: example(query, name) for name in query.param_names}
    answer = run(bare, query.text, params, source=str(query.path))
    assert not answer.empty, f"{query.name} with its examples {params} answers nothing"
    if answer.form == "graph":
        (entity,) = params.values()
        assert set(answer.triples) <= set(run(bare, query.text, source=str(query.path)).triples)
        assert {t.subject for t in answer.triples} <= linked(entity, answer.triples)
        return
    if answer.form == "boolean":
        return
    everything = run(bare, query.text, source=str(query.path)).rows()
    # A parameter the rows show is what they are about: they are the rows the query gives for everything,
    # where it has its value. One they do not show (or show only as given, as a period) picks some of them.
    shown = [n for n in query.param_names if n in answer.variables and any(n in row for row in everything)]
    about = [row for row in everything if all(row.get(n) == params[n] for n in shown)]
    echoed = set(query.param_names) - set(shown)
    rows = Counter(tuple(kv for kv in key if kv[0] not in echoed) for key in content(answer).elements())
    expected = Counter(tuple(sorted(row.items(), key=lambda kv: kv[0])) for row in about)
    if shown:
        assert rows == expected, f"{query.name} with {params} does not answer exactly its rows about them"
    else:
        assert rows <= expected and rows != expected, f"{query.name} with {params} picks no rows"


@pytest.mark.parametrize("query", SAVED, ids=lambda q: q.name)
def test_the_dump_alone_answers_as_the_full_store(bare, full, query):
    """Without parameters, and with the examples of the query's header: no row missing over the dump alone,
    and none doubled in the full store (where the ontology graph states a concept's notation a second time)."""
    examples = {name: example(query, name) for name in query.param_names}
    for params in ({}, examples) if examples else ({},):
        alone = run(bare, query.text, params, source=str(query.path))
        assert not alone.empty, f"{query.name} with {params} answers nothing over the dump"
        assert content(alone) == content(run(full, query.text, params, source=str(query.path)))
