"""--endpoint: the same queries over HTTP to a real Oxigraph server give the embedded store's answers."""

from __future__ import annotations

import httpx
import pytest
from click.testing import CliRunner

from cklod.cli import main
from cklod.rdf.iris import ONTOLOGY
from cklod.sparql.engine import EndpointTarget, LocalTarget, QueryError, parse_params, run
from cklod.sparql.saved import load_all
from servers import oxigraph_server

pytestmark = pytest.mark.server

# One value for each parameter of each saved query, chosen so that the answer is not empty.
SAMPLE_PARAMS: dict[str, dict[str, str]] = {
    "aligned-initiatives": {"initiative": "initiative:belt-and-road-initiative"},
    "country-relations": {"country": "country:kazakhstan"},
    "cross-document-entities": {"entity": "person:gulnar-shaimergenova"},
    "describe-entity": {"entity": "organization:shanghai-cooperation-organization"},
    "did-they-meet": {"person": "person:xi-jinping", "other": "person:rahmon"},
    "document-facts": {"document": "doc:004_ebc1b76246187781"},
    "event-outcomes": {"event": "event:xi-state-visit-kazakhstan-2024"},
    "event-participants": {"event": "event:second-think-tank-forum-china-central-asia"},
    "event-results": {"event": "event:xi-central-asia-trip-2024-07"},
    "events-by-place": {"place": "country:kazakhstan"},
    "fact-evidence": {"entity": "event:sco-summit-tianjin"},
    "figures-by-topic": {"topic": "transport"},
    "foundings": {"founded": "organization:chinese-modernization-research-center-kazakhstan"},
    "inferred-dates": {"document": "doc:003_5ecd5af879b8308b"},
    "initiative-actors": {"initiative": "initiative:permanent-comprehensive-strategic-partnership"},
    "initiative-mentions": {"initiative": "initiative:belt-and-road-initiative"},
    "look-alike-entities": {"entity": "place:horgos"},
    "members-of-organization": {"organization": "organization:chinese-academy-of-social-sciences"},
    "organization-parents": {"organization": "organization:publicity-department-cpc-central-committee"},
    "person-schema-view": {"person": "person:gulnar-shaimergenova"},
    "planned-vs-in-effect": {"thing": "organization:luban-workshop-kazakhstan-second"},
    "posts-held": {"person": "person:xi-jinping"},
    "quotations": {"speaker": "person:kassym-jomart-tokayev"},
    "reported-speech": {"speaker": "person:gulnar-shaimergenova"},
    "route-stops": {"route": "place:china-europe-express-trans-caspian-route"},
    "spelling-variants": {"entity": "person:gulnar-shaimergenova"},
    "statistics": {"about": "country:kazakhstan"},
    "superlatives": {"subject": "country:china"},
    "timeline": {"period": "2024-07"},
    "title-variants": {"person": "person:kanat-iskakov"},
    "transport-routes": {"route": "place:china-europe-express-trans-caspian-route"},
    "what-happened-where": {"place": "place:astana"},
    "where-was-person": {"person": "person:gulnar-shaimergenova"},
    "who-met-whom": {"person": "person:xi-jinping"},
}


