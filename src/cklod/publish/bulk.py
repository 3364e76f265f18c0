"""The bulk path for a first load: the build's graphs as N-Quads shards plus the store's own load script, so a
large dataset goes in at the bulk loader's speed; ``cklod publish --adopt`` then records the manifest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cklod.publish.errors import BadOptions
from cklod.publish.local import LocalBuild, load_build, quads

SHARD_TRIPLES = (
    250_000  # per file: Virtuoso's loader runs one file per loader thread; oxigraph takes them all
)

OXIGRAPH_SCRIPT = """#!/bin/sh
# Load this folder into an Oxigraph store (the store must not be served while loading), then record it:
#   sh load-oxigraph.sh /path/to/store
#   oxigraph serve --location /path/to/store --union-default-graph &
#   cklod publish --store http://127.0.0.1:7878/store --adopt
set -eu
cd "$(dirname "$0")"
oxigraph load --location "${{1:?give the store folder}}" --file {files}
"""

VIRTUOSO_SCRIPT = """-- Load this folder into Virtuoso with its bulk loader, as dba (the folder must be in DirsAllowed of
-- virtuoso.ini), then record it:
--   isql-vt 1111 dba PASSWORD load-virtuoso.sql
--   cklod publish --store http://127.0.0.1:8890/sparql-graph-crud --adopt
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


def write_bulk(output_dir: Path, folder: Path, shard_triples: int = SHARD_TRIPLES) -> BulkFiles:
    """Write every graph of the build (the ontology too) as ``shard-NNNN.nq`` files of about ``shard_triples``
    triples each, one graph never split over two files, plus ``load-oxigraph.sh`` and ``load-virtuoso.sql``."""
    build: LocalBuild = load_build(output_dir)
    if folder.exists() and any(folder.iterdir()):
        raise BadOptions(f"--bulk {folder}: the folder is not empty; give a new or empty one")
    folder.mkdir(parents=True, exist_ok=True)
    shards: list[Path] = []
    out, in_shard, total = None, 0, 0
    try:
        for graph in build.graphs.values():
            if out is None or in_shard >= shard_triples:
                if out is not None:
                    out.close()
                shards.append(folder / f"shard-{len(shards) + 1:04d}.nq")
                out, in_shard = shards[-1].open("wb"), 0
            out.writelines(quads(graph))
            in_shard += graph.triples
            total += graph.triples
    finally:
        if out is not None:
            out.close()
    names = " ".join(shard.name for shard in shards)
    (folder / "load-oxigraph.sh").write_text(OXIGRAPH_SCRIPT.format(files=names))
    (folder / "load-virtuoso.sql").write_text(VIRTUOSO_SCRIPT.format(folder=folder.resolve()))
    return BulkFiles(folder, shards, total, len(build.graphs))
