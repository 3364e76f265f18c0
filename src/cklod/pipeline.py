"""The build: load → map → merge → reason → validate → write, with output/ replaced atomically or not at all.

What an earlier build left in the cache (cklod.cache) is decided once, before any stage runs (``plan``, as
Sphinx's builder computes its outdated documents up front): the stages get what is already known as plain
arguments and never touch the cache; what they made is recorded in it once, at the end (``record``).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from pyoxigraph import Quad

from cklod import tasks
from cklod.cache import BuildCache, DocumentEntry, EntityResults
from cklod.config import Config
from cklod.dataset import Dataset, GraphTexts
from cklod.errors import BadInput
from cklod.load.mapping.load import DocumentMapping
from cklod.load.registry import Registry
from cklod.load.sources import Sources, load_sources, unreviewed
from cklod.map.mapper import map_document, map_registry
from cklod.map.vocabulary import map_vocabulary
from cklod.progress import Progress, StageTimer
from cklod.project import Project
from cklod.rdf import nquads
from cklod.rdf.dumpindex import GraphEntry, write_index
from cklod.rdf.iris import REGISTRY_GRAPH, SH, VOCABULARY_GRAPH, IriPolicy
from cklod.reason.closure import TBox, load_tbox, materialize
from cklod.shacl.result import Result
from cklod.sparql.store import DUMP
from cklod.staging import Output
from cklod.validation.validate import InvalidGraph, PendingValidation, start_validation
from cklod.write.describe import FileInfo
from cklod.write.dumps import Folder, PartsStore, write_dumps

log = logging.getLogger("cklod")


def map_sources(
    sources: Sources, iris: IriPolicy, skip: frozenset[str] = frozenset()
) -> dict[str, list[Quad]]:
    """The map stage for every document (but those in ``skip``), in memory: what the benchmarks' baselines and
    the tests compare with (the build maps and reasons one document at a time: assemble)."""
    graphs = shared_graphs(sources, iris)
    for doc_id, mapping in sources.mappings.items():
        if doc_id not in skip:
            graphs[doc_id] = map_document(mapping, sources.registry, iris)
    return graphs


def shared_graphs(sources: Sources, iris: IriPolicy) -> dict[str, list[Quad]]:
    """The registry and vocabulary graphs, made every build (they are small)."""
    return {
        REGISTRY_GRAPH: map_registry(sources.registry, iris),
        VOCABULARY_GRAPH: map_vocabulary(sources.project.ontology, iris),
    }


def reason(graphs: dict[str, list[Quad]], ontology: Path) -> tuple[dict[str, list[Quad]], int]:
    tbox = load_tbox(ontology)
    out, inferred = {}, 0
    for name, quads in graphs.items():
        new = materialize(quads, tbox)
        inferred += len(new)
        out[name] = quads + new
    return out, inferred


def graph_work(quads: list[Quad], tbox: TBox) -> tuple[bytes, int]:
    """A graph after reasoning, as its text (nquads.graph_text) in UTF-8, with its count of asserted quads (a
    triple two facts state counts once)."""
    return nquads.graph_text(quads + materialize(quads, tbox)).encode(), len(set(quads))


def document_work(
    mapping: DocumentMapping, registry: Registry, iris: IriPolicy, tbox: TBox
) -> tuple[bytes, int]:
    """The per-document stages, map and reason, as one pure task: what cklod.tasks runs in worker processes or
    on a Dask cluster (graph_work's result for the document's graph)."""
    return graph_work(map_document(mapping, registry, iris), tbox)


class KnownGraphs(NamedTuple):
    """The graphs the build cache gave, on disk, and each one's count of asserted quads."""

    texts: GraphTexts
    asserted: dict[str, int]


