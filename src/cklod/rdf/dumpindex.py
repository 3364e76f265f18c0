"""The graph index of a dump: where each named graph's quads are in ``cklod.nq``, how many triples it holds, and
two hashes of it. The build writes it as it writes the dump, and ``cklod publish`` reads it instead of scanning
and parsing the dump again (4.4 s at a million triples, against 0.1 s to read the index).

It is kept in ``.cklod/`` beside the output folder, never inside it (output/ is the published dataset), and
vouches only for the dump file it was made from: that file's inode, size and modification time, which a rebuild
changes (output/ is replaced, never rewritten in place). For any other file its entries still serve by raw hash:
a graph whose lines are byte for byte those of an indexed one needs no parsing.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

Span = tuple[int, int]  # byte offset and length of a run of one graph's quads in the dump
VERSION = 1


@dataclass(frozen=True)
class GraphEntry:
    """One graph of a dump. ``raw_sha256`` is of its IRI and its quads' lines as the dump has them;
    ``sha256`` of its canonical N-Triples body (sorted, distinct triple lines): what publish sends and records."""

    spans: tuple[Span, ...]
    triples: int
    raw_sha256: str
    sha256: str


def raw_hash(iri: str, raw: bytes) -> str:
    return hashlib.sha256(iri.encode() + b"\n" + raw).hexdigest()


def cut_graph(iri: str, text: bytes) -> bytes | None:
    """A graph's quad lines as triple lines, when every line ends with `` <iri> .`` (how a build writes them):
    one replace, since the suffix ends with the only newline it holds. None for any other text."""
    suffix = f" <{iri}> .\n".encode()
    if text.endswith(b"\n") and text.count(suffix) == text.count(b"\n"):
        return text.replace(suffix, b" .\n")
    return None


def built_entry(iri: str, offset: int, text: bytes) -> GraphEntry | None:
    """The entry of a graph the build writes at ``offset``: its text is sorted, distinct quad lines, and cutting
    the constant graph suffix keeps them sorted and distinct (cklod.rdf.nquads), so they are the canonical body
    already. None when the text is not in that form (publish then indexes the graph itself)."""
    body = cut_graph(iri, text)
    if body is None:
        return None
    return GraphEntry(
        ((offset, len(text)),), body.count(b"\n"), raw_hash(iri, text), hashlib.sha256(body).hexdigest()
    )


def index_path(output_dir: Path) -> Path:
    output_dir = output_dir.resolve()
    return output_dir.parent / ".cklod" / f"{output_dir.name}.graphs.json"


def identity(path: Path) -> list[int]:
    """Which file is at ``path``: a rebuild replaces output/ (a new inode), never rewrites it in place."""
    try:
        stat = path.stat()
    except OSError:
        return [0, 0, 0]
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


@dataclass
class GraphIndex:
    """The entries of one dump (graph IRI -> GraphEntry) and whether they vouch for the file at ``dump`` now."""

    dump: Path
    graphs: dict[str, GraphEntry]
    current: bool

    def by_raw_hash(self) -> dict[str, GraphEntry]:
        return {entry.raw_sha256: entry for entry in self.graphs.values()}


def read_index(output_dir: Path, dump: Path) -> GraphIndex:
    """The index kept for ``output_dir``; empty when there is none or it cannot be read (it only saves time:
    whatever is sent is checked against its hash again as it is read)."""
    try:
        kept = json.loads(index_path(output_dir).read_text())
        if kept.get("version") != VERSION:
            raise ValueError
        graphs = {
            str(iri): GraphEntry(tuple((int(o), int(n)) for o, n in e[0]), int(e[1]), str(e[2]), str(e[3]))
            for iri, e in kept["graphs"].items()
        }
        return GraphIndex(dump, graphs, kept["dump"] == identity(dump))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return GraphIndex(dump, {}, False)


def write_index(output_dir: Path, dump: Path, graphs: dict[str, GraphEntry]) -> None:
    """Keep ``graphs`` as the index of the file now at ``dump``, replacing the file in one step; a place that
    cannot be written only costs the next publish its speed."""
    path = index_path(output_dir)
    kept = {
        "version": VERSION,
        "dump": identity(dump),
        "graphs": {
            iri: [[list(span) for span in e.spans], e.triples, e.raw_sha256, e.sha256]
            for iri, e in graphs.items()
        },
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staged = path.with_name(f".{path.name}.{os.getpid()}")
        staged.write_text(json.dumps(kept, separators=(",", ":")))
        staged.replace(path)
    except OSError:
        pass
