"""Real servers for tests: the Oxigraph SPARQL server (PyPI package ``oxigraph``) on a free loopback port."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not answer within {timeout} s") from None
            time.sleep(0.05)


@dataclass
class OxigraphServer:
    """A running ``oxigraph serve``: its endpoints and its process id (for stopping it mid-test)."""

    base: str
    process: subprocess.Popen
    location: Path

    @property
    def query(self) -> str:
        return f"{self.base}/query"

    @property
    def update(self) -> str:
        return f"{self.base}/update"

    @property
    def store(self) -> str:
        return f"{self.base}/store"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()


@contextmanager
def oxigraph_server(
    location: Path, port: int | None = None, *, union_default_graph: bool = True
) -> Iterator[OxigraphServer]:
    """Start ``oxigraph serve`` with an on-disk store at ``location``; stop it by its process id."""
    binary = shutil.which("oxigraph")
    if binary is None:
        raise RuntimeError("the 'oxigraph' server is not installed: pip install -e '.[test]'")
    port = port or free_port()
    args = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        args.append("--union-default-graph")
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = OxigraphServer(f"http://127.0.0.1:{port}", process, location)
    try:
        wait_for_http(f"{server.query}?query=ASK%7B%7D")
        yield server
    finally:
        server.stop()
