"""publish(): compare the build with the manifest, write what changed graph by graph, then record it."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cklod.publish.client import Credentials, StoreClient
from cklod.publish.endpoints import Endpoints
from cklod.publish.errors import BadOptions, NoGraphStore, StoreRefused
from cklod.publish.local import LocalBuild, load_build
from cklod.publish.manifest import Entry, count_triples, read_manifest, record
from cklod.publish.plan import Action, GraphChange, plan
from cklod.publish.report import PublishReport
from cklod.publish.writers import GraphStoreWriter, GraphWriter, UpdateWriter
from cklod.rdf.iris import DEFAULT_BASE

# Graphs are recorded in the manifest in batches of about this many bytes sent: one COUNT query and one manifest
# update per batch instead of per graph. A push cut short re-sends at most one batch on the next run.
BATCH_BYTES = 8 * 1024 * 1024


@dataclass
class _Push:
    """Applies a plan: every write lands before its manifest entry, so the manifest never vouches for a graph
    the store does not hold."""

    client: StoreClient
    endpoints: Endpoints
    build: LocalBuild
    writer: GraphWriter
    report: PublishReport
    may_fall_back: bool
    batch_bytes: int
    on_landed: Callable[[GraphChange], None] | None
    pending: list[GraphChange] = field(default_factory=list)
    pending_bytes: int = 0

    def _replace(self, iri: str, body: bytes) -> None:
        try:
            self.writer.replace(iri, body)
        except NoGraphStore as exc:
            if not self.may_fall_back:
                raise
            self.writer = UpdateWriter(self.client, self.endpoints.update)
            self.report.protocol = self.writer.protocol
            self.report.warnings.append(f"{exc}; fell back to SPARQL Update at {self.endpoints.update}")
            self.writer.replace(iri, body)

    def write(self, change: GraphChange) -> None:
        graph = self.build.graphs[change.graph]
        self._replace(change.graph, graph.body)
        self.report.triples_sent += graph.triples
        self.pending.append(change)
        self.pending_bytes += len(graph.body)
        if self.on_landed:
            self.on_landed(change)
        if self.pending_bytes >= self.batch_bytes:
            self.settle()

    def settle(self) -> None:
        """Count what landed, then record the graphs whose count is the build's."""
        if not self.pending:
            return
        counts = count_triples(self.client, self.endpoints.query, [c.graph for c in self.pending])
        good, bad = {}, []
        for change in self.pending:
            change.after = counts[change.graph]
            if change.after == change.local:
                good[change.graph] = Entry(self.build.graphs[change.graph].sha256, change.after)
            else:
                bad.append(change)
        self.pending, self.pending_bytes = [], 0
        if good:
            self.client.update(self.endpoints.update, record(self.build.manifest, good))
        if bad:
            c = bad[0]
            raise StoreRefused(
                f"<{c.graph}>: the store holds {c.after} triples after the write, the build has "
                f"{c.local}; the store altered the data, so it was not recorded as published"
            )

    def delete(self, changes: list[GraphChange]) -> None:
        for change in changes:
            self.writer.drop(change.graph)
            change.after = 0
            if self.on_landed:
                self.on_landed(change)
        if changes:
            self.client.update(
                self.endpoints.update, record(self.build.manifest, {}, [c.graph for c in changes])
            )


def publish(
    output_dir: Path,
    endpoints: Endpoints,
    *,
    base: str = DEFAULT_BASE,
    gsp: bool | None = None,
    dry_run: bool = False,
    environ: Mapping[str, str] | None = None,
    retries: int = 4,
    backoff: float = 0.5,
    timeout: float = 60.0,
    batch_bytes: int = BATCH_BYTES,
    on_landed: Callable[[GraphChange], None] | None = None,
) -> PublishReport:
    """Publish the build in ``output_dir``, made with ``base``, to the store at ``endpoints``; return what
    changed.

    ``gsp``: True forces the Graph Store Protocol, False forces SPARQL Update, None uses the Graph Store when
    ``endpoints.store`` is set and falls back to SPARQL Update if the store answers that it has none.
    Credentials come from ``environ`` (default: the process environment). ``on_landed`` is called after each
    graph is written or deleted, before it is recorded in the manifest.
    """
    started = time.perf_counter()
    build = load_build(output_dir, base)
    credentials = Credentials.from_env(environ)
    if gsp and endpoints.store is None:
        raise BadOptions("--gsp needs --store, the Graph Store Protocol endpoint")
    use_gsp = endpoints.store is not None and gsp is not False
    with StoreClient(credentials, retries=retries, backoff=backoff, timeout=timeout) as client:
        manifest = read_manifest(client, endpoints.query, build.manifest)
        gone = [iri for iri in manifest if iri not in build.graphs]
        counts = count_triples(client, endpoints.query, [*build.graphs, *gone])
        changes, warnings = plan(build, manifest, counts)
        writer: GraphWriter = (
            GraphStoreWriter(client, endpoints.store) if use_gsp else UpdateWriter(client, endpoints.update)
        )
        report = PublishReport(endpoints, build.manifest, dry_run, writer.protocol, changes, warnings)
        if dry_run:
            for change in changes:
                change.after = 0 if change.action == Action.DELETED else change.local
        else:
            push = _Push(client, endpoints, build, writer, report, gsp is None, batch_bytes, on_landed)
            for change in changes:
                if change.writes:
                    push.write(change)
            push.settle()
            push.delete([c for c in changes if c.action == Action.DELETED])
        report.requests, report.retries = client.requests, client.retried
    report.seconds = time.perf_counter() - started
    return report
