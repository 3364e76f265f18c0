"""Validators and a response cache for everything made from the dataset (pages, data documents, VoID).

The dataset does not change while it is served, so a page is the same bytes every time it is asked for in the
same way (path, query string, Accept header, root path): it is made once and kept (least recently used first
out, at most MAX_ENTRIES answers and MAX_TOTAL bytes), and answered with an ETag (a digest of its bytes), the dataset's build time as Last-Modified and a
Cache-Control lifetime; a client that already holds it (If-None-Match) gets 304 Not Modified and no body.
SPARQL answers and the downloadable dumps are passed through untouched: the first depend on a POST body and a
time limit, the second are streamed from disk.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from email.utils import formatdate
from pathlib import Path

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PASS_THROUGH = ("/sparql", "/dumps/")
MAX_ENTRIES = 2048
MAX_BODY = 4 << 20  # bytes; larger answers are not kept
MAX_TOTAL = 128 << 20  # bytes kept in all
CACHE_CONTROL = "public, max-age=300"


def built_at(output_dir: Path) -> str:
    """The dataset's build time as an HTTP date: the modification time of its files, newest first."""
    times = [p.stat().st_mtime for p in Path(output_dir).glob("*") if p.is_file()]
    return formatdate(max(times, default=0), usegmt=True)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return "*" in tags or etag in tags


class Conditional:
    """ASGI middleware: cache 200 answers to GET and HEAD, add validators, answer 304 on a matching ETag."""

    def __init__(self, app: ASGIApp, output_dir: Path, size: int = MAX_ENTRIES):
        self.app, self.size = app, size
        self.modified = built_at(output_dir)
        self.entries: OrderedDict[tuple, tuple[int, list[tuple[bytes, bytes]], bytes]] = OrderedDict()
        self.kept = 0  # bytes of the bodies kept
        self.lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or path.startswith(PASS_THROUGH):
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        key = (
            scope.get("root_path", ""),
            path,
            scope.get("query_string", b""),
            request_headers.get("accept", ""),
        )
        with self.lock:
            hit = self.entries.get(key)
            if hit is not None:
                self.entries.move_to_end(key)
        if hit is None:
            hit = await self._make(scope, receive, send, key)
            if hit is None:
                return  # not cacheable: already sent as it came
        status, headers, body = hit
        etag = MutableHeaders(raw=list(headers)).get("etag", "")
        if _matches(request_headers.get("if-none-match"), etag):
            kept = [(k, v) for k, v in headers if k in (b"etag", b"last-modified", b"cache-control", b"vary")]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _make(self, scope: Scope, receive: Receive, send: Send, key: tuple):
        """Run the app; keep and return a complete 200 answer, or pass any other answer straight on."""
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        streaming = False

        async def capture(message: Message) -> None:
            nonlocal start, size, streaming
            if streaming:
                await send(message)
            elif message["type"] == "http.response.start":
                start = message
                if message["status"] != 200:
                    streaming = True
                    await send(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if size > MAX_BODY:
                    streaming = True
                    await send(start)
                    await send({"type": "http.response.body", "body": b"".join(chunks), "more_body": True})
                    chunks.clear()
                    if not message.get("more_body", False):
                        await send({"type": "http.response.body", "body": b""})

        await self.app(scope, receive, capture)
        if streaming or start is None:
            return None
        body = b"".join(chunks)
        headers = MutableHeaders(raw=list(start["headers"]))
        headers["etag"] = etag_of(body)
        headers["last-modified"] = self.modified
        if "cache-control" not in headers:
            headers["cache-control"] = CACHE_CONTROL
        entry = (200, headers.raw, body)
        with self.lock:
            if key not in self.entries:
                self.entries[key] = entry
                self.kept += len(body)
            while len(self.entries) > self.size or self.kept > MAX_TOTAL:
                _, (_, _, old) = self.entries.popitem(last=False)
                self.kept -= len(old)
        return entry
