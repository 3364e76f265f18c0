"""The build: load → map → merge → reason → validate → write, with output/ replaced atomically or not at all."""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Quad

from cklod.cache import BuildCache
from cklod.dataset import Dataset
from cklod.errors import BadInput
from cklod.iris import SH, IriPolicy
from cklod.progress import Progress
from cklod.sources import Sources, load_sources, unreviewed
from cklod.stages import write
from cklod.stages.describe import FileInfo
from cklod.stages.dumps import Folder, write_dumps
from cklod.stages.mapper import map_document, map_registry
from cklod.stages.reason import load_tbox, materialize
from cklod.stages.validate import InvalidGraph, PendingValidation, start_validation

DEFAULT_ENDPOINT = "http://127.0.0.1:8000/sparql"


@dataclass
class StageTimer:
    """Wall time of each stage, reported on stderr by the CLI."""

    report: Callable[[str, float], None] | None = None
    times: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.times[name] = time.perf_counter() - start
        if self.report:
            self.report(name, self.times[name])


def map_sources(
    sources: Sources, iris: IriPolicy, skip: frozenset[str] = frozenset()
) -> dict[str, list[Quad]]:
    """The map stage for every document (but those in ``skip``); pure, so each document is cached on its own."""
    graphs = {"registry": map_registry(sources.registry, iris)}
    for doc_id, mapping in sources.mappings.items():
        if doc_id not in skip:
            graphs[doc_id] = map_document(mapping, sources.registry, iris)
    return graphs


def reason(graphs: dict[str, list[Quad]], ontology: Path) -> tuple[dict[str, list[Quad]], int]:
    tbox = load_tbox(ontology)
    out, inferred = {}, 0
    for name, quads in graphs.items():
        new = materialize(quads, tbox)
        inferred += len(new)
        out[name] = quads + new
    return out, inferred


def assemble(
    sources: Sources, iris: IriPolicy, timer: StageTimer | None = None, cache: BuildCache | None = None
) -> Dataset:
    """Map, merge and reason: the dataset before validation. Documents in ``cache`` come from it unchanged."""
    timer = timer or StageTimer()
    hits = {d: e for d, e in (cache.entries if cache else {}).items() if e.nquads is not None}
    with timer.stage("map"):
        graphs = map_sources(sources, iris, frozenset(hits))
    asserted = {name: len(set(q)) for name, q in graphs.items()}  # a triple two facts state counts once
    with timer.stage("reason"):
        graphs, _ = reason(graphs, sources.project.ontology)
        texts = {name: write.graph_text(quads) for name, quads in graphs.items()}
        encoded = {doc_id: texts[doc_id].encode() for doc_id in sources.mappings.keys() - hits.keys()}
        for doc_id, entry in hits.items():
            encoded[doc_id] = entry.nquads
            texts[doc_id] = entry.nquads.decode()  # parsed only if asked for (cklod.dataset.Graphs)
            asserted[doc_id] = entry.asserted
    if cache is not None:
        for doc_id in sources.mappings.keys() - hits.keys():
            entry = cache.entries[doc_id]
            entry.nquads, entry.asserted = encoded[doc_id], asserted[doc_id]
            cache.put(doc_id, entry)
    order = ["registry", *sources.mappings]
    total = sum(asserted.values())
    return Dataset(
        iris,
        {name: texts[name] for name in order},
        total,
        sum(text.count("\n") for text in texts.values()) - total,
        quads_known=graphs,
        encoded=encoded,
    )


