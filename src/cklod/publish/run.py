"""publish(): compare the build with the manifest, write what changed graph by graph (several at a time), then
record it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from cklod.publish.client import Credentials, StoreClient
from cklod.publish.digest import local_digest, store_computes_it, store_digests
from cklod.publish.endpoints import Endpoints
from cklod.publish.errors import BadOptions, NoGraphStore, StoreRefused
from cklod.publish.feed import Feed, listen_address
from cklod.publish.local import LocalBuild, load_build
from cklod.publish.manifest import Entry, chunks, count_triples, read_manifest, record, survey
from cklod.publish.plan import Action, GraphChange, adopt, plan
from cklod.publish.report import PublishReport
from cklod.publish.writers import (
    DatasetAdder,
    GraphStoreWriter,
    GraphWriter,
    UpdateWriter,
    new_graph_adder,
)
from cklod.rdf.iris import DEFAULT_BASE, ONTOLOGY

# Graphs are recorded in the manifest in batches of about this many bytes sent: one COUNT query and one manifest
# update per batch instead of per graph. A push cut short re-sends at most one batch (per job) on the next run.
BATCH_BYTES = 8 * 1024 * 1024
JOBS = 4  # requests in flight at once: enough to keep a store's writers busy, few enough to bound memory
# New graphs go this many bytes at a time, as one N-Quads POST each, to a store that takes that (probed first).
# At a million triples into Oxigraph, 4 MiB requests two at a time loaded faster than 16 MiB ones or one
# request of everything (docs/publish.md, "Many new graphs in one request").
POST_BYTES = 4 * 1024 * 1024
# ... when there are at least this many: below it the probe's three requests cost more than batching saves.
POST_MIN_GRAPHS = 100


@dataclass
class _Push:
    """Applies a plan: every write lands before its manifest entry, so the manifest never vouches for a graph
    the store does not hold. Writes run on ``jobs`` threads; counting and recording run on the caller's.

    A graph written alone is counted before it is recorded. New graphs sent many to a request are recorded as
    their request lands and counted all together at the end (``check_batched``): naming thousands of graphs in
    COUNT queries costs Virtuoso more than one grouped count of them all (4-5 s against 1.6-2.8 s at a million
    triples), and an entry never vouches alone, since every publish compares it with the store's count."""

    client: StoreClient
    endpoints: Endpoints
    build: LocalBuild
    writer: GraphWriter
    report: PublishReport
    may_fall_back: bool
    batch_bytes: int
    on_landed: Callable[[GraphChange], None] | None
    datasets: DatasetAdder | None = None  # new graphs many to a request, where the store takes that
    pending: list[GraphChange] = field(default_factory=list)
    pending_bytes: int = 0
    batched: dict[str, GraphChange] = field(default_factory=dict)  # recorded, to be counted at the end
    _switch: threading.Lock = field(default_factory=threading.Lock)

    def _replace(self, iri: str, body: bytes) -> None:
        writer = self.writer
        try:
            writer.replace(iri, body)
        except NoGraphStore as exc:
            if not self.may_fall_back:
                raise
            with self._switch:
                if self.writer is writer:
                    self.writer = UpdateWriter(self.client, self.endpoints.update)
                    self.report.protocol = self.writer.protocol
                    self.report.warnings.append(
                        f"{exc}; fell back to SPARQL Update at {self.endpoints.update}"
                    )
            self.writer.replace(iri, body)

    def _batched(self, change: GraphChange) -> bool:
        """Whether a graph goes with other new graphs: it is new, and within the dataset writer's limit."""
        limit = self.datasets.max_bytes if self.datasets is not None else None
        return (
            self.datasets is not None
            and change.action == Action.CREATED
            and (limit is None or self.build.graphs[change.graph].size <= limit)
        )

    def _send(self, unit: list[GraphChange]) -> None:
        """One request: a graph written alone, or new graphs together in one N-Quads body."""
        if self.datasets is not None and self._batched(unit[0]):
            graphs = [self.build.graphs[c.graph] for c in unit]
            what = f"{len(unit)} new graphs (<{unit[0].graph}> …)"
            self.datasets.add(b"".join(graph.nquads() for graph in graphs), what)
            return
        (change,) = unit
        self._replace(change.graph, self.build.graphs[change.graph].body())

    def units(self, changes: list[GraphChange], post_bytes: int) -> list[list[GraphChange]]:
        """The writes as requests: with a dataset writer, new graphs in runs of at most ``post_bytes`` (and
        the writer's own limit; a graph larger than that goes alone); every other graph alone."""
        if self.datasets is not None and self.datasets.max_bytes is not None:
            post_bytes = min(post_bytes, self.datasets.max_bytes)
        units: list[list[GraphChange]] = []
        size = 0
        for change in changes:
            if not self._batched(change):
                units.append([change])
                continue
            graph = self.build.graphs[change.graph].size
            if not units or not self._batched(units[-1][0]) or size + graph > post_bytes:
                units.append([])
                size = 0
            units[-1].append(change)
            size += graph
        return units

    def write_all(self, units: list[list[GraphChange]], jobs: int) -> None:
        """Send the requests, at most ``jobs`` at a time; the first failure stops new writes and is raised once
        the writes under way have ended."""
        todo = iter(units)
        running: dict[Future[None], list[GraphChange]] = {}
        with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="publish") as pool:
            while True:
                while len(running) < jobs and (unit := next(todo, None)) is not None:
                    running[pool.submit(self._send, unit)] = unit
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    unit = running.pop(future)
                    if future.exception() is not None:
                        wait(running)
                        raise future.exception()  # type: ignore[misc]
                    batched = self._batched(unit[0])
                    for change in unit:
                        if batched:
                            self.batched[change.graph] = change
                        self._landed(change, self.build.graphs[change.graph].size)

    def _landed(self, change: GraphChange, size: int) -> None:
        self.report.triples_sent += self.build.graphs[change.graph].triples
        self.pending.append(change)
        self.pending_bytes += size
        if self.on_landed:
            self.on_landed(change)
        if self.pending_bytes >= self.batch_bytes:
            self.settle()

    def settle(self) -> None:
        """Count what landed alone, then record the graphs whose count is the build's, and the batched ones."""
        if not self.pending:
            return
        alone = [c.graph for c in self.pending if c.graph not in self.batched]
        counts = count_triples(self.client, self.endpoints.query, alone) if alone else {}
        good, bad = {}, []
        for change in self.pending:
            if change.graph not in self.batched:
                change.after = counts[change.graph]
            if change.graph in self.batched or change.after == change.local:
                good[change.graph] = Entry(self.build.graphs[change.graph].sha256, change.local)  # type: ignore[arg-type]
            else:
                bad.append(change)
        self.pending, self.pending_bytes = [], 0
        if good:
            self.client.update(self.endpoints.update, record(self.build.manifest, good))
        if bad:
            raise _altered(bad[0])

    def check_batched(self) -> None:
        """Count every graph under the dataset's namespace at once and compare the batched ones with the build;
        one that differs loses its manifest entry, and the run stops naming it."""
        if not self.batched:
            return
        counts = survey(self.client, self.endpoints.query, self.build.namespace, [ONTOLOGY])
        bad = []
        for change in self.batched.values():
            change.after = counts.get(change.graph, 0)
            if change.after != change.local:
                bad.append(change)
        for chunk in chunks([c.graph for c in bad]):
            self.client.update(self.endpoints.update, record(self.build.manifest, {}, chunk))
        if bad:
            raise _altered(bad[0])

    def delete(self, changes: list[GraphChange]) -> None:
        for change in changes:
            self.writer.drop(change.graph)
            change.after = 0
            if self.on_landed:
                self.on_landed(change)
        for chunk in chunks([c.graph for c in changes]):
            self.client.update(self.endpoints.update, record(self.build.manifest, {}, chunk))


