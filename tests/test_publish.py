"""cklod publish against a real Oxigraph server on 127.0.0.1, and behind a real reverse proxy (stdlib
http.server) that demands credentials or injects the failures a store and its gateway produce."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from cklod.cli import main
from cklod.pipeline import build
from cklod.publish import (
    Action,
    BadBuild,
    BadOptions,
    NotAStore,
    StoreRefused,
    StoreUnreachable,
    publish,
    resolve,
)
from cklod.publish.manifest import SHA256, TRIPLES
from cklod.rdf.iris import ONTOLOGY
from cklod.sparql.store import open_store
from servers import free_port, oxigraph_server

pytestmark = pytest.mark.server

NAMESPACE = "https://w3id.org/cklod/graph/"
MANIFEST = NAMESPACE + "publish-manifest"
DOC_004 = NAMESPACE + "004_ebc1b76246187781"
FAST = {"retries": 2, "backoff": 0.01}  # bounded retries that keep failing tests quick
TIMEOUT = 60  # seconds; the machine is shared, and a loaded store can be slow to answer
N_QUADS, N_TRIPLES, JSON_RESULTS = (
    "application/n-quads",
    "application/n-triples",
    "application/sparql-results+json",
)
# A few of the saved queries (queries/): a SELECT with sub-queries, joins over n-ary facts, a DESCRIBE.
SAVED_QUERIES = ["documents.rq", "posts-held.rq", "who-met-whom.rq", "timeline.rq", "describe-entity.rq"]
INLINE_QUERIES = [
    "SELECT ?person ?name WHERE { ?person a <http://schema.org/Person> ; <http://schema.org/name> ?name }",
    "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <" + MANIFEST + ">) } GROUP BY ?g",
    "CONSTRUCT { ?s <http://schema.org/name> ?o } WHERE { ?s <http://schema.org/name> ?o }",
    'ASK { ?s <http://www.w3.org/ns/oa#exact> ?quote FILTER(CONTAINS(?quote, "Kazakhstan")) }',
]


# ---------------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def build_dir(project_root, tmp_path_factory) -> Path:
    # Publishing does not depend on SHACL validation; building without it keeps this module quick and lets it
    # test publish while the shapes are being worked on.
    out = tmp_path_factory.mktemp("publish") / "output"
    build(project_root, out, validate=False)
    return out


@pytest.fixture(scope="module")
def edited_dir(project_root, tmp_path_factory) -> Path:
    """The same project with document 004's mapping edited, built once for the module."""
    project = tmp_path_factory.mktemp("edited") / "project"
    for name in ("corpus", "mappings", "ontology", "shapes"):
        shutil.copytree(project_root / name, project / name)
    edit_mapping_004(project)
    return rebuild(project, "output")


@pytest.fixture
def oxi(tmp_path):
    with oxigraph_server(tmp_path / "store") as server:
        yield server


def rebuild(project: Path, name: str) -> Path:
    out = project.parent / name
    build(project, out, validate=False)
    return out


def edit_mapping_004(project: Path) -> None:
    """A comment line on top shifts every fact's cklod:mappingLine: document 004's graph changes, nothing else."""
    mapping = project / "mappings" / "004_ebc1b76246187781.yaml"
    mapping.write_text("# edited by test_publish\n" + mapping.read_text())


def remove_document_004(project: Path) -> None:
    for path in [*project.glob("corpus/004_*"), *project.glob("mappings/004_*")]:
        path.unlink()


# ---------------------------------------------------------------------------------------------------- the store


def endpoints(base: str):
    return resolve(f"{base}/store", None, None)


def dataset_dump(base: str) -> bytes:
    """Every quad in the store (all graphs, the manifest too), sorted: equal bytes mean equal content."""
    response = httpx.get(f"{base}/store", headers={"Accept": N_QUADS}, timeout=TIMEOUT)
    response.raise_for_status()
    return b"".join(sorted(response.content.splitlines(keepends=True)))


def graph_lines(base: str, iri: str) -> set[bytes]:
    response = httpx.get(
        f"{base}/store", params={"graph": iri}, headers={"Accept": N_TRIPLES}, timeout=TIMEOUT
    )
    if response.status_code == 404:
        return set()
    response.raise_for_status()
    return set(response.content.splitlines())