def render(
    dataset: Dataset,
    sources: Sources,
    folder: Path,
    endpoint: str = DEFAULT_ENDPOINT,
    cache: BuildCache | None = None,
) -> Folder:
    """Write every file of output/ into ``folder`` (the staging folder), one file at a time.

    With ``cache``, documents' dump parts laid out by an earlier build are reused, and this build's kept."""
    files = Folder(folder)
    entries = cache.entries if cache is not None else {}
    known = {d: e.parts for d, e in entries.items() if e.parts is not None}
    parts = write_dumps(dataset, sources, files, endpoint, known)
    for doc_id, entry in entries.items():
        if entry.parts is None:
            entry.parts = parts.get(doc_id, {})
            cache.put(doc_id, entry)
    return files


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return rc == 0


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A sibling temporary folder to fill; on normal exit it replaces ``out`` in one atomic step, on an
    exception it is removed and ``out`` is left exactly as it was. Readers never see half a folder."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        yield staging
        if out.exists():
            if not _exchange(staging, out):
                old = out.with_name(f".{out.name}.old-{os.getpid()}")
                out.rename(old)
                staging.rename(out)
                staging = old
        else:
            staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def publish_folder(files: dict[str, bytes], out: Path) -> None:
    """Replace ``out`` with a folder holding ``files`` (path under the folder -> bytes), atomically."""
    with staged(out) as staging:
        for name, data in sorted(files.items()):
            write.write_bytes(staging, name, data)


@dataclass
class BuildResult:
    dataset: Dataset
    files: dict[str, FileInfo]  # path under output/ -> size and SHA-256
    report: object | None
    times: dict[str, float]


def build(
    root: Path,
    out: Path | None = None,
    *,
    base: str | None = None,
    validate: bool = True,
    allow_invalid: bool = False,
    include_proposed: bool = False,
    report: Callable[[str, float], None] | None = None,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the dataset from the project at ``root`` into ``out`` (default ``root/output``).

    Raises BadInput for bad sources and InvalidGraph when validation finds violations (unless
    ``allow_invalid``); in both cases ``out`` is left exactly as it was. With ``use_cache``, documents whose
    inputs are unchanged are taken from the build cache (``cache_dir``, default ``root/.cklod/cache``).
    ``progress(stage, done, total)`` is told how far the load and validate stages are (cklod.progress).
    Items still marked ``review: proposed`` are refused (BadInput, one problem per file) unless
    ``include_proposed``, which publishes them marked ``cklod:reviewStatus cklod:Proposed``.
    """
    timer = StageTimer(report)
    iris = IriPolicy(base) if base else IriPolicy()
    cache = BuildCache.open(root.resolve(), iris.base, cache_dir) if use_cache else None
    with timer.stage("load"):
        sources = load_sources(root, cache, progress)
    if not include_proposed and (pending_review := unreviewed(sources)):
        raise BadInput(pending_review)
    dataset = assemble(sources, iris, timer, cache)
    try:
        pending = _start_validation(dataset, sources, cache, timer, progress) if validate else None
        dataset.graphs.forget_quads()  # what is left to do reads the graphs' texts
        validation = None
        if pending is not None and any(r.severity == SH + "Violation" for r in pending.core):
            validation = pending.report()  # invalid already: no need to write anything
            if not allow_invalid:
                raise InvalidGraph(validation)
        with staged(out or root / "output") as staging:
            with timer.stage("write"):  # while the SPARQL rules run on their thread
                files = render(dataset, sources, staging, cache=cache)
            dataset.release_union()
            if pending is not None and validation is None:
                with timer.stage("rules"):  # the rules' time beyond the write stage's
                    validation = pending.report()
                if not validation.conforms and not allow_invalid:
                    raise InvalidGraph(validation)  # the staging folder goes, output/ stays as it was
            if validation is not None:
                files.write("validation.ttl", validation.turtle())
    finally:
        if cache is not None:
            cache.save()  # an invalid build's work is kept too: the rebuild after the fix reuses it
    return BuildResult(dataset, files.files, validation, timer.times)


def _start_validation(
    dataset: Dataset, sources: Sources, cache: BuildCache | None, timer: StageTimer, progress
) -> PendingValidation:
    """The validate stage's Core shapes, reusing and completing the cache's per-document results; the SPARQL
    rules go on in the background (cklod.stages.validate.start_validation)."""
    with timer.stage("validate"):
        known = None
        if cache is not None:
            known = {d: e.results for d, e in cache.entries.items() if e.results is not None}
        pending = start_validation(
            dataset, sources, known=known, memo=cache.memo if cache else None, progress=progress
        )
        if cache is not None and known is not None:
            for doc_id, entry in cache.entries.items():
                if entry.results is None and doc_id in known:
                    entry.results = known[doc_id]
                    cache.put(doc_id, entry)
    return pending