def assemble(
    sources: Sources,
    iris: IriPolicy,
    timer: StageTimer | None = None,
    known: KnownGraphs | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> Dataset:
    """Map and reason, one document at a time: the dataset before validation, its graphs' texts on disk.
    ``known`` (graphs from an earlier build on the same inputs, with their counts of asserted quads) is taken
    as it is, its files moved into the dataset's; the other documents are worked on by ``executor``
    (cklod.tasks; a dask executor's ``scheduler`` address, or a local cluster)."""
    timer = timer or StageTimer()
    reused = known.asserted if known else {}
    texts = GraphTexts()
    asserted: dict[str, int] = {}
    with timer.stage("map"):  # map and reason, document by document
        tbox = load_tbox(sources.project.ontology)
        for name, quads in shared_graphs(sources, iris).items():
            data, asserted[name] = graph_work(quads, tbox)
            texts.put(name, data)
        todo = [mapping for doc_id, mapping in sources.mappings.items() if doc_id not in reused]
        made = tasks.run_tasks(executor, document_work, todo, (sources.registry, iris, tbox), scheduler)
        for doc_id in sources.mappings:
            if doc_id in reused:
                texts.take(doc_id, known.texts)
                asserted[doc_id] = reused[doc_id]
            else:
                data, asserted[doc_id] = next(made)
                texts.put(doc_id, data)
    total = sum(asserted.values())
    lines = sum(texts.line_count(name) for name in texts)
    return Dataset(iris, texts, total, lines - total, asserted)


def render(
    dataset: Dataset,
    sources: Sources,
    folder: Path,
    endpoint: str | None = None,
    parts: PartsStore | None = None,
    union_written: Callable[[Path], None] | None = None,
) -> tuple[Folder, dict[str, GraphEntry]]:
    """Write every file of output/ into ``folder`` (the staging folder), one file at a time (write_dumps); return
    it with the graph index of its cklod.nq."""
    files = Folder(folder)
    return files, write_dumps(dataset, sources, files, endpoint, parts, union_written)


@dataclass
class Plan:
    """What this build takes from the cache, decided once before any stage runs. The entries' graph texts are
    moved to disk (``texts``) as they are read: the plan holds no graph in memory."""

    keys: dict[str, str]  # doc id -> digest of its inputs, for every document of the corpus
    entries: dict[str, DocumentEntry]  # doc id -> its entry (its nquads in ``texts``), for those up to date
    registry: Registry | None  # the checked registry, when its files are unchanged
    entities: EntityResults | None  # the last entities.ttl results (valid if their digest still matches)
    texts: GraphTexts | None = None

    @property
    def outdated(self) -> list[str]:
        """The documents loaded, mapped, reasoned, validated and laid out again in this build."""
        return [doc_id for doc_id in self.keys if doc_id not in self.entries]

    def known_mappings(self) -> dict[str, DocumentMapping]:
        return {doc_id: e.mapping for doc_id, e in self.entries.items()}

    def known_graphs(self) -> KnownGraphs | None:
        if self.texts is None:
            return None
        return KnownGraphs(self.texts, {doc_id: e.asserted for doc_id, e in self.entries.items()})

    def known_results(self) -> dict[str, list[Result]]:
        return {doc_id: e.results for doc_id, e in self.entries.items() if e.results is not None}

    def known_entities(self) -> dict[str, list[Result]]:
        return {self.entities.digest: self.entities.results} if self.entities else {}


def plan(project: Project, cache: BuildCache | None) -> Plan:
    """The cache's entries this build can use: those made for exactly these inputs and intact."""
    if cache is None:
        return Plan({}, {}, None, None)
    keys, entries, texts = {}, {}, GraphTexts()
    for txt in sorted(project.corpus.glob("*.txt")):
        doc_id = txt.stem
        keys[doc_id] = cache.document_key(
            doc_id, txt, txt.with_name(f"{doc_id}.meta.yaml"), project.mapping_file(doc_id)
        )
        entry = cache.document(keys[doc_id])
        if entry is not None:
            texts.put(doc_id, entry.nquads)
            entries[doc_id] = dataclasses.replace(entry, nquads=b"")  # on disk, in texts
    return Plan(keys, entries, cache.registry(), cache.entities(), texts)


def record(
    cache: BuildCache,
    done: Plan,
    sources: Sources,
    dataset: Dataset | None,
    results: dict[str, list[Result]],
    entities: dict[str, list[Result]],
    parts: bool,
) -> str | None:
    """Keep in the cache what this build made beyond ``done`` (its plan); a line on a failure to, or None.
    ``results`` and ``entities`` are the validate stage's; ``parts``: whether the write stage kept its dump
    parts (BuildCache.new_parts). The entries are made and written one at a time."""

    def made() -> Iterator[tuple[str, DocumentEntry]]:
        if dataset is None:
            return
        for doc_id, mapping in sources.mappings.items():
            key, old = done.keys[doc_id], done.entries.get(doc_id)
            if old is None:
                nquads, asserted = dataset.text_bytes(doc_id), dataset.asserted_in[doc_id]
                yield key, DocumentEntry(mapping, nquads, asserted, results.get(doc_id))
            elif old.results is None and doc_id in results:
                yield (
                    key,
                    dataclasses.replace(old, nquads=dataset.text_bytes(doc_id), results=results[doc_id]),
                )

    kept = {done.keys[doc_id] for doc_id in sources.mappings}
    old_digest = done.entities.digest if done.entities else None
    new_entities = [EntityResults(d, r) for d, r in entities.items() if d != old_digest]
    registry = sources.registry if done.registry is None else None
    return cache.save(made(), kept, registry, new_entities[0] if new_entities else None, parts)


@dataclass
class BuildResult:
    dataset: Dataset
    files: dict[str, FileInfo]  # path under output/ -> size and SHA-256
    report: object | None
    times: dict[str, float]
    outdated: list[str]  # the documents not taken from the build cache (all of them without it)


def build(
    root: Path,
    out: Path | None = None,
    *,
    base: str | None = None,
    sparql_endpoint: str | None = None,
    validate: bool = True,
    allow_invalid: bool = False,
    include_proposed: bool = False,
    report: Callable[[str, float], None] | None = None,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> BuildResult:
    """Build the dataset from the project at ``root`` into ``out``.

    ``out``, ``base`` and ``sparql_endpoint`` override the project's cklod.toml (cklod.config.Config); its
    defaults are ``root/output``, https://w3id.org/cklod/ and no public SPARQL endpoint. Raises ConfigError for
    a bad setting.

    Raises BadInput for bad sources or an output path that cannot be replaced, InvalidGraph when validation
    finds violations (unless ``allow_invalid``), cklod.staging.Interrupted on SIGINT; in each case ``out`` is
    left exactly as it was (Interrupted says when the new build was published just before). With
    ``use_cache``, documents whose inputs are unchanged are taken from the build cache (``cache_dir``, default
    ``root/.cklod/cache``); damage found in it is told to ``warn`` (default: the "cklod" logger), in one line.
    ``progress(stage, done, total)`` is told how far the load and validate stages are (cklod.progress).
    ``executor`` runs the per-document stages (map, reason): "local", "processes" or "dask" (cklod.tasks; a
    dask ``scheduler`` address, or a local cluster). Items still marked ``review: proposed`` are refused (BadInput, one problem per file) unless
    ``include_proposed``, which publishes them marked ``cklod:reviewStatus cklod:Proposed``.
    """
    config = Config.load(root, base=base, sparql_endpoint=sparql_endpoint, output=out)
    target = Output(config.output)  # refused here when it cannot be replaced: nothing written yet
    with target.interruptible():
        warn = warn or log.warning
        timer = StageTimer(report)
        iris = IriPolicy(config.base)
        cache = BuildCache.open(root.resolve(), iris.base, cache_dir) if use_cache else None
        todo, sources = _load(root, cache, timer, progress, warn)
        if not include_proposed and (pending_review := unreviewed(sources)):
            raise BadInput(pending_review)
        dataset = assemble(sources, iris, timer, todo.known_graphs(), executor, scheduler)
        if todo.texts is not None:
            todo.texts.close()  # its graphs were moved into the dataset's
        results, entities, parts = todo.known_results(), todo.known_entities(), None
        interrupted = False
        try:
            pending = (
                _start_validation(dataset, sources, results, entities, timer, progress) if validate else None
            )
            dataset.graphs.forget_quads()  # what is left to do reads the graphs' texts
            validation = None
            if pending is not None and any(r.severity == SH + "Violation" for r in pending.core):
                validation = pending.report()  # invalid already: no need to write anything
                if not allow_invalid:
                    raise InvalidGraph(validation)
            start_rules = pending.start_rules if pending is not None and validation is None else None
            parts = _parts_store(cache, todo)
            with target.staged() as staging:
                with timer.stage("write"):  # the SPARQL rules run on their thread once cklod.nt is written
                    files, graph_index = render(
                        dataset, sources, staging, config.sparql_endpoint, parts, start_rules
                    )
                if start_rules is not None:
                    with timer.stage("rules"):  # the rules' time beyond the write stage's
                        validation = pending.report()
                    if not validation.conforms and not allow_invalid:
                        raise InvalidGraph(validation)  # the staging folder goes, output/ stays as it was
                if validation is not None:
                    files.write("validation.ttl", validation.turtle())
            write_index(config.output, config.output / DUMP, graph_index)  # output/ is in place now
        except KeyboardInterrupt:
            interrupted = True
            raise
        finally:
            # an invalid build's work is kept too: the fix reuses it
            if cache is not None and not interrupted:
                written = parts is not None and parts.path.exists() and "write" in timer.times
                problem = record(cache, todo, sources, dataset, results, entities, written)
                if problem:
                    warn(problem)
        outdated = todo.outdated if cache is not None else list(sources.mappings)
        return BuildResult(dataset, files.files, validation, timer.times, outdated)


def _parts_store(cache: BuildCache | None, todo: Plan) -> PartsStore | None:
    """Where the write stage reads the dump parts of the last build and keeps its own (the build cache)."""
    path = cache.new_parts() if cache is not None else None
    if path is None:
        return None
    return PartsStore(cache.parts, path, cache.parts_header(), todo.keys)


def _load(
    root: Path,
    cache: BuildCache | None,
    timer: StageTimer,
    progress: Progress | None,
    warn: Callable[[str], None],
) -> tuple[Plan, Sources]:
    """The load stage: what is outdated (read from the cache, which is loading too), then the sources."""
    try:
        with timer.stage("load"):
            todo = plan(Project(root.resolve()), cache)
            sources = load_sources(root, progress, known=todo.known_mappings(), registry=todo.registry)
    finally:
        if cache is not None and cache.warning():
            warn(cache.warning())
    return todo, sources


def _start_validation(
    dataset: Dataset,
    sources: Sources,
    known: dict[str, list[Result]],
    entities: dict[str, list[Result]],
    timer: StageTimer,
    progress: Progress | None,
) -> PendingValidation:
    """The validate stage's Core shapes, reusing ``known`` per-document and ``entities`` results and completing
    both; the SPARQL rules go on in the background (cklod.validation.validate.start_validation)."""
    with timer.stage("validate"):
        return start_validation(dataset, sources, known=known, entities=entities, progress=progress)
