"""The union dumps (cklod.nt, cklod.ttl, cklod.jsonld) and VoID's tally, written subject group by subject group.

The union comes sorted from disk (Dataset.union_stream), each line with the graphs that hold it; it is read
once: each line goes to cklod.nt, each subject is tallied for VoID and laid out for cklod.ttl and cklod.jsonld,
unless an earlier build laid out the same subject (see ``reuse`` below). Turtle blocks come from oxigraph's
serializer, run over bounded chunks of the subjects that are not reused: fed sorted triples, it writes one
block per subject, in order, each starting on a line of its own (continuation lines start with a tab).
JSON-LD nodes are sorted by their @id (rdflib's order, not the union's), in runs on disk (cklod.rdf.runs).
Memory stays at a chunk's worth of subjects, whatever the union's size.

A subject only one graph describes has, in the union, that graph's triples: its parts (Turtle block, JSON-LD
node) are kept, in the union's order, in a parts file (the build cache's), and reused by the next build while
that graph's inputs are unchanged (its cache key) and no other graph starts describing the subject.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from cklod.rdf import nquads
from cklod.rdf.iris import IriPolicy
from cklod.rdf.runs import external_sort
from cklod.write.describe import Counts, Tally
from cklod.write.jsonld import Compactor, Node, Unsupported

_BLOCK_START = re.compile(r"\n(?=[^\t])")
Parts = tuple[Node, str]  # a subject's JSON-LD node and Turtle block
TURTLE_CHUNK = 100_000  # union lines laid out by one run of oxigraph's Turtle serializer
PARTS_FORMAT = "cklod-parts 1"


@dataclass
class Laid:
    """What laying out the union gave besides the files: VoID's counts, example persons, the JSON-LD nodes."""

    counts: Counts | None = None
    persons: list[str] = field(default_factory=list)  # IRIs of the first persons (in IRI order)
    nodes: Iterator[str] | None = (
        None  # sorted node records (node_record); None where rdflib writes the JSON-LD
    )
    reused: int = 0
    fresh: int = 0


@dataclass
class _Pending:
    """Subjects laid out, waiting for the Turtle blocks of the fresh ones (one serializer run a chunk)."""

    blocks: list[str | None] = field(default_factory=list)  # in union order; None: fresh, block to come
    fresh_lines: list[str] = field(default_factory=list)
    parts: list[tuple[int, str, str, Node | None]] = field(default_factory=list)  # (slot, subject, key, node)


def lay_out(
    union: Iterable[tuple[str, list[int]]],
    context: dict,
    iris: IriPolicy,
    nt: Callable[[str], None],
    ttl: Callable[[str], None],
    folder: Path,
    owner_keys: list[str | None] | None = None,
    reuse: Iterator[tuple[str, str, Parts]] | None = None,
    parts_out: IO[str] | None = None,
) -> Laid:
    """Lay out ``union`` (Dataset.union_stream): its lines to ``nt``, its Turtle to ``ttl``, in pieces of text.

    ``owner_keys[n]``: the cache key of the graph at position n when its parts may be kept and reused (a
    document's), else None; ``reuse``: the parts file of an earlier build (read_parts), whose parts are used
    for a subject whose only graph has the key they were kept under; ``parts_out``: where to write this
    build's (write_parts)."""
    owner_keys = owner_keys or []
    tally, compactor = Tally(iris), Compactor(context)
    laid = Laid()
    person_prefix = f"<{iris.base}id/person/"
    persons: set[str] = set()
    jsonld_ok = True
    pending = _Pending()
    known = _Lookup(reuse)

    def flush() -> None:
        _, blocks = turtle_blocks(pending.fresh_lines)
        fresh = iter(blocks)
        filled = [block if block is not None else next(fresh, None) for block in pending.blocks]
        if None in filled or next(fresh, None) is not None:
            raise RuntimeError("Turtle writer gave another number of subject blocks than subjects")
        if parts_out is not None:
            for slot, subject, key, node in pending.parts:
                if node is not None:
                    parts_out.write(parts_record(subject, key, node, filled[slot]))
        ttl("".join(filled))
        pending.blocks.clear()
        pending.fresh_lines.clear()
        pending.parts.clear()

    def records() -> Iterator[str]:
        nonlocal jsonld_ok
        for subject, lines, holders in _subject_groups(union, nt):
            pairs = [_pair(line) for line in lines]
            tally.add(subject, pairs)
            if not laid.fresh and not laid.reused:
                ttl(_turtle_header())  # an empty union gives an empty Turtle file
            if subject.startswith(person_prefix):
                persons.add(subject[1:-1])
            owner = holders[0] if len(holders) == 1 else None
            key = owner_keys[owner] if owner is not None and owner < len(owner_keys) else None
            parts = known.get(subject, key) if key is not None else None
            if parts is not None:
                laid.reused += 1
                node, block = parts
                pending.blocks.append(block)
            else:
                laid.fresh += 1
                node = None
                pending.blocks.append(None)
                pending.fresh_lines.extend(lines)
                if jsonld_ok:
                    try:
                        node = compactor.node(subject, pairs)
                    except Unsupported:
                        jsonld_ok = False
            if key is not None:
                pending.parts.append((len(pending.blocks) - 1, subject, key, node if jsonld_ok else None))
            if jsonld_ok and node is not None:
                yield node_record(node)
            if len(pending.fresh_lines) >= TURTLE_CHUNK:
                flush()
        flush()

    nodes = external_sort(records(), folder)
    first = next(nodes, None)  # the union is read to its end before the first sorted node comes
    laid.counts = tally.counts()
    laid.persons = sorted(persons)[:3]
    if jsonld_ok and first is not None:
        laid.nodes = _chain(first, nodes)
    return laid


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _subject_groups(
    union: Iterable[tuple[str, list[int]]], nt: Callable[[str], None]
) -> Iterator[tuple[str, list[str], list[int]]]:
    """Each subject of the union with its lines and the graphs describing it; every line also goes to ``nt``."""
    subject, lines, holders = None, [], set()
    for line, graphs in union:
        nt(line)
        s = line[: line.index(" ")]
        if s != subject:
            if lines:
                yield subject, lines, sorted(holders)
            subject, lines, holders = s, [], set()
        lines.append(line)
        holders.update(graphs)
    if lines:
        yield subject, lines, sorted(holders)


