"""cklod's own HTTP server for SPARQL LOAD (cklod.publish.feed), through a real HTTP client, and where it listens."""

from __future__ import annotations

import httpx
import pytest

from cklod.publish import BadOptions
from cklod.publish.feed import Feed, listen_address

BODY = b'<http://example.org/s> <http://example.org/p> "o" <http://example.org/g> .\n'


def test_a_body_is_served_at_its_own_path_only_while_offered():
    with Feed("127.0.0.1") as feed:
        root = feed.root
        with feed.offering(BODY) as url, feed.offering(b"another\n") as other:
            assert url.startswith(root + "/") and other != url
            assert len(url.rsplit("/", 1)[1]) >= 32  # unguessable: 24 random bytes
            got = httpx.get(url)
            assert got.status_code == 200 and got.content == BODY
            assert got.headers["content-type"] == "application/n-quads"
            assert got.headers["content-length"] == str(len(BODY))
            head = httpx.head(url)
            assert head.status_code == 200 and head.content == b""
            assert httpx.get(other).content == b"another\n"
            for path in (
                "/",
                "/x",
                url[len(root) :] + "x",
                url[len(root) :] + "?x=1",
                url[len(root) :].upper(),
            ):
                assert httpx.get(root + path).status_code == 404, path
        assert httpx.get(url).status_code == 404  # dropped once its request returned
    with pytest.raises(httpx.ConnectError):  # and the server is gone with the block
        httpx.get(url)


def test_the_server_is_shut_down_when_the_block_fails():
    with pytest.raises(RuntimeError, match="boom"), Feed("127.0.0.1") as feed, feed.offering(BODY) as url:
        assert httpx.get(url).status_code == 200
        raise RuntimeError("boom")
    with pytest.raises(httpx.ConnectError):
        httpx.get(url)


def test_an_address_that_is_not_this_machines_is_bad_options():
    with (
        pytest.raises(BadOptions, match=r"--listen 192\.0\.2\.1:8000: cannot listen there"),
        Feed("192.0.2.1", 8000),
    ):
        pass


@pytest.mark.parametrize(
    ("listen", "update", "address"),
    [
        (None, "http://127.0.0.1:8890/sparql", ("127.0.0.1", 0)),
        (None, "http://localhost:7878/update", ("127.0.0.1", 0)),
        (None, "http://[::1]:7878/update", ("127.0.0.1", 0)),
        (
            None,
            "http://store.example.org:8890/sparql",
            None,
        ),  # which of our addresses it reaches: not a guess
        (None, "http://10.0.0.7:8890/sparql", None),
        ("10.0.0.5:8000", "http://10.0.0.7:8890/sparql", ("10.0.0.5", 8000)),
        ("10.0.0.5", "http://10.0.0.7:8890/sparql", ("10.0.0.5", 0)),
        ("publisher.lan", "http://10.0.0.7:8890/sparql", ("publisher.lan", 0)),
        ("::1", "http://127.0.0.1:8890/sparql", ("::1", 0)),
        ("[fd00::5]:8000", "http://[fd00::7]:8890/sparql", ("fd00::5", 8000)),
    ],
)
def test_where_the_feed_listens(listen, update, address):
    assert listen_address(listen, update) == address


@pytest.mark.parametrize(
    ("listen", "problem"),
    [
        ("", "is not HOST, HOST:PORT or [IPv6]:PORT"),
        (":8000", "is not HOST, HOST:PORT or [IPv6]:PORT"),
        ("host:port", "is not HOST, HOST:PORT or [IPv6]:PORT"),
        ("host/path", "is not HOST, HOST:PORT or [IPv6]:PORT"),
        ("0.0.0.0:8000", "give the address the store reaches this machine at, not 0.0.0.0"),
        ("[::]:8000", "give the address the store reaches this machine at, not ::"),
    ],
)
def test_a_listen_address_the_store_cannot_use_is_bad_options(listen, problem):
    with pytest.raises(BadOptions, match=problem.replace("[", r"\[").replace("]", r"\]")):
        listen_address(listen, "http://127.0.0.1:8890/sparql")
