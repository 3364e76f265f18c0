"""The build: load → map → merge → reason → validate → write, with output/ replaced atomically or not at all.

What an earlier build left in the cache (cklod.cache) is decided once, before any stage runs (``plan``, as
Sphinx's builder computes its outdated documents up front): the stages get what is already known as plain
arguments and never touch the cache; what they made is recorded in it once, at the end (``record``).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Quad

from cklod.cache import BuildCache, DocumentEntry, EntityResults
from cklod.config import Config
from cklod.dataset import Dataset
from cklod.errors import BadInput
from cklod.load.mapping.load import DocumentMapping
from cklod.load.registry import Registry
from cklod.load.sources import Sources, load_sources, unreviewed
from cklod.map.mapper import map_document, map_registry
from cklod.map.vocabulary import map_vocabulary
from cklod.progress import Progress, StageTimer
from cklod.project import Project
from cklod.rdf import nquads
from cklod.rdf.iris import REGISTRY_GRAPH, SH, SHARED_GRAPHS, VOCABULARY_GRAPH, IriPolicy
from cklod.reason.closure import load_tbox, materialize
from cklod.shacl.result import Result
from cklod.staging import Output
from cklod.validation.validate import InvalidGraph, PendingValidation, start_validation
from cklod.write.describe import FileInfo
from cklod.write.dumps import Folder, write_dumps
from cklod.write.layout import Parts

log = logging.getLogger("cklod")


def map_sources(
    sources: Sources, iris: IriPolicy, skip: frozenset[str] = frozenset()
) -> dict[str, list[Quad]]:
    """The map stage for every document (but those in ``skip``); pure, so each document is cached on its own.
    The registry and vocabulary graphs are made every time (they are small)."""
    graphs = {
        REGISTRY_GRAPH: map_registry(sources.registry, iris),
        VOCABULARY_GRAPH: map_vocabulary(sources.project.ontology, iris),
    }
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
    sources: Sources,
    iris: IriPolicy,
    timer: StageTimer | None = None,
    known: dict[str, tuple[bytes, int]] | None = None,
) -> Dataset:
    """Map, merge and reason: the dataset before validation. ``known`` (doc id -> its graph's text in UTF-8 and
    its count of asserted quads, from an earlier build on the same inputs) is taken as it is."""
    timer = timer or StageTimer()
    known = known or {}
    with timer.stage("map"):
        graphs = map_sources(sources, iris, frozenset(known))
    asserted = {name: len(set(q)) for name, q in graphs.items()}  # a triple two facts state counts once
    with timer.stage("reason"):
        graphs, _ = reason(graphs, sources.project.ontology)
        texts = {name: nquads.graph_text(quads) for name, quads in graphs.items()}
        encoded = {doc_id: texts[doc_id].encode() for doc_id in sources.mappings.keys() - known.keys()}
        for doc_id, (graph_bytes, count) in known.items():
            encoded[doc_id] = graph_bytes
            texts[doc_id] = graph_bytes.decode()  # parsed only if asked for (cklod.dataset.Graphs)
            asserted[doc_id] = count
    order = [*SHARED_GRAPHS, *sources.mappings]
    total = sum(asserted.values())
    return Dataset(
        iris,
        {name: texts[name] for name in order},
        total,
        sum(text.count("\n") for text in texts.values()) - total,
        asserted,
        quads_known=graphs,
        encoded=encoded,
    )


def render(
    dataset: Dataset,
    sources: Sources,
    folder: Path,
    endpoint: str | None = None,
    known_parts: dict[str, dict[str, Parts]] | None = None,
) -> tuple[Folder, dict[str, dict[str, Parts]]]:
    """Write every file of output/ into ``folder`` (the staging folder), one file at a time; the files and
    each document's dump parts. ``known_parts``: documents' parts laid out by an earlier build, reused."""
    files = Folder(folder)
    return files, write_dumps(dataset, sources, files, endpoint, known_parts)


@dataclass
class Plan:
    """What this build takes from the cache, decided once before any stage runs."""

    keys: dict[str, str]  # doc id -> digest of its inputs, for every document of the corpus
    entries: dict[str, DocumentEntry]  # doc id -> its entry, for the documents that are up to date
    registry: Registry | None  # the checked registry, when its files are unchanged
    entities: EntityResults | None  # the last entities.ttl results (valid if their digest still matches)

    @property
    def outdated(self) -> list[str]:
        """The documents loaded, mapped, reasoned, validated and laid out again in this build."""
        return [doc_id for doc_id in self.keys if doc_id not in self.entries]

    def known_mappings(self) -> dict[str, DocumentMapping]:
        return {doc_id: e.mapping for doc_id, e in self.entries.items()}

    def known_graphs(self) -> dict[str, tuple[bytes, int]]:
        return {doc_id: (e.nquads, e.asserted) for doc_id, e in self.entries.items()}

    def known_results(self) -> dict[str, list[Result]]:
        return {doc_id: e.results for doc_id, e in self.entries.items() if e.results is not None}

    def known_entities(self) -> dict[str, list[Result]]:
        return {self.entities.digest: self.entities.results} if self.entities else {}

    def known_parts(self) -> dict[str, dict[str, Parts]]:
        return {doc_id: e.parts for doc_id, e in self.entries.items() if e.parts is not None}


def plan(project: Project, cache: BuildCache | None) -> Plan:
    """The cache's entries this build can use: those made for exactly these inputs and intact."""
    if cache is None:
        return Plan({}, {}, None, None)
    keys, entries = {}, {}
    for txt in sorted(project.corpus.glob("*.txt")):
        doc_id = txt.stem
        keys[doc_id] = cache.document_key(
            doc_id, txt, txt.with_name(f"{doc_id}.meta.yaml"), project.mapping_file(doc_id)
        )
        entry = cache.document(keys[doc_id])
        if entry is not None:
            entries[doc_id] = entry
    return Plan(keys, entries, cache.registry(), cache.entities())


