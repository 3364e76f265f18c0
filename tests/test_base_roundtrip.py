"""A build with another base answers every command as the default build does, modulo the IRI prefix.

The base is given in the copied project's cklod.toml (and, for the build, also as --base); every command then
reads it from there: saved queries with their example parameters, ``query --graph registry``, ``validate``,
``serve`` (dereferencing and SPARQL) and ``publish`` into a real Oxigraph server.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from cklod.cli import main
from cklod.rdf.iris import DEFAULT_BASE
from cklod.sparql.engine import query_form
from cklod.sparql.saved import load_all
from servers import free_port, oxigraph_server, wait_for_http
from test_query_endpoint import SAMPLE_PARAMS

pytestmark = pytest.mark.server

OTHER = "https://example.org/kg/"
ENDPOINT = "https://example.org/kg/sparql"


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def as_default(text: str) -> str:
    return text.replace(OTHER, DEFAULT_BASE)


@pytest.fixture(scope="module")
def other(tmp_path_factory, project_root) -> Path:
    """A copy of the project configured with the other base, built into its output/."""
    root = tmp_path_factory.mktemp("other") / "project"
    for name in ("corpus", "mappings", "ontology", "shapes", "queries"):
        shutil.copytree(project_root / name, root / name)
    (root / "cklod.toml").write_text(f'base = "{OTHER}"\nsparql_endpoint = "{ENDPOINT}"\n', encoding="utf-8")
    CliRunner().invoke(main, ["build", "--project", str(root), "-q"], catch_exceptions=False)
    return root


def test_the_build_uses_the_configured_base_and_endpoint(other, output_dir, tmp_path):
    nquads = (other / "output" / "cklod.nq").read_text(encoding="utf-8")
    assert DEFAULT_BASE + "id/" not in nquads and OTHER + "id/person/" in nquads
    assert as_default(nquads) == (output_dir / "cklod.nq").read_text(encoding="utf-8")
    void = (other / "output" / "void.ttl").read_text(encoding="utf-8")
    assert f"void:sparqlEndpoint <{ENDPOINT}>" in void
    # every file is the default build's with the other base: the validation report is named under it too
    for name in ("cklod.ttl", "validation.ttl", "void.ttl"):
        built = (other / "output" / name).read_text(encoding="utf-8")
        # the ontology's IRIs never move with the base (VoID names it as the vocabulary graph's source)
        assert OTHER in built and DEFAULT_BASE not in built.replace(DEFAULT_BASE + "ontology#", "").replace(
            f"<{DEFAULT_BASE}ontology>", ""
        )
    # --base on the command line gives the same build as base in cklod.toml
    cli("build", "--project", str(other), "--base", OTHER, "--out", str(tmp_path / "o"), "-q")
    assert (tmp_path / "o" / "cklod.nq").read_text(encoding="utf-8") == nquads


def canonical(answer: str, fmt: str) -> list[str]:
    """An answer's rows (or triples) as sorted lines, blank node labels dropped, the other base undone."""
    if fmt == "nt":
        lines = as_default(answer).splitlines()
        return sorted(" ".join("_:b" if t.startswith("_:") else t for t in line.split(" ")) for line in lines)
    data = json.loads(as_default(answer))
    if "boolean" in data:
        return [str(data["boolean"])]
    rows = []
    for row in data["results"]["bindings"]:
        rows.append(
            json.dumps({k: ("bnode" if v["type"] == "bnode" else v) for k, v in row.items()}, sort_keys=True)
        )
    return sorted(rows)


def test_every_saved_query_answers_the_same(other, project_root, output_dir):
    answered = 0
    for saved in load_all(project_root):
        params = [f"--param={k}={v}" for k, v in SAMPLE_PARAMS.get(saved.name, {}).items()]
        fmt = "nt" if query_form(saved.text) == "graph" else "json"
        ours = cli("query", saved.name, *params, "--format", fmt, "--project", str(other))
        theirs = cli(
            "query", saved.name, *params, "--format", fmt, "--project", str(project_root),
            "--out", str(output_dir),
        )  # fmt: skip
        assert canonical(ours, fmt) == canonical(theirs, fmt), saved.name
        answered += bool(canonical(ours, fmt))
    print(f"{answered} saved queries answered")
    assert answered >= 25  # the example parameters find something: the comparison is not of empty answers
    held = cli(
        "query", "posts-held", "--param", "person=person:gulnar-shaimergenova", "--project", str(other)
    )
    assert "gulnar-shaimergenova" in held and "0 rows" not in held