def remote_select(base: str, query: str) -> list[dict]:
    response = httpx.post(
        f"{base}/query",
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": JSON_RESULTS},
        timeout=TIMEOUT,
    )
    response.raise_for_status()
    return response.json()["results"]["bindings"]


def store_counts(base: str) -> dict[str, int]:
    rows = remote_select(base, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def manifest_entries(base: str) -> dict[str, tuple[str, int]]:
    rows = remote_select(
        base, f"SELECT ?g ?h ?n WHERE {{ GRAPH <{MANIFEST}> {{ ?g <{SHA256}> ?h ; <{TRIPLES}> ?n }} }}"
    )
    return {row["g"]["value"]: (row["h"]["value"], int(row["n"]["value"])) for row in rows}


# ---------------------------------------------------------------------------------------------------- the build


def local_graphs(output: Path) -> dict[str, set[bytes]]:
    """Each graph of a build as a set of N-Triples lines, read through the embedded store (not through publish's
    own reader), so it is an independent account of what the store should hold."""
    store = open_store(output)
    graphs = {}
    for graph in store.named_graphs():
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
        graphs[graph.value] = set(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines())
    return graphs


def sha256_of(lines: set[bytes]) -> str:
    return hashlib.sha256(b"".join(line + b"\n" for line in sorted(lines))).hexdigest()


def assert_store_holds(base: str, output: Path) -> None:
    """The store holds exactly the build's graphs (plus the manifest), triple for triple, and the manifest
    records each graph's hash and count."""
    local = local_graphs(output)
    counts = store_counts(base)
    assert {g: n for g, n in counts.items() if g != MANIFEST} == {g: len(lines) for g, lines in local.items()}
    for iri, lines in local.items():
        assert graph_lines(base, iri) == lines, iri
    assert manifest_entries(base) == {iri: (sha256_of(lines), len(lines)) for iri, lines in local.items()}


# ---------------------------------------------------------------------------------------------------- a proxy


def writes_graph(req: BaseHTTPRequestHandler, body: bytes, iri: str) -> bool:
    """Whether a request writes ``iri``: a Graph Store PUT of it, the SPARQL update that inserts it, or an
    N-Quads POST of many graphs that holds it."""
    if req.command == "PUT":
        return parse_qs(urlsplit(req.path).query).get("graph") == [iri]
    if req.command == "POST" and req.headers.get("Content-Type") == N_QUADS:
        return f" <{iri}> .\n".encode() in body
    return req.command == "POST" and f"INSERT DATA {{ GRAPH <{iri}>".encode() in body


class StoreProxy:
    """A reverse proxy on 127.0.0.1 in front of a store. It can require an exact Authorization header, answer the
    next N requests 503, answer everything with an HTML page, or cut the write of one graph: forward its headers
    and half its body to the store, kill the store, and drop the connection."""

    def __init__(self, target: str, authorization: str | None = None):
        self.target = urlsplit(target)
        self.authorization = authorization
        self.unavailable = 0
        self.conflicts = 0
        self.html = False
        self.redirect_to: str | None = None
        self.cut: tuple[str, Callable[[], None]] | None = None
        self.seen_authorization: list[str | None] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                proxy.handle(self)

            do_POST = do_PUT = do_DELETE = do_GET

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> StoreProxy:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @staticmethod
    def reply(
        req: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        content_type: str = "text/plain",
        extra: dict[str, str] | None = None,
    ) -> None:
        req.send_response(status)
        for name, value in {
            "Content-Type": content_type,
            "Content-Length": str(len(body)),
            **(extra or {}),
        }.items():
            req.send_header(name, value)
        req.end_headers()
        req.wfile.write(body)

    def handle(self, req: BaseHTTPRequestHandler) -> None:
        body = req.rfile.read(int(req.headers.get("Content-Length") or 0))
        self.seen_authorization.append(req.headers.get("Authorization"))
        if self.authorization and req.headers.get("Authorization") != self.authorization:
            return self.reply(req, 401, b"unauthorized", extra={"WWW-Authenticate": 'Basic realm="store"'})
        if self.unavailable:
            self.unavailable -= 1
            return self.reply(req, 503, b"store warming up")
        if self.conflicts and req.command == "PUT":
            self.conflicts -= 1
            # what Virtuoso answers when concurrent uploads deadlock
            return self.reply(req, 500, b"Error 40001 SR172: Transaction deadlocked", "text/html")
        if self.html:
            return self.reply(req, 200, b"<html><body>It works!</body></html>", "text/html")
        if self.redirect_to:
            return self.reply(req, 307, b"", extra={"Location": self.redirect_to + req.path})
        if self.cut and writes_graph(req, body, self.cut[0]):
            return self.cut_upload(req, body)
        headers = {name: req.headers[name] for name in ("Content-Type", "Accept") if req.headers.get(name)}
        try:
            upstream = http.client.HTTPConnection(self.target.hostname, self.target.port, timeout=30)
            upstream.request(req.command, req.path, body=body, headers=headers)
            answer = upstream.getresponse()
            data = answer.read()
        except OSError:
            return self.reply(req, 502, b"bad gateway")
        self.reply(req, answer.status, data, answer.getheader("Content-Type", "text/plain"))

    def cut_upload(self, req: BaseHTTPRequestHandler, body: bytes) -> None:
        _, kill = self.cut
        with socket.create_connection((self.target.hostname, self.target.port)) as upstream:
            head = (
                f"{req.command} {req.path} HTTP/1.1\r\nHost: {self.target.netloc}\r\n"
                f"Content-Type: {req.headers['Content-Type']}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            )
            upstream.sendall(head.encode() + body[: len(body) // 2])
            time.sleep(0.3)  # let the store start on the half it has; it can never have the rest
            kill()
        # returning without an answer drops the client's connection, as a dying gateway would


def sigkill(server) -> Callable[[], None]:
    def kill() -> None:
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()

    return kill


# ---------------------------------------------------------------------------------------------------- tests


def test_publish_lands_every_graph_as_built(build_dir, oxi):
    report = publish(build_dir, endpoints(oxi.base))
    local = local_graphs(build_dir)
    assert ONTOLOGY in local and DOC_004 in local
    assert {c.graph: c.action for c in report.changes} == dict.fromkeys(local, Action.CREATED)
    assert {c.graph: c.after for c in report.changes} == {g: len(lines) for g, lines in local.items()}
    assert report.triples_sent == sum(len(lines) for lines in local.values())
    assert_store_holds(oxi.base, build_dir)


def _answer_local(store: ox.Store, query: str) -> object:
    try:
        result = store.query(query, use_default_graph_as_union=True)
    except SyntaxError:
        return "rejected"
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        return _rows(json.loads(result.serialize(format=ox.QueryResultsFormat.JSON)))
    return sorted(set(result.serialize(format=ox.RdfFormat.N_TRIPLES).splitlines()))


def _answer_remote(base: str, query: str) -> object:
    response = httpx.post(
        f"{base}/query",
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": f"{JSON_RESULTS}, {N_TRIPLES}"},
        timeout=TIMEOUT,
    )
    if response.status_code == 400:
        return "rejected"
    response.raise_for_status()
    if response.headers["content-type"].startswith(N_TRIPLES):
        return sorted(set(response.content.splitlines()))
    answer = response.json()
    return answer["boolean"] if "boolean" in answer else _rows(answer)


def _rows(results: dict) -> list:
    return sorted(
        sorted((k, tuple(sorted(v.items()))) for k, v in row.items())
        for row in results["results"]["bindings"]
    )


def test_queries_answer_the_same_through_the_server(build_dir, oxi, project_root):
    publish(build_dir, endpoints(oxi.base))
    local = open_store(build_dir)
    saved = [path.read_text() for name in SAVED_QUERIES if (path := project_root / "queries" / name).exists()]
    compared = 0
    for query in [*INLINE_QUERIES, *saved]:
        expected = _answer_local(local, query)
        assert _answer_remote(oxi.base, query) == expected, query
        compared += expected != "rejected" and expected != []
    assert compared >= len(INLINE_QUERIES)  # the comparisons had answers to compare


def test_republishing_an_unchanged_build_changes_nothing(build_dir, oxi):
    publish(build_dir, endpoints(oxi.base))
    before = dataset_dump(oxi.base)
    report = publish(build_dir, endpoints(oxi.base))
    assert {c.action for c in report.changes} == {Action.UNCHANGED}
    assert report.triples_sent == 0 and not report.changed
    assert dataset_dump(oxi.base) == before


def test_an_edited_mapping_replaces_only_its_graph(build_dir, edited_dir, oxi):
    v1, v2 = build_dir, edited_dir
    old, new = local_graphs(v1), local_graphs(v2)
    assert {g for g in old if old[g] != new[g]} == {DOC_004}  # the premise: only 004's content differs
    publish(v1, endpoints(oxi.base))
    before = {g: graph_lines(oxi.base, g) for g in old}

    report = publish(v2, endpoints(oxi.base))

    actions = {c.graph: c.action for c in report.changes}
    assert actions.pop(DOC_004) == Action.REPLACED
    assert set(actions.values()) == {Action.UNCHANGED}
    assert report.triples_sent == len(new[DOC_004])
    assert all(graph_lines(oxi.base, g) == before[g] for g in old if g != DOC_004)
    assert_store_holds(oxi.base, v2)


def test_a_removed_document_is_deleted_and_other_graphs_are_never_touched(build_dir, project_copy, oxi):
    v1 = build_dir
    publish(v1, endpoints(oxi.base))
    foreign = {
        "http://example.org/their-data": b'<http://example.org/a> <http://example.org/b> "kept" .\n',
        # in cklod's namespace, but not published by cklod: still not ours to delete
        "https://w3id.org/cklod/graph/loaded-by-hand": b"<http://example.org/c> <http://example.org/d> <http://example.org/e> .\n",
    }
    for iri, body in foreign.items():
        httpx.put(
            f"{oxi.base}/store",
            params={"graph": iri},
            content=body,
            headers={"Content-Type": N_TRIPLES},
            timeout=TIMEOUT,
        ).raise_for_status()
    remove_document_004(project_copy)
    v2 = rebuild(project_copy, "output")

    report = publish(v2, endpoints(oxi.base))

    deleted = [c for c in report.changes if c.action == Action.DELETED]
    assert [(c.graph, c.after) for c in deleted] == [(DOC_004, 0)]
    assert deleted[0].before == len(local_graphs(v1)[DOC_004])
    for iri, body in foreign.items():
        assert graph_lines(oxi.base, iri) == set(body.splitlines())
    counts = store_counts(oxi.base)
    assert DOC_004 not in counts
    assert {g: n for g, n in counts.items() if g not in foreign and g != MANIFEST} == {
        g: len(lines) for g, lines in local_graphs(v2).items()
    }
    assert DOC_004 not in manifest_entries(oxi.base)


def test_dry_run_reports_and_writes_nothing(build_dir, edited_dir, oxi):
    v1, v2 = build_dir, edited_dir
    empty = dataset_dump(oxi.base)
    report = publish(v1, endpoints(oxi.base), dry_run=True)
    assert report.dry_run and {c.action for c in report.changes} == {Action.CREATED}
    assert dataset_dump(oxi.base) == empty

    publish(v1, endpoints(oxi.base))
    before = dataset_dump(oxi.base)
    result = CliRunner().invoke(
        main, ["publish", "--out", str(v2), "--store", f"{oxi.base}/store", "--dry-run", "--json"]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["dry_run"] and answer["triples_sent"] == 0
    assert [g["graph"] for g in answer["graphs"] if g["action"] == "replaced"] == [DOC_004]
    assert dataset_dump(oxi.base) == before


def test_a_push_killed_after_the_first_graph_is_completed_by_a_rerun(build_dir, tmp_path):
    location = tmp_path / "store"
    landed = []
    with oxigraph_server(location) as first:

        def stop_after_first(change):
            landed.append(change.graph)
            first.stop()  # the store goes away for good while the push is under way

        with pytest.raises(StoreUnreachable, match="gave up after 3 attempts"):
            publish(build_dir, endpoints(first.base), on_landed=stop_after_first, jobs=1, **FAST)
    assert len(landed) == 1

    with oxigraph_server(location) as second:
        # the graph that landed is whole; nothing else is there, not even a manifest entry for it
        local = local_graphs(build_dir)
        assert store_counts(second.base) == {landed[0]: len(local[landed[0]])}
        report = publish(build_dir, endpoints(second.base))
        actions = {c.graph: c.action for c in report.changes}
        assert actions.pop(landed[0]) == Action.REPLACED  # in the store, never recorded: written again
        assert set(actions.values()) == {Action.CREATED}
        assert_store_holds(second.base, build_dir)
        assert set(store_counts(second.base)) == {*local, MANIFEST}


@pytest.mark.parametrize("gsp", [True, False], ids=["graph-store", "sparql-update"])
def test_a_store_killed_mid_upload_keeps_the_old_graph_whole(build_dir, edited_dir, tmp_path, gsp):
    v1, v2 = build_dir, edited_dir
    location = tmp_path / "store"
    with oxigraph_server(location) as first:
        publish(v1, endpoints(first.base))
        with StoreProxy(first.base) as proxy:
            proxy.cut = (DOC_004, sigkill(first))
            with pytest.raises(StoreUnreachable):
                publish(v2, endpoints(proxy.base), gsp=gsp, **FAST)
        assert first.process.poll() is not None  # the store really died mid-write

    with oxigraph_server(location) as second:
        # the old graph, whole: not half of the new one, not an empty one
        assert graph_lines(second.base, DOC_004) == local_graphs(v1)[DOC_004]
        report = publish(v2, endpoints(second.base), gsp=gsp)
        assert [c.graph for c in report.changes if c.action == Action.REPLACED] == [DOC_004]
        assert_store_holds(second.base, v2)


# The small build's new graphs in three N-Quads POSTs (registry, 000, 001 | 002, 003 | 004, the vocabulary, the
# ontology) of about 1 MB (the defaults batch only from 100 new graphs on).
BATCHED = {"post_min_graphs": 2, "post_bytes": 1_000_000}


def test_new_graphs_go_many_to_a_request_and_land_as_built(build_dir, oxi):
    report = publish(build_dir, endpoints(oxi.base), **BATCHED)
    assert report.notes == [
        f"{len(report.changes)} new graphs sent in N-Quads POSTs of many graphs: "
        "the store took a probe quad into its graph"
    ]
    assert {c.action for c in report.changes} == {Action.CREATED}
    assert_store_holds(
        oxi.base, build_dir
    )  # the probe's graph is gone too: only the build's and the manifest
    assert not publish(build_dir, endpoints(oxi.base), **BATCHED).changed


def test_a_store_killed_mid_batch_leaves_each_new_graph_whole_or_absent(build_dir, tmp_path):
    location = tmp_path / "store"
    local = local_graphs(build_dir)
    with oxigraph_server(location) as first:
        with StoreProxy(first.base) as proxy:
            proxy.cut = (DOC_004, sigkill(first))
            with pytest.raises(StoreUnreachable):
                # one request at a time, each recorded once it landed: the third is cut halfway
                publish(build_dir, endpoints(proxy.base), **BATCHED, jobs=1, batch_bytes=1, **FAST)
        assert first.process.poll() is not None  # the store really died mid-request

    with oxigraph_server(location) as second:
        counts = store_counts(second.base)
        recorded = manifest_entries(second.base)
        cut = {DOC_004, NAMESPACE + "vocabulary", ONTOLOGY}
        assert set(counts) == set(local) - cut | {MANIFEST}  # the cut request left nothing of its graphs
        for iri in set(counts) - {MANIFEST}:
            assert graph_lines(second.base, iri) == local[iri], iri
        assert set(recorded) == set(local) - cut  # and the manifest vouches for the two that landed
        report = publish(build_dir, endpoints(second.base), **BATCHED)
        assert {c.graph for c in report.changes if c.action == Action.UNCHANGED} == set(recorded)
        assert_store_holds(second.base, build_dir)


def test_a_batched_graph_the_store_does_not_hold_as_built_loses_its_entry(build_dir, oxi):
    """Batched graphs are recorded as their request lands and counted all together at the end: one that then
    holds another count (here a triple deleted behind publish's back as it landed) is not left vouched for."""

    def tamper(change):
        if change.graph == DOC_004:
            one = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{DOC_004}> {{ ?s ?p ?o }} }} LIMIT 1"
            update = f"DELETE {{ GRAPH <{DOC_004}> {{ ?s ?p ?o }} }} WHERE {{ {{ {one} }} }}"
            httpx.post(f"{oxi.base}/update", data={"update": update}, timeout=TIMEOUT).raise_for_status()

    with pytest.raises(StoreRefused, match=f"<{DOC_004}>: the store holds"):
        publish(build_dir, endpoints(oxi.base), **BATCHED, on_landed=tamper)
    assert set(manifest_entries(oxi.base)) == set(local_graphs(build_dir)) - {DOC_004}
    report = publish(build_dir, endpoints(oxi.base), **BATCHED)
    assert [c.graph for c in report.changes if c.action != Action.UNCHANGED] == [DOC_004]
    assert_store_holds(oxi.base, build_dir)


USER, PASSWORD, TOKEN = "publisher", "pa55-Wr0ng-or-Right", "tok-7f3a9c-secret"
BASIC = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


def _cli(build_dir: Path, store: str, env: dict[str, str], *extra: str):
    env = {"CKLOD_STORE_USER": None, "CKLOD_STORE_PASSWORD": None, "CKLOD_STORE_TOKEN": None, **env}
    return CliRunner().invoke(
        main, ["publish", "--out", str(build_dir), "--store", store, "--retries", "0", *extra], env=env
    )


def test_basic_auth_wrong_credentials_fail_clearly_and_no_secret_is_printed(build_dir, oxi):
    with StoreProxy(oxi.base, authorization=BASIC) as proxy:
        store = f"{proxy.base}/store"
        missing = _cli(build_dir, store, {})
        assert missing.exit_code == 3
        assert (
            missing.stderr.count("\n") == 1
            and "CKLOD_STORE_USER" in missing.stderr
            and "401" in missing.stderr
        )

        wrong = _cli(build_dir, store, {"CKLOD_STORE_USER": USER, "CKLOD_STORE_PASSWORD": PASSWORD[::-1]})
        assert wrong.exit_code == 3
        assert wrong.stderr.count("\n") == 1 and "refused the credentials" in wrong.stderr
        assert PASSWORD[::-1] not in wrong.output
        assert store_counts(oxi.base) == {}

        for extra in ([], ["--json"], ["--dry-run"]):
            right = _cli(
                build_dir, store, {"CKLOD_STORE_USER": USER, "CKLOD_STORE_PASSWORD": PASSWORD}, *extra
            )
            assert right.exit_code == 0, right.output
            assert PASSWORD not in right.output and BASIC not in right.output
        # the first request of a run goes without credentials, so the store's challenge picks the scheme
        assert (
            set(proxy.seen_authorization[-3:]) - {None} == {BASIC} and proxy.seen_authorization[-1] == BASIC
        )
    assert_store_holds(oxi.base, build_dir)


def test_bearer_token_is_sent_and_never_printed(build_dir, oxi):
    with StoreProxy(oxi.base, authorization=f"Bearer {TOKEN}") as proxy:
        wrong = _cli(build_dir, f"{proxy.base}/store", {"CKLOD_STORE_TOKEN": TOKEN + "x"})
        assert wrong.exit_code == 3 and "CKLOD_STORE_TOKEN" in wrong.stderr
        assert TOKEN not in wrong.output
        right = _cli(build_dir, f"{proxy.base}/store", {"CKLOD_STORE_TOKEN": TOKEN}, "--json")
        assert right.exit_code == 0, right.output
        assert TOKEN not in right.output
    assert_store_holds(oxi.base, build_dir)


def test_ambiguous_credentials_are_bad_options(build_dir, oxi):
    with pytest.raises(BadOptions, match="not both"):
        publish(build_dir, endpoints(oxi.base), environ={"CKLOD_STORE_TOKEN": "t", "CKLOD_STORE_USER": "u"})
    with pytest.raises(BadOptions, match="holds credentials"):
        resolve(f"http://{USER}:{PASSWORD}@127.0.0.1:1/store", None, None)


def test_sparql_update_path_publishes_the_same_graphs(build_dir, edited_dir, oxi):
    v1, v2 = build_dir, edited_dir
    report = publish(v1, endpoints(oxi.base), gsp=False)
    assert report.protocol == "sparql-update"
    assert {c.action for c in report.changes} == {Action.CREATED}
    assert_store_holds(oxi.base, v1)
    # the manifest does not depend on the protocol: the Graph Store sees nothing to do
    assert not publish(v1, endpoints(oxi.base), gsp=True).changed
    report = publish(v2, endpoints(oxi.base), gsp=False)
    assert [c.graph for c in report.changes if c.action == Action.REPLACED] == [DOC_004]
    assert_store_holds(oxi.base, v2)


def test_a_store_without_a_graph_store_falls_back_to_sparql_update(build_dir, oxi):
    target = resolve(f"{oxi.base}/no-graph-store-here", f"{oxi.base}/query", f"{oxi.base}/update")
    with pytest.raises(NotAStore, match="no SPARQL Graph Store"):
        publish(build_dir, target, gsp=True)  # forced: no fallback, a clear error, nothing written
    assert store_counts(oxi.base) == {}
    report = publish(build_dir, target)
    assert report.protocol == "sparql-update"
    assert any("fell back to SPARQL Update" in w for w in report.warnings)
    assert_store_holds(oxi.base, build_dir)


def test_transient_failures_are_retried(build_dir, oxi):
    with StoreProxy(oxi.base) as proxy:
        proxy.unavailable = 3
        report = publish(build_dir, endpoints(proxy.base), retries=3, backoff=0.01)
    assert report.retries == 3
    assert_store_holds(oxi.base, build_dir)


def test_a_write_conflict_is_retried(build_dir, oxi):
    with StoreProxy(oxi.base) as proxy:
        proxy.conflicts = 2
        report = publish(build_dir, endpoints(proxy.base), retries=2, backoff=0.01)
    assert report.retries == 2
    assert_store_holds(oxi.base, build_dir)


def test_an_unreachable_store_is_one_line_and_exit_3(build_dir):
    nobody = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreUnreachable, match=r"connection refused .* after 3 attempts"):
        publish(build_dir, endpoints(nobody), **FAST)
    result = _cli(build_dir, f"{nobody}/store", {})
    assert result.exit_code == 3
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_a_server_that_does_not_speak_sparql_is_a_clear_error(build_dir, oxi):
    with StoreProxy(oxi.base) as proxy:
        proxy.html = True
        result = _cli(build_dir, f"{proxy.base}/store", {})
    assert result.exit_code == 3
    assert (
        "/query did not answer with SPARQL JSON results (got text/html: '<html><body>It works!"
        in result.stderr
    )
    assert result.stderr.count("\n") == 1
    with pytest.raises(NotAStore, match="no SPARQL query endpoint"):
        publish(build_dir, resolve(f"{oxi.base}/store", f"{oxi.base}/", None))


def test_a_redirect_is_not_followed_with_the_credentials(build_dir, oxi):
    with StoreProxy(oxi.base) as proxy:
        proxy.redirect_to = oxi.base
        result = _cli(build_dir, f"{proxy.base}/store", {"CKLOD_STORE_TOKEN": TOKEN})
    assert result.exit_code == 3 and result.stderr.count("\n") == 1
    assert f"redirected to {oxi.base}/query" in result.stderr and TOKEN not in result.output
    assert store_counts(oxi.base) == {}


def test_a_dump_line_that_would_break_out_of_insert_data_is_refused(build_dir, tmp_path, oxi):
    shutil.copytree(build_dir, tmp_path / "output")
    dump = tmp_path / "output" / "cklod.nq"
    registry = "<https://w3id.org/cklod/graph/registry>"
    sneaky = f'<http://a> <http://b> "x" }} }} ; DROP ALL ; INSERT DATA {{ GRAPH <http://x> {{ <http://a> <http://b> "y" {registry} .\n'
    dump.write_bytes(dump.read_bytes() + sneaky.encode())
    with pytest.raises(BadBuild, match="registry"):
        publish(tmp_path / "output", endpoints(oxi.base), gsp=False)
    assert store_counts(oxi.base) == {}


def test_a_missing_build_is_bad_input(tmp_path, oxi):
    with pytest.raises(BadBuild, match=r"cklod\.nq not found"):
        publish(tmp_path, endpoints(oxi.base))
    result = _cli(tmp_path, f"{oxi.base}/store", {})
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("store", "query", "update"),
    [
        ("http://h:7878/store", "http://h:7878/query", "http://h:7878/update"),
        ("http://h:3030/ds/data", "http://h:3030/ds/query", "http://h:3030/ds/update"),
        (
            "http://h:7200/repositories/kg/rdf-graphs/service",
            "http://h:7200/repositories/kg",
            "http://h:7200/repositories/kg/statements",
        ),
    ],
)
def test_known_stores_need_only_the_graph_store_url(store, query, update):
    derived = resolve(store, None, None)
    assert (derived.store, derived.query, derived.update) == (store, query, update)


def test_an_unknown_layout_asks_for_the_endpoints():
    with pytest.raises(BadOptions, match="give --query"):
        resolve("http://h/graphs", None, None)
    with pytest.raises(BadOptions, match="give --store"):
        resolve(None, "http://h/sparql", None)
