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


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
; the bulk loader (ld_dir) reads only from these folders
DirsAllowed = ., {dir}, {load_dir}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
CheckpointInterval = 60
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
"""
# Anonymous SPARQL updates and Graph Store writes, as an operator who opens /sparql for a publisher would set up.
VIRTUOSO_GRANTS = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"


@dataclass
class VirtuosoServer:
    """A running Virtuoso (Debian package ``virtuoso-opensource``) with its own database in ``location``.
    /sparql takes queries and updates anonymously; /sparql-auth wants digest auth as dba (password dba)."""

    base: str
    process: subprocess.Popen
    location: Path
    sql_port: int
    load_dir: Path

    @property
    def query(self) -> str:
        return f"{self.base}/sparql"

    update = query

    @property
    def store(self) -> str:
        return f"{self.base}/sparql-graph-crud"

    def isql(self, statements: str) -> str:
        """Run SQL as dba through isql (the way an operator runs the bulk loader or resets the store)."""
        done = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed: {done.stdout}{done.stderr}")
        return done.stdout

    def clear(self) -> None:
        """Drop every graph but Virtuoso's own system graphs."""
        self.isql(
            "DELETE FROM DB.DBA.RDF_QUAD WHERE G NOT IN (iri_to_id ('http://www.openlinksw.com/schemas/virtrdf#'),"
            " iri_to_id ('http://localuriqaserver/sparql'), iri_to_id ('http://www.w3.org/ns/ldp#'));"
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()


@contextmanager
def virtuoso_server(location: Path, *, max_rows: int = 10_000) -> Iterator[VirtuosoServer]:
    """Start ``virtuoso-t`` on free loopback ports with a fresh database in ``location`` (its ResultSetMaxRows
    set to ``max_rows``), grant the SPARQL user update rights, and stop it by its process id."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        raise RuntimeError("Virtuoso is not installed: scripts/setup-test-env installs virtuoso-opensource")
    location.mkdir(parents=True, exist_ok=True)
    load_dir = location / "load"
    load_dir.mkdir(exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = location / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            dir=location, load_dir=load_dir, sql_port=sql_port, http_port=http_port, max_rows=max_rows
        )
    )
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)],
        cwd=location,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = VirtuosoServer(f"http://127.0.0.1:{http_port}", process, location, sql_port, load_dir)
    try:
        wait_for_http(f"{server.query}?query=ASK%7B%7D", timeout=120)
        server.isql(VIRTUOSO_GRANTS)
        yield server
    finally:
        server.stop()
