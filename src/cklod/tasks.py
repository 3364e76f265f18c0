"""Where the per-document stages run: in the build's own process, in worker processes, or on a Dask cluster.

The per-document work (cklod.pipeline.document_work: map, reason, graph text) is a pure function of one
document's mapping and what every document shares (registry, IRI policy, TBox), so it runs as independent
tasks on any engine that can call a picklable function. Results come back in the documents' order, a window
at a time, so only a window of documents' graphs is in flight whatever the corpus's size.

- ``local``: one after another in this process (the default: on a few cores the work, ~2 ms a synthetic
  document, is not worth the pickling);
- ``processes``: a pool of fresh (spawned) worker processes on this machine;
- ``dask``: a Dask cluster (``pip install 'dask[distributed]'``): the scheduler at ``address``, or a local
  cluster started for the build. The shared arguments are scattered to the workers once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from cklod.staging import started_pool

EXECUTORS = ("local", "processes", "dask")
WINDOW = 256  # documents in flight at a time


def run_tasks(
    executor: str, fn: Callable[..., Any], items: list, shared: tuple, address: str | None = None
) -> Iterator[Any]:
    """``fn(item, *shared)`` for each of ``items``, in order, run by ``executor`` (one of EXECUTORS)."""
    if executor == "local":
        return (fn(item, *shared) for item in items)
    if executor == "processes":
        return _processes(fn, items, shared)
    if executor == "dask":
        return _dask(fn, items, shared, address)
    raise ValueError(f"unknown executor {executor!r} (one of {', '.join(EXECUTORS)})")


_WORKER: dict[str, Any] = {}


def _start_worker(fn: Callable[..., Any], shared: tuple) -> None:
    _WORKER.update(fn=fn, shared=shared)


def _call(item: Any) -> Any:
    return _WORKER["fn"](item, *_WORKER["shared"])


def _processes(fn: Callable[..., Any], items: list, shared: tuple) -> Iterator[Any]:
    if not items:
        return
    workers = max(1, min(os.cpu_count() or 1, len(items) // 16 or 1))
    import multiprocessing  # here: 20 ms the CLI does not pay at start-up for EXECUTORS

    # spawned, not forked: a worker holds what it is sent, not a copy of the build's memory
    context = multiprocessing.get_context("spawn")
    with started_pool(
        lambda: context.Pool(workers, initializer=_start_worker, initargs=(fn, shared))
    ) as pool:
        for start in range(0, len(items), WINDOW):
            yield from pool.imap(_call, items[start : start + WINDOW], chunksize=16)


def _dask(fn: Callable[..., Any], items: list, shared: tuple, address: str | None) -> Iterator[Any]:
    try:
        from dask.distributed import Client
    except ImportError:
        raise RuntimeError(
            "the dask executor needs dask.distributed: pip install 'dask[distributed]'"
        ) from None
    if not items:
        return
    client = Client(address) if address else Client(processes=True, dashboard_address=None)
    try:
        [remote] = client.scatter([shared], broadcast=True)
        for start in range(0, len(items), WINDOW):
            futures = client.map(_call_with, items[start : start + WINDOW], fn=fn, shared=remote, pure=False)
            yield from client.gather(futures)
            del futures
    finally:
        client.close()
        if address is None and client.cluster is not None:
            client.cluster.close()


def _call_with(item: Any, fn: Callable[..., Any], shared: tuple) -> Any:
    return fn(item, *shared)
