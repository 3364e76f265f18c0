"""Queries a worker must never see: too deep or too long ones are refused (400, with the reason) before they
reach one, and a worker that dies on a query is logged with the query's digest and replaced while the others
keep answering."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import signal
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from browser.serving import served
from cklod.serve.pool import QueryPool
from cklod.serve.sparql import MAX_DEPTH

pytestmark = pytest.mark.server

JSON = {"Accept": "application/sparql-results+json"}
SIMPLE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def nested(depth: int) -> str:
    """A valid query of ``depth`` nested groups (the shape that crashed a worker at about 2,500)."""
    return "SELECT * WHERE " + "{ ?s ?p ?o " * depth + "}" * depth + " LIMIT 1"


@pytest.fixture(scope="module")
def sparql(output_dir):
    with served(output_dir, timeout=5.0) as base:
        yield f"{base}/sparql"


def test_a_deep_query_is_refused_with_the_reason(sparql):
    query = nested(2500)
    assert len(query) > 18_000
    for response in (
        httpx.get(sparql, params={"query": query}, headers=JSON),
        httpx.post(sparql, data={"query": query}, headers=JSON),
        httpx.post(sparql, content=query, headers={**JSON, "Content-Type": "application/sparql-query"}),
    ):
        assert response.status_code == 400
        assert response.text == (
            f"The query nests groups 2500 deep; this endpoint takes at most {MAX_DEPTH} levels.\n"
        )


def test_depth_inside_strings_and_comments_does_not_count(sparql):
    query = 'SELECT ?x WHERE { BIND("' + "{" * 500 + '" AS ?x) } # ' + "(" * 500
    response = httpx.get(sparql, params={"query": query}, headers=JSON)
    assert response.status_code == 200
    assert response.json()["results"]["bindings"][0]["x"]["value"] == "{" * 500


def test_a_query_at_the_limit_runs(sparql):
    response = httpx.get(sparql, params={"query": nested(MAX_DEPTH - 1)}, headers=JSON)
    assert response.status_code == 200, response.text


def test_a_long_query_is_refused(sparql):
    query = SIMPLE + " #" + "x" * 100_000
    response = httpx.post(sparql, data={"query": query}, headers=JSON)
    assert response.status_code == 400
    assert "characters long; this endpoint takes at most 100,000" in response.text


def test_a_storm_of_deep_queries_leaves_the_workers_answering(sparql):
    query = nested(2500)

    def attack(_: int) -> int:
        return httpx.post(sparql, data={"query": query}, headers=JSON, timeout=30).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(attack, range(200)))
    assert statuses == [400] * 200
    # Both workers still up: two concurrent ordinary queries answer at once.
    with ThreadPoolExecutor(2) as pool:
        answers = list(
            pool.map(lambda _: httpx.get(sparql, params={"query": SIMPLE}, headers=JSON), range(2))
        )
    assert [a.status_code for a in answers] == [200, 200]


def test_a_worker_crash_is_logged_with_the_digest_and_replaced(output_dir, caplog):
    async def scenario() -> tuple:
        pool = QueryPool(output_dir, 2)
        await pool.start()
        try:
            request = {"query": SLOW, "accept": JSON["Accept"], "max_results": 10}
            slow = asyncio.ensure_future(pool.run(request, 30))
            await asyncio.sleep(0.5)
            busy = [w for w in pool.workers if w not in pool.idle._queue]
            assert len(busy) == 1
            os.kill(busy[0].pid, signal.SIGKILL)
            crashed = await slow
            other = await pool.run({"query": SIMPLE, "accept": JSON["Accept"], "max_results": 10}, 30)
            for _ in range(200):  # the replacement starts in the background
                if len(pool.workers) == 2:
                    break
                await asyncio.sleep(0.1)
            return crashed, other, len(pool.workers), pool.replaced
        finally:
            await pool.close()

    # In a thread of its own: an earlier test (Playwright's sync API) may leave a loop running in this one.
    with caplog.at_level(logging.ERROR, logger="cklod.serve"), ThreadPoolExecutor(1) as thread:
        crashed, other, workers, replaced = thread.submit(asyncio.run, scenario()).result()
    assert crashed.status == 500
    assert other.status == 200
    assert (workers, replaced) == (2, 1)
    digest = hashlib.sha256(SLOW.encode()).hexdigest()[:16]
    assert any(f"failed on query sha256:{digest}" in r.getMessage() for r in caplog.records)