def _pair(line: str) -> tuple[str, str]:
    _, p, o = line[:-3].split(" ", 2)  # "<s> <p> object .\n": IRIs and blank nodes hold no space
    return p, o


def node_record(node: Node) -> str:
    """A JSON-LD node as one line that sorts by the node's @id (ids are unique JSON strings: no tab in them)."""
    return f"{node[0]}\t{json.dumps(node[1], ensure_ascii=False)}\n"


def node_text(record: str) -> str:
    return json.loads(record[record.index("\t") + 1 :])


def parts_record(subject: str, key: str, node: Node, block: str) -> str:
    body = "\t".join((subject, key, node[0], json.dumps(node[1], ensure_ascii=False), json.dumps(block)))
    return f"{body}\t{hashlib.sha256(body.encode()).hexdigest()[:16]}\n"


def read_parts(lines: Iterable[str]) -> Iterator[tuple[str, str, Parts]]:
    """(subject, key, parts) of a parts file's lines (after its header); a line that fails its check is
    skipped (its subject is laid out again)."""
    for line in lines:
        body, _, check = line[:-1].rpartition("\t")
        if hashlib.sha256(body.encode()).hexdigest()[:16] != check:
            continue
        subject, key, node_id, node, block = body.split("\t")
        yield subject, key, ((node_id, json.loads(node)), json.loads(block))


class _Lookup:
    """A merge join of the union's subjects (ascending) with a parts file's (ascending, the same order)."""

    def __init__(self, records: Iterator[tuple[str, str, Parts]] | None):
        self.records = records
        self.head = next(records, None) if records is not None else None

    def get(self, subject: str, key: str) -> Parts | None:
        # IRIs end in ">", which none holds inside: no subject is a prefix of another, so str order is the
        # union's subject order
        while self.head is not None and self.head[0] < subject:
            self.head = next(self.records, None)
        if self.head is not None and self.head[0] == subject and self.head[1] == key:
            return self.head[2]
        return None


@functools.cache
def _turtle_header() -> str:
    """The @prefix lines oxigraph writes for nquads.TURTLE_PREFIXES, in its own order."""
    out = io.BytesIO()
    probe = [ox.Triple(ox.NamedNode("urn:cklod:s"), ox.NamedNode("urn:cklod:p"), ox.NamedNode("urn:cklod:o"))]
    ox.serialize(probe, out, ox.RdfFormat.TURTLE, prefixes=nquads.TURTLE_PREFIXES)
    return "".join(line for line in out.getvalue().decode().splitlines(keepends=True) if line.startswith("@"))


def turtle_blocks(lines: list[str] | bytes) -> tuple[str, list[str]]:
    """The prefix header and the subject blocks of the Turtle of sorted N-Triples ``lines`` (or their bytes)."""
    header = _turtle_header()
    if not lines:
        return header, []
    out = io.BytesIO()
    ox.serialize(
        ox.parse(lines if isinstance(lines, bytes) else "".join(lines).encode(), ox.RdfFormat.N_TRIPLES),
        out,
        ox.RdfFormat.TURTLE,
        prefixes=nquads.TURTLE_PREFIXES,
    )
    with out.getbuffer() as view:
        text = str(view, "utf-8")  # decoded from the buffer itself: no copy of the bytes first
    del out
    # A block starts on a line that does not start with a tab; the header's lines start with "@prefix".
    blocks = _BLOCK_START.split(text)
    blocks = [block + "\n" for block in blocks[:-1]] + ([blocks[-1]] if blocks[-1] else [])
    return header, [block for block in blocks if not block.startswith("@prefix")]
