"""A pool of SPARQL worker processes with a deadline per query.

A query that runs past its deadline cannot be stopped inside pyoxigraph, so its worker is killed (by its
process id) and a fresh one is started in the background; the other workers keep answering meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("cklod.serve")

STARTUP_SECONDS = 60.0
FRAME_LIMIT = 1 << 20  # longest header line a worker may send


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes


def _text(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", message.encode("utf-8"))


class Worker:
    """One ``python -m cklod.serve.worker`` process and its pipes."""

    def __init__(self, process: asyncio.subprocess.Process):
        self.process = process

    @property
    def pid(self) -> int:
        return self.process.pid

    @classmethod
    async def start(cls, output_dir: Path) -> Worker:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "cklod.serve.worker",
            str(output_dir),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=FRAME_LIMIT,
        )
        worker = cls(process)
        try:
            header, _ = await asyncio.wait_for(worker.read(), STARTUP_SECONDS)
        except BaseException:
            worker.kill()
            raise
        if not header.get("ready"):
            worker.kill()
            raise RuntimeError(f"SPARQL worker {process.pid} did not start: {header}")
        return worker

    async def read(self) -> tuple[dict, bytes]:
        line = await self.process.stdout.readline()
        if not line:
            raise EOFError(f"SPARQL worker {self.pid} closed its output")
        header = json.loads(line)
        body = await self.process.stdout.readexactly(int(header.get("length", 0)))
        return header, body

    async def ask(self, request: dict) -> tuple[dict, bytes]:
        self.process.stdin.write(json.dumps(request).encode() + b"\n")
        await self.process.stdin.drain()
        return await self.read()

    def kill(self) -> None:
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):  # it may have exited on its own meanwhile
                self.process.kill()


class QueryPool:
    """``size`` workers over the store of ``output_dir``; ``run`` answers one query within a deadline."""

    def __init__(self, output_dir: Path, size: int = 2):
        self.output_dir, self.size = Path(output_dir), max(1, size)
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.workers: set[Worker] = set()
        self._starting: set[asyncio.Task] = set()
        self.replaced = 0
        self.closed = False

    async def start(self) -> None:
        workers = await asyncio.gather(*(Worker.start(self.output_dir) for _ in range(self.size)))
        for worker in workers:
            self.workers.add(worker)
            self.idle.put_nowait(worker)

    async def _respawn(self) -> None:
        delay = 0.5
        while not self.closed:
            try:
                worker = await Worker.start(self.output_dir)
            except Exception as exc:  # keep the pool alive: retry with backoff
                log.error("could not start a SPARQL worker: %s; retrying in %.1f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            if self.closed:
                worker.kill()
                return
            self.workers.add(worker)
            self.idle.put_nowait(worker)
            return

    def _discard(self, worker: Worker) -> None:
        worker.kill()
        self.workers.discard(worker)
        self.replaced += 1
        task = asyncio.get_running_loop().create_task(self._respawn())
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    async def run(self, request: dict, timeout: float) -> Answer:
        """Answer ``request`` (see cklod.serve.worker) or give up after ``timeout`` seconds in all."""
        deadline = time.monotonic() + timeout
        try:
            worker = await asyncio.wait_for(self.idle.get(), timeout)
        except TimeoutError:
            return _text(
                503, f"All {self.size} query workers stayed busy for {timeout:g} s; try again later."
            )
        try:
            header, body = await asyncio.wait_for(
                worker.ask(request), max(deadline - time.monotonic(), 0.001)
            )
        except TimeoutError:
            log.warning("query stopped after %.1f s: killing worker %d", timeout, worker.pid)
            self._discard(worker)
            return _text(
                503,
                f"The query did not finish within {timeout:g} s and was stopped. "
                "Narrow it down (fewer joins, LIMIT) and try again.",
            )
        except (EOFError, asyncio.IncompleteReadError, ConnectionError, ValueError) as exc:
            # The digest names the query in the log without copying a client's text into it.
            digest = hashlib.sha256(str(request.get("query", "")).encode()).hexdigest()[:16]
            log.error("worker %d failed on query sha256:%s (%s); starting another", worker.pid, digest, exc)
            self._discard(worker)
            return _text(500, "The query worker failed while running this query.")
        except BaseException:
            # Cancelled mid-query (client gone, server stopping): the worker's state is unknown.
            self._discard(worker)
            raise
        self.idle.put_nowait(worker)
        return Answer(int(header["status"]), header["type"], body)

    async def close(self) -> None:
        self.closed = True
        for task in list(self._starting):
            task.cancel()
        for worker in list(self.workers):
            worker.kill()
        for worker in list(self.workers):
            try:
                await asyncio.wait_for(worker.process.wait(), 5)
            except TimeoutError:
                log.error("worker %d did not exit", worker.pid)
        self.workers.clear()
