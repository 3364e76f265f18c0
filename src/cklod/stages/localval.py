"""Document-local SHACL (shapes/facts.ttl) in batches, across worker processes, with per-document results.

Every focus node of facts.ttl (documents, fact nodes, statements, annotations, selectors, boilerplate) lives in
one document's graph, and its shapes look only at that graph and at the registry triples of the entities it
links to. So documents can be validated in batches (one pyshacl call on the union of the batch's local data
saves pyshacl's per-call cost) and batches in parallel; each result belongs to the document whose graph has
its focus node as a subject, which is what the build caches. tests/test_scale.py proves parallel = serial and
the whole split = pyshacl on the whole graph.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from pyoxigraph import NamedNode, Quad

from cklod.iris import DEFAULT_BASE
from cklod.progress import Progress

# Quads per pyshacl call: past ~6,000 the per-call cost is paid off (and memory stays small). Counted in
# quads, not documents, because documents differ eightfold in size (real ones ~2,700 quads, synthetic ~330).
BATCH_QUADS = 6_000
_SHARED: dict = {}  # what forked workers read: the graphs, the registry by subject, the shapes


def _validate_batch(names: list[str]) -> dict[str, list]:
    from cklod.stages.validate import _rdflib_graph, local_data, run_pyshacl

    graphs, by_subject = _SHARED["graphs"], _SHARED["by_subject"]
    data: dict[Quad, None] = {}
    for name in names:
        data.update(dict.fromkeys(local_data(graphs[name], by_subject)))
    results = run_pyshacl(_rdflib_graph(data), _SHARED["shapes"])
    out: dict[str, list] = {name: [] for name in names}
    for name in names:
        subjects = {q.subject.value for q in graphs[name]}
        out[name] = sorted(r for r in results if r.focus in subjects)
    return out


def _batches(names: list[str], graphs: dict[str, list[Quad]]) -> list[list[str]]:
    batches: list[list[str]] = [[]]
    size = 0
    for name in names:
        if size >= BATCH_QUADS:
            batches.append([])
            size = 0
        batches[-1].append(name)
        size += len(graphs[name])
    return [b for b in batches if b]


def workers_for(batches: int) -> int:
    """Worker processes worth starting for ``batches`` batches (forking costs ~50 ms each)."""
    return 1 if batches < 2 else min(os.cpu_count() or 1, batches)


def local_results(
    graphs: dict[str, list[Quad]],
    registry_by_subject: dict[NamedNode, list[Quad]],
    shapes_dir: Path,
    names: list[str],
    workers: int | None = None,
    progress: Progress | None = None,
    base: str = DEFAULT_BASE,
) -> dict[str, list]:
    """facts.ttl results of each document in ``names``, validated with its local data."""
    from cklod.stages.validate import FACT_SHAPES, load_shapes

    _SHARED.update(
        graphs=graphs, by_subject=registry_by_subject, shapes=load_shapes(shapes_dir, FACT_SHAPES, base)
    )
    batches = _batches(names, graphs)
    workers = workers_for(len(batches)) if workers is None else workers
    out: dict[str, list] = {}
    try:
        if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            for batch in batches:
                out.update(_validate_batch(batch))
                if progress:
                    progress("validate", len(out), len(names))
        else:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for part in pool.imap(_validate_batch, batches):
                    out.update(part)
                    if progress:
                        progress("validate", len(out), len(names))
    finally:
        _SHARED.clear()
    return out
