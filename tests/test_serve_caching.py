"""Validators on everything made from the dataset: ETag (a digest of the bytes), Last-Modified (the build),
Cache-Control, and 304 Not Modified for a client that already holds the answer."""

from __future__ import annotations

import hashlib

import httpx
import pytest

from browser.serving import served

pytestmark = pytest.mark.server

PATHS = [
    "/",
    "/page/id/person/zhang-xiao",
    "/page/doc/000_8bfd59a1c3f8cacf",
    "/data/id/person/zhang-xiao.ttl",
    "/data/id/person/zhang-xiao.jsonld",
    "/void",
    "/ontology",
    "/search?q=Tokayev",
]


@pytest.fixture(scope="module")
def base(output_dir):
    with served(output_dir) as url:
        yield url


@pytest.mark.parametrize("path", PATHS)
def test_validators_and_304(base, path):
    first = httpx.get(base + path)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag == '"' + hashlib.sha256(first.content).hexdigest()[:20] + '"'
    assert first.headers["last-modified"].endswith(" GMT")
    assert "max-age=" in first.headers["cache-control"]
    again = httpx.get(base + path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    other = httpx.get(base + path, headers={"If-None-Match": '"0000"'})
    assert other.status_code == 200 and other.content == first.content


def test_negotiated_answers_have_their_own_tags(base):
    turtle = httpx.get(base + "/void", headers={"Accept": "text/turtle"})
    jsonld = httpx.get(base + "/void", headers={"Accept": "application/ld+json"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert turtle.headers["etag"] != jsonld.headers["etag"]
    # a tag for one representation does not validate the other
    cross = httpx.get(
        base + "/void", headers={"Accept": "application/ld+json", "If-None-Match": turtle.headers["etag"]}
    )
    assert cross.status_code == 200


def test_errors_and_sparql_are_not_cached(base):
    missing = httpx.get(base + "/page/id/person/nobody")
    assert missing.status_code == 404 and "etag" not in missing.headers
    answer = httpx.get(
        base + "/sparql", params={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"}
    )
    assert answer.status_code == 200 and "etag" not in answer.headers