def record(
    cache: BuildCache,
    done: Plan,
    sources: Sources,
    dataset: Dataset,
    results: dict[str, list[Result]],
    entities: dict[str, list[Result]],
    parts: dict[str, dict[str, Parts]] | None,
) -> str | None:
    """Keep in the cache what this build made beyond ``done`` (its plan); a line on a failure to, or None.
    ``results`` and ``entities`` are the validate stage's, ``parts`` the write stage's (None if not reached)."""
    made: dict[str, DocumentEntry] = {}
    for doc_id, mapping in sources.mappings.items():
        key, old = done.keys[doc_id], done.entries.get(doc_id)
        doc_parts = None if parts is None else parts.get(doc_id, {})
        if old is None:
            nquads, asserted = dataset.text_bytes(doc_id), dataset.asserted_in[doc_id]
            made[key] = DocumentEntry(mapping, nquads, asserted, results.get(doc_id), doc_parts)
        elif (old.results is None and doc_id in results) or (old.parts is None and doc_parts is not None):
            made[key] = dataclasses.replace(
                old,
                results=results.get(doc_id, old.results),
                parts=old.parts if old.parts is not None else doc_parts,
            )
    kept = {done.keys[doc_id] for doc_id in sources.mappings}
    old_digest = done.entities.digest if done.entities else None
    new_entities = [EntityResults(d, r) for d, r in entities.items() if d != old_digest]
    registry = sources.registry if done.registry is None else None
    return cache.save(made, kept, registry, new_entities[0] if new_entities else None)


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
    Items still marked ``review: proposed`` are refused (BadInput, one problem per file) unless
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
        dataset = assemble(sources, iris, timer, todo.known_graphs())
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
            with target.staged() as staging:
                with timer.stage("write"):  # while the SPARQL rules run on their thread
                    files, parts = render(
                        dataset, sources, staging, config.sparql_endpoint, known_parts=todo.known_parts()
                    )
                dataset.release_union()
                if pending is not None and validation is None:
                    with timer.stage("rules"):  # the rules' time beyond the write stage's
                        validation = pending.report()
                    if not validation.conforms and not allow_invalid:
                        raise InvalidGraph(validation)  # the staging folder goes, output/ stays as it was
                if validation is not None:
                    files.write("validation.ttl", validation.turtle())
        except KeyboardInterrupt:
            interrupted = True
            raise
        finally:
            # an invalid build's work is kept too: the fix reuses it
            if cache is not None and not interrupted:
                problem = record(cache, todo, sources, dataset, results, entities, parts)
                if problem:
                    warn(problem)
        outdated = todo.outdated if cache is not None else list(sources.mappings)
        return BuildResult(dataset, files.files, validation, timer.times, outdated)


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
