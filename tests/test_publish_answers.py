"""Every answer a store gives publish is checked for shape before use: a real HTTP server on 127.0.0.1 answers
each query with a bad shape, and `cklod publish` stops with exit 3 and one line naming the endpoint and what
it answered, never a traceback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from click.testing import CliRunner

from cklod.cli import main

pytestmark = pytest.mark.server

REGISTRY = "https://w3id.org/cklod/graph/registry"
EMPTY = {"head": {"vars": ["graph", "sha256", "triples"]}, "results": {"bindings": []}}
JSON = "application/sparql-results+json"


def counted(n: object) -> dict:
    return {
        "head": {"vars": ["g", "n"]},
        "results": {"bindings": [{"g": {"type": "uri", "value": REGISTRY}, "n": n}]},
    }


# (the answer to the count query: content type, body) → what the error line must say. The manifest query is
# answered well, so each case reaches the count.
CASES = {
    "html page": (
        ("text/html", b"<html><body><h1>Welcome to nginx!</h1></body></html>"),
        "got text/html: '<html>",
    ),
    "not json": ((JSON, b"OK"), f"got {JSON}: 'OK'"),
    "empty body": ((JSON, b""), f"got {JSON}: ''"),
    "json array": ((JSON, b"[1, 2]"), "answered JSON that is not SPARQL results"),
    "no results": ((JSON, json.dumps({"head": {}}).encode()), "answered JSON that is not SPARQL results"),
    "bindings not a list": (
        (JSON, json.dumps({"head": {}, "results": {"bindings": {"g": 1}}}).encode()),
        "answered JSON that is not SPARQL results",
    ),
    "term without value": (
        (JSON, json.dumps(counted({"type": "literal"})).encode()),
        "answered JSON that is not SPARQL results",
    ),
    "count not a number": (
        (JSON, json.dumps(counted({"type": "literal", "value": "many"})).encode()),
        "answered n = 'many', not a number",
    ),
}


class FakeStore:
    """Answers the manifest query with an empty, well-formed result and every other query with ``answer``."""

    def __init__(self, answer: tuple[str, bytes]):
        self.answer = answer
        store = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                query = parse_qs(body).get("query", [""])[0]
                if "publish#sha256" in query:
                    kind, data = JSON, json.dumps(EMPTY).encode()
                else:
                    kind, data = store.answer
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_PUT = do_POST

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture
def fake_store(request) -> Iterator[FakeStore]:
    store = FakeStore(request.param)
    thread = threading.Thread(target=store.httpd.serve_forever, daemon=True)
    thread.start()
    yield store
    store.httpd.shutdown()
    store.httpd.server_close()


@pytest.mark.parametrize(
    ("fake_store", "says"), list(CASES.values()), ids=list(CASES), indirect=["fake_store"]
)
def test_a_badly_shaped_answer_is_one_line_and_exit_3(output_dir, fake_store, says):
    result = CliRunner().invoke(
        main,
        ["publish", "--out", str(output_dir), "--store", f"{fake_store.base}/store", "--retries", "0"],
        env={"CKLOD_STORE_USER": None, "CKLOD_STORE_PASSWORD": None, "CKLOD_STORE_TOKEN": None},
    )
    assert result.exit_code == 3, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"error: {fake_store.base}/query "), result.stderr
    assert says in result.stderr
    assert result.stdout == ""