@pytest.fixture(scope="module")
def server(output_dir, tmp_path_factory):
    """A real `oxigraph serve` loaded over the Graph Store Protocol with the same dataset as the embedded store."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as srv:
        with httpx.Client(timeout=60) as client:
            nq = (output_dir / "cklod.nq").read_bytes()
            r = client.post(srv.store, content=nq, headers={"Content-Type": "application/n-quads"})
            assert r.status_code in (200, 201, 204), r.text
            ttl = (output_dir / "ontology" / "cklod.ttl").read_bytes()
            r = client.put(
                srv.store, params={"graph": ONTOLOGY}, content=ttl, headers={"Content-Type": "text/turtle"}
            )
            assert r.status_code in (200, 201, 204), r.text
        yield srv


def _same(local, remote) -> None:
    assert local.form == remote.form
    if local.form == "graph":
        assert set(local.triples) == set(remote.triples)
        assert local.triples, "an empty graph proves nothing"
    elif local.form == "boolean":
        assert local.boolean == remote.boolean
    else:
        assert local.variables == remote.variables
        assert local.rows() == remote.rows()  # same rows in the same order (every saved query orders them)


def test_every_saved_query_has_sample_params(project_root):
    for saved in load_all(project_root):
        assert set(SAMPLE_PARAMS.get(saved.name, {})) == set(saved.param_names), saved.name


@pytest.mark.parametrize("bound", [False, True], ids=["unbound", "bound"])
def test_every_saved_query_answers_the_same_over_http(project_root, store, server, bound):
    local, remote = LocalTarget(store), EndpointTarget(server.query)
    checked, differ = 0, []
    for saved in load_all(project_root):
        params = (
            parse_params([f"{k}={v}" for k, v in SAMPLE_PARAMS.get(saved.name, {}).items()]) if bound else {}
        )
        a, b = run(local, saved.text, params), run(remote, saved.text, params)
        try:
            _same(a, b)
        except AssertionError:
            differ.append(saved.name)
        if a.form == "solutions":
            assert a.rows(), f"{saved.name} answered nothing{' with ' + str(params) if params else ''}"
        checked += 1
    assert differ == []
    assert checked >= 25


def test_cli_endpoint_output_is_byte_identical(project_root, output_dir, server):
    runner = CliRunner()
    for args in (
        ["posts-held", "-p", "person=person:gulnar-shaimergenova"],
        ["timeline", "--format", "csv"],
        ["person-schema-view", "-p", "person=person:xi-jinping"],
    ):
        base = [*args, "--project", str(project_root)]
        here = runner.invoke(main, ["query", *base, "--out", str(output_dir)])
        there = runner.invoke(main, ["query", *base, "--endpoint", server.query])
        assert here.exit_code == 0, here.output
        assert there.exit_code == 0, there.output
        assert here.stdout_bytes == there.stdout_bytes
        assert here.stdout_bytes


def test_endpoint_binds_a_hostile_literal_safely(server, store):
    # Quotes, braces, a comment sign and a closing VALUES would end a pasted query early; bound, it is one string.
    hostile = 'x" } } # ) VALUES ?y { "'
    query = "SELECT ?v ?len WHERE { BIND(STRLEN(?v) AS ?len) }"
    params = parse_params([f"v={hostile}"])
    for target in (LocalTarget(store), EndpointTarget(server.query)):
        rows = run(target, query, params).rows()
        assert [(r["v"].value, int(r["len"].value)) for r in rows] == [(hostile, len(hostile))]


def test_endpoint_graph_option_uses_default_graph_uri(server, store):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?d schema:headline ?h }"
    for graph, expected in (("003_5ecd5af879b8308b", 1), ("registry", 0)):
        here = run(LocalTarget(store), query, graph=graph).rows()
        there = run(EndpointTarget(server.query), query, graph=graph).rows()
        assert int(here[0]["n"].value) == int(there[0]["n"].value) == expected


def test_endpoint_http_error_is_one_line_exit_2(server, project_root):
    runner = CliRunner()
    # A path the server does not serve: HTTP 404.
    result = runner.invoke(
        main, ["query", "ASK {}", "--endpoint", server.base + "/nowhere", "--project", str(project_root)]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: endpoint ") and " 404 " in lines[0], lines


def test_unreachable_endpoint_is_one_line_exit_2(project_root):
    from servers import free_port

    result = CliRunner().invoke(
        main,
        [
            "query",
            "ASK {}",
            "--endpoint",
            f"http://127.0.0.1:{free_port()}/query",
            "--project",
            str(project_root),
        ],
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot reach endpoint"), lines


def test_malformed_query_is_caught_before_sending(server):
    with pytest.raises(QueryError, match=r"^query:2:\d+: "):
        run(EndpointTarget(server.query), "SELECT ?x WHERE {\n  ?x ?y }")
