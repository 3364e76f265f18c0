"""The bulk path for a first load: the build's graphs as N-Quads shards plus the store's own load script, so a
large dataset goes in at the bulk loader's speed. The files carry the publish manifest too, so nothing is left to
record afterwards: the next ``cklod publish`` trusts an entry only while the store holds the triple count it
names, so a graph the loader missed or cut short is sent then."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cklod.publish.errors import BadBuild, BadOptions
from cklod.publish.local import LocalBuild, LocalGraph, load_build
from cklod.publish.manifest import Entry, entry_quads
from cklod.rdf.dumpindex import Span, identity
from cklod.sparql.store import DUMP

# Triples per file at most (a graph is never split): a million triples load no faster from several files
# (oxigraph load: 25 s from one, 28 s from four; one rdf_loader_run () reads one file at a time), and one
# file is what the loaders' own baselines load.
SHARD_TRIPLES = 2_000_000

OXIGRAPH_SCRIPT = """#!/bin/sh
# Load this folder into an Oxigraph store (the store must not be served while loading):
#   sh load-oxigraph.sh /path/to/store
#   oxigraph serve --location /path/to/store --union-default-graph &
# The last file records what was loaded in cklod's publish manifest; a publish checks it and sends only what
# the store does not hold whole:
#   cklod publish --store http://127.0.0.1:7878/store
set -eu
cd "$(dirname "$0")"
oxigraph load --location "${{1:?give the store folder}}" --file {files}
"""

VIRTUOSO_SCRIPT = """-- Load this folder into Virtuoso with its bulk loader, as dba (the folder must be in DirsAllowed of
-- virtuoso.ini):
--   isql-vt 1111 dba PASSWORD load-virtuoso.sql
-- The last file records what was loaded in cklod's publish manifest; a publish checks it and sends only what
-- the store does not hold whole:
--   cklod publish --store http://127.0.0.1:8890/sparql-graph-crud
-- The graph of each quad is its own; the default graph given to ld_dir is never used.
ld_dir ('{folder}', 'shard-*.nq', 'urn:cklod:unused');
rdf_loader_run ();
checkpoint;
SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;
"""


@dataclass(frozen=True)
class BulkFiles:
    folder: Path
    shards: list[Path]
    triples: int
    graphs: int


def _copy(dump: Path, spans: list[Span], out: Path) -> None:
    """The dump's bytes in ``spans`` into ``out``, copied by the kernel where it can (no re-serializing: the
    dump's lines are already N-Quads, checked when the build was indexed)."""
    with dump.open("rb") as source, out.open("wb", buffering=0) as target:
        for offset, length in spans:
            while length:
                try:
                    copied = os.copy_file_range(source.fileno(), target.fileno(), length, offset)
                except (AttributeError, OSError):  # no copy_file_range here, or not between these files
                    source.seek(offset)
                    copied = target.write(source.read(min(length, 1 << 24)))
                if copied == 0:
                    raise BadBuild(f"{dump}: shorter than when it was indexed; run --bulk again")
                offset, length = offset + copied, length - copied


def _merged(graphs: list[LocalGraph]) -> list[Span]:
    """The graphs' spans in file order, adjacent ones joined: a shard of a sorted dump is one or few ranges."""
    spans: list[Span] = []
    for offset, length in sorted(span for graph in graphs for span in graph.spans):
        if spans and spans[-1][0] + spans[-1][1] == offset:
            spans[-1] = (spans[-1][0], spans[-1][1] + length)
        else:
            spans.append((offset, length))
    return spans


def _place(dump: Path, spans: list[Span], out: Path) -> None:
    """A shard of the whole dump is the dump: linked where the file system allows (no bytes copied; a rebuild
    replaces output/, so the link keeps this build's file), else copied."""
    if spans == [(0, dump.stat().st_size)]:
        try:
            os.link(dump, out)
            return
        except OSError:
            pass
    _copy(dump, spans, out)


def write_bulk(output_dir: Path, folder: Path, shard_triples: int = SHARD_TRIPLES) -> BulkFiles:
    """Write every graph of the build (the ontology too) as ``shard-NNNN.nq`` files of at most about
    ``shard_triples`` triples each, one graph never split over two files, plus ``load-oxigraph.sh`` and
    ``load-virtuoso.sql``. The files are byte ranges of ``cklod.nq``; the last one holds the ontology's quads
    and the publish manifest's entries for every graph."""
    if folder.exists() and any(folder.iterdir()):
        raise BadOptions(f"--bulk {folder}: the folder is not empty; give a new or empty one")
    dump = output_dir / DUMP
    before = identity(dump)
    build: LocalBuild = load_build(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    groups: list[list[LocalGraph]] = [[]]
    in_shard = 0
    for graph in build.graphs.values():
        if graph.held is None:
            if groups[-1] and in_shard + graph.triples > shard_triples:
                groups.append([])
                in_shard = 0
            groups[-1].append(graph)
            in_shard += graph.triples
    shards = [folder / f"shard-{n:04d}.nq" for n in range(1, len(groups) + 2)]
    for shard, group in zip(shards, groups, strict=False):
        _place(dump, _merged(group), shard)
    if identity(dump) != before:
        raise BadBuild(f"{dump}: replaced while the bulk files were written; run --bulk again")
    entries = {iri: Entry(graph.sha256, graph.triples) for iri, graph in build.graphs.items()}
    with shards[-1].open("wb") as last:
        last.writelines(g.nquads() for g in build.graphs.values() if g.held is not None)
        last.write(entry_quads(build.manifest, entries))
    names = " ".join(shard.name for shard in shards)
    (folder / "load-oxigraph.sh").write_text(OXIGRAPH_SCRIPT.format(files=names))
    (folder / "load-virtuoso.sql").write_text(VIRTUOSO_SCRIPT.format(folder=folder.resolve()))
    total = sum(g.triples for g in build.graphs.values())
    return BulkFiles(folder, shards, total, len(build.graphs))
