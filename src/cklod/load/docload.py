"""Loading documents with their mappings, one unit per document, across worker processes for large corpora.

A unit is what load_sources does for one document: read the text and sidecar, check the sidecar's agents
against the registry, load and check the mapping. Units are independent given the registry, so a large corpus
is split between processes (YAML parsing is most of a cold build's load time); problems are collected in the
parent exactly as if the units had run there.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from pathlib import Path

from cklod.errors import BadInput, Collector, Problem
from cklod.load.corpus import Document, load_document
from cklod.load.mapping.load import DocumentMapping, load_mapping
from cklod.load.registry import Registry
from cklod.progress import Progress
from cklod.project import Project
from cklod.staging import started_pool

CHUNK = 64  # documents per task sent to a worker
MIN_PARALLEL = 2 * CHUNK  # below this, forking costs more than it saves

Unit = tuple[Document | None, DocumentMapping | None, list[Problem]]
_SHARED: dict = {}


def load_unit(txt: Path, root: Path, registry: Registry, check_meta: Callable) -> Unit:
    problems = Collector()
    doc = load_document(txt, root, problems)
    if doc is not None:
        check_meta(doc, registry, problems)
    mapping = None
    path = Project(root).mapping_file(txt.stem)
    if path.exists() or path.is_symlink():  # a broken link is reported as such, not as a missing mapping
        mapping = load_mapping(path, root, {doc.id: doc} if doc else {}, registry, problems)
    return doc, mapping, problems.problems + problems.warnings


def _chunk(txts: list[Path]) -> tuple[list[Unit], list[Problem] | None]:
    """A worker's units; a BadInput raised (a YAML syntax error) comes back as its problems, re-raised in the
    parent (an exception with a list argument does not survive pickling)."""
    try:
        return [
            load_unit(txt, _SHARED["root"], _SHARED["registry"], _SHARED["check_meta"]) for txt in txts
        ], None
    except BadInput as exc:
        return [], exc.problems


def load_units(
    txts: list[Path],
    root: Path,
    registry: Registry,
    check_meta: Callable,
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[Unit]:
    """The units of ``txts``, in order; in ``workers`` processes (default: all cores when it pays off)."""
    if workers is None:
        workers = (os.cpu_count() or 1) if len(txts) >= MIN_PARALLEL else 1
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        units = []
        for txt in txts:
            units.append(load_unit(txt, root, registry, check_meta))
            if progress and len(units) % CHUNK == 0:
                progress("load", len(units), len(txts))
        return units
    _SHARED.update(root=root, registry=registry, check_meta=check_meta)
    try:
        chunks = [txts[i : i + CHUNK] for i in range(0, len(txts), CHUNK)]
        units: list[Unit] = []
        with started_pool(lambda: multiprocessing.get_context("fork").Pool(workers)) as pool:
            for part, raised in pool.imap(_chunk, chunks):
                if raised is not None:
                    raise BadInput(raised)
                units.extend(part)
                if progress:
                    progress("load", len(units), len(txts))
        return units
    finally:
        _SHARED.clear()