def test_query_a_named_graph(other, project_root, output_dir):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    ours = cli("query", q, "--graph", "registry", "--format", "json", "--project", str(other))
    theirs = cli("query", q, "--graph", "registry", "--format", "json", "--out", str(output_dir))
    assert canonical(ours, "json") == canonical(theirs, "json")
    assert int(json.loads(ours)["results"]["bindings"][0]["n"]["value"]) > 100
    table = cli("query", "SELECT ?g WHERE { GRAPH ?g {} }", "--project", str(other))
    assert "graph:registry" in table  # the configured base's prefixes shorten its IRIs


def test_validate(other, project_root, tmp_path):
    ours = CliRunner().invoke(
        main, ["validate", "--project", str(other), "--report", str(tmp_path / "a.ttl"), "--no-consistency"]
    )
    theirs = CliRunner().invoke(
        main,
        ["validate", "--project", str(project_root), "--report", str(tmp_path / "b.ttl"), "--no-consistency"],
    )
    assert (ours.exit_code, theirs.exit_code) == (0, 0), ours.output
    assert as_default(ours.stdout) == theirs.stdout


@contextmanager
def serving(*args: str):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "cklod", "serve", *args, "--port", str(port), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.kill(process.pid, signal.SIGTERM)
        process.communicate(timeout=30)


def test_serve_dereferences_and_answers_sparql(other, output_dir):
    entity = "id/person/gulnar-shaimergenova"
    query = f"SELECT ?p ?o WHERE {{ <{OTHER}{entity}> ?p ?o }}"
    with serving("--project", str(other)) as ours, serving("--out", str(output_dir)) as theirs:
        for accept, fmt in (
            ("text/turtle", ox.RdfFormat.TURTLE),
            ("application/ld+json", ox.RdfFormat.JSON_LD),
        ):
            a = httpx.get(f"{ours}/{entity}", headers={"Accept": accept}, follow_redirects=True)
            b = httpx.get(f"{theirs}/{entity}", headers={"Accept": accept}, follow_redirects=True)
            assert (a.status_code, b.status_code) == (200, 200)
            triples = sorted(str(q) for q in ox.parse(a.content, fmt))
            assert len(triples) > 5 and OTHER + entity in triples[0] + triples[-1]
            assert [as_default(t) for t in triples] == sorted(str(q) for q in ox.parse(b.content, fmt))
        accept = {"Accept": "application/sparql-results+json"}
        a = httpx.post(f"{ours}/sparql", data={"query": query}, headers=accept)
        b = httpx.post(f"{theirs}/sparql", data={"query": as_default(query)}, headers=accept)
        assert a.status_code == 200 and len(a.json()["results"]["bindings"]) > 5
        assert canonical(a.text, "json") == canonical(b.text, "json")


def test_publish_into_oxigraph(other, output_dir, tmp_path):
    with oxigraph_server(tmp_path / "store") as server:
        cli("publish", "--project", str(other), "--store", server.store)
        counts = ox.parse_query_results(
            httpx.post(
                server.query,
                data={"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
                headers={"Accept": "application/sparql-results+json"},
            ).content,
            ox.QueryResultsFormat.JSON,
        )
        published = {r["g"].value: int(r["n"].value) for r in counts}
    graphs = {g: n for g, n in published.items() if g.startswith(OTHER + "graph/")}
    assert OTHER + "graph/publish-manifest" in graphs  # the manifest lives under the configured base
    del graphs[OTHER + "graph/publish-manifest"]
    default = ox.Store()
    default.bulk_load(path=str(output_dir / "cklod.nq"), format=ox.RdfFormat.N_QUADS)
    expected = {
        g.value: len(list(default.quads_for_pattern(None, None, None, g))) for g in default.named_graphs()
    }
    assert {as_default(g): n for g, n in graphs.items()} == expected
