"""A small HTTP server of cklod's own, up only while publish runs, from which a store fetches request bodies
itself (SPARQL 1.1 ``LOAD <url>``). Each body is offered under a fresh unguessable path, only until the request
that uses it has returned; anything else is answered 404."""

from __future__ import annotations

import ipaddress
import secrets
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from cklod.publish.errors import BadOptions
from cklod.rdf import media

LOOPBACK = "127.0.0.1"


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a store still fetching when publish ends must not keep cklod running

    def __init__(self, address: tuple[str, int], family: socket.AddressFamily):
        self.address_family = family
        self.bodies: dict[str, bytes] = {}
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def _answer(self, with_body: bool) -> None:
        body = self.server.bodies.get(self.path)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", media.NQUADS)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: publish's report says what was sent."""


class Feed:
    """Serves N-Quads bodies at ``http://HOST:PORT/<token>`` while used as a context manager; the server
    thread ends, and the port is closed, when the block ends, however it ends."""

    def __init__(self, host: str, port: int = 0):
        self.host, self.port = host, port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Feed:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        try:
            self._server = _Server((self.host, self.port), family)
        except OSError as exc:
            raise BadOptions(
                f"--listen {self.host}:{self.port}: cannot listen there: {exc.strerror}"
            ) from None
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="publish-feed", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server.bodies.clear()
            self._server = None

    @property
    def root(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @contextmanager
    def offering(self, body: bytes) -> Iterator[str]:
        """The URL ``body`` is served at until the block ends; a path is never used for another body."""
        if self._server is None:
            raise RuntimeError("the feed is not running")
        path = "/" + secrets.token_urlsafe(24)
        self._server.bodies[path] = body
        try:
            yield self.root + path
        finally:
            del self._server.bodies[path]


def listen_address(listen: str | None, update: str) -> tuple[str, int] | None:
    """Where the feed listens: ``listen`` (``HOST[:PORT]``, an address of this machine that the store can
    reach) when given; else 127.0.0.1 on a free port when the store's update endpoint is on this machine
    (loopback); else None, since which of this machine's addresses a remote store reaches is not ours to
    guess."""
    if listen is not None:
        parts = urlsplit("//" + (f"[{listen}]" if listen.count(":") > 1 and "[" not in listen else listen))
        try:
            host, port = parts.hostname, parts.port or 0
        except ValueError:
            host = None
        if not host or parts.path or parts.query or parts.username:
            raise BadOptions(f"--listen {listen!r} is not HOST, HOST:PORT or [IPv6]:PORT")
        try:
            unspecified = ipaddress.ip_address(host).is_unspecified
        except ValueError:  # a host name
            unspecified = False
        if unspecified:
            raise BadOptions(
                f"--listen {listen!r}: give the address the store reaches this machine at, not {host}"
            )
        return host, port
    host = urlsplit(update).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    return (LOOPBACK, 0) if loopback else None