def _altered(change: GraphChange) -> StoreRefused:
    return StoreRefused(
        f"<{change.graph}>: the store holds {change.after} triples after the write, the build has "
        f"{change.local}; the store altered the data, so it was not recorded as published"
    )


def _digests(
    client: StoreClient, endpoint: str, build: LocalBuild, counts: dict[str, int]
) -> dict[str, tuple[int, int | None]] | None:
    """(build's, store's) digest of each graph whose triple count matches, when the store computes cklod's
    digest (probed on a constant first); None when it does not, and adoption goes by counts alone."""
    if not store_computes_it(client, endpoint):
        return None
    matching = [iri for iri, g in build.graphs.items() if counts.get(iri) == g.triples]
    remote = store_digests(client, endpoint, build.namespace, [ONTOLOGY])
    return {iri: (local_digest(build.graphs[iri].body()), remote.get(iri)) for iri in matching}


def publish(
    output_dir: Path,
    endpoints: Endpoints,
    *,
    base: str = DEFAULT_BASE,
    gsp: bool | None = None,
    dry_run: bool = False,
    adopt_store: bool = False,
    digest: bool = True,
    jobs: int = JOBS,
    environ: Mapping[str, str] | None = None,
    auth: httpx.Auth | None = None,
    retries: int = 4,
    backoff: float = 0.5,
    timeout: float = 60.0,
    batch_bytes: int = BATCH_BYTES,
    post_bytes: int = POST_BYTES,
    post_min_graphs: int = POST_MIN_GRAPHS,
    listen: str | None = None,
    on_landed: Callable[[GraphChange], None] | None = None,
) -> PublishReport:
    """Publish the build in ``output_dir``, made with ``base``, to the store at ``endpoints``; return what
    changed.

    ``gsp``: True forces the Graph Store Protocol, False forces SPARQL Update, None uses the Graph Store when
    ``endpoints.store`` is set and falls back to SPARQL Update if the store answers that it has none.
    ``adopt_store``: the store was filled by its own bulk loader from this build (``cklod publish --bulk``):
    record every graph whose triple count in the store is the build's (and digest, where the store computes
    cklod's, unless ``digest`` is False) as published, without sending it.
    ``jobs``: requests written at once. ``post_bytes``: with the Graph Store, at least ``post_min_graphs`` new
    graphs go about this many bytes at a time, in one N-Quads POST each, where the store takes that (probed
    first); 0 sends every graph in its own request. Where it does not take that, new graphs go by SPARQL
    ``LOAD`` from a small HTTP server cklod runs meanwhile, at ``listen`` (``HOST[:PORT]``, an address of this
    machine the store can reach; default 127.0.0.1 when the store is on this machine), where a probe shows the
    store fetches and keeps them. Credentials come from ``environ`` (default: the process
    environment), or from ``auth``, any ``httpx.Auth`` (the hook for request signing such as AWS SigV4).
    ``on_landed`` is called after each graph is written or deleted, before it is recorded in the manifest.
    """
    started = time.perf_counter()
    if jobs < 1:
        raise BadOptions(f"--jobs must be at least 1, not {jobs}")
    build = load_build(output_dir, base)
    credentials = Credentials.from_env(environ, auth)
    if gsp and endpoints.store is None:
        raise BadOptions("--gsp needs --store, the Graph Store Protocol endpoint")
    use_gsp = endpoints.store is not None and gsp is not False
    address = listen_address(listen, endpoints.update)
    batching = post_bytes > 0 and not dry_run and not adopt_store
    with (
        StoreClient(credentials, retries=retries, backoff=backoff, timeout=timeout) as client,
        Feed(*address) if address and batching else nullcontext() as feed,
    ):
        manifest = read_manifest(client, endpoints.query, build.manifest)
        counts = survey(client, endpoints.query, build.namespace, [ONTOLOGY])
        counts.pop(build.manifest, None)
        counts.pop(build.probe, None)  # left by a run cut short between its probe's two requests
        gone = [iri for iri in manifest if iri not in build.graphs and iri not in counts]
        counts.update(count_triples(client, endpoints.query, gone))  # manifest entries outside the namespace
        if adopt_store:
            digests = _digests(client, endpoints.query, build, counts) if digest else None
            changes, warnings = adopt(build, manifest, counts, digests, digest)
        else:
            changes, warnings = plan(build, manifest, counts)
        writer: GraphWriter = (
            GraphStoreWriter(client, endpoints.store) if use_gsp else UpdateWriter(client, endpoints.update)
        )
        report = PublishReport(endpoints, build.manifest, dry_run, writer.protocol, changes, warnings)
        if dry_run:
            for change in changes:
                change.after = 0 if change.action == Action.DELETED else change.local
        elif adopt_store:
            adopted = {
                c.graph: Entry(build.graphs[c.graph].sha256, c.before)
                for c in changes
                if c.action == Action.ADOPTED
            }
            for chunk in chunks(list(adopted)):
                client.update(endpoints.update, record(build.manifest, {g: adopted[g] for g in chunk}))
        else:
            push = _Push(client, endpoints, build, writer, report, gsp is None, batch_bytes, on_landed)
            new = sum(c.action == Action.CREATED for c in changes)
            if batching and new >= post_min_graphs:
                push.datasets, how = new_graph_adder(
                    client, endpoints, build.probe, graph_store=use_gsp, feed=feed
                )
                report.notes.append(f"{new} new graphs sent {how}")
            push.write_all(push.units([c for c in changes if c.writes], post_bytes), jobs)
            push.settle()
            push.check_batched()
            push.delete([c for c in changes if c.action == Action.DELETED])
        report.warnings += [
            f"{endpoint} cut results at {rows} rows (a row cap such as Virtuoso's ResultSetMaxRows); "
            f"read in pages of {rows}"
            for endpoint, rows in client.caps.items()
        ]
        report.requests, report.retries = client.requests, client.retried
    report.seconds = time.perf_counter() - started
    return report
