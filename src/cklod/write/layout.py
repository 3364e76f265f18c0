"""Each subject's part of the union dumps, its Turtle block and its JSON-LD node, laid out once and reused.

The union is read once, subject by subject (nquads.subject_groups): VoID's counts are tallied, and each subject
is laid out for cklod.ttl and cklod.jsonld, unless the build cache holds its parts from an earlier build (a
subject only an unchanged document describes; see cklod.write.dumps). Turtle blocks come from oxigraph's
serializer, run once over the subjects that are not reused: fed sorted triples, it writes one block per
subject, in order, each starting on a line of its own (continuation lines start with a tab).
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass

import pyoxigraph as ox

from cklod.rdf import nquads
from cklod.rdf.iris import IriPolicy
from cklod.write.describe import Counts, Tally
from cklod.write.jsonld import Compactor, Node, Unsupported, document_pieces

_BLOCK_START = re.compile(r"\n(?=[^\t])")
Parts = tuple[Node, str]  # a subject's JSON-LD node and Turtle block


@dataclass
class Layout:
    """The dumps' text in pieces (written without joining them: each is as large as the data)."""

    turtle: list[str]
    jsonld: list[str] | None  # None where rdflib must write it (a term cklod's writer does not reproduce)
    counts: Counts
    parts: dict[str, Parts]  # subject (N-Triples form) -> its parts; empty when the JSON-LD is rdflib's


def lay_out(
    union: list[str],
    context: dict,
    iris: IriPolicy,
    reuse: dict[str, Parts] | None = None,
    union_bytes: bytes | None = None,
) -> Layout:
    """Lay out the union (its sorted N-Triples lines); ``reuse`` gives the parts of subjects whose triples are
    the same as when they were laid out. ``union_bytes``, the same lines as bytes where the caller has them,
    spares a copy when nothing is reused (a cold build)."""
    reuse = reuse or {}
    tally, compactor = Tally(), Compactor(context)
    order: list[str] = []
    nodes: dict[str, Node] = {}
    fresh: list[str] = []
    fresh_lines: list[str] = []
    jsonld_ok = True
    end = 0
    for subject, pairs in tally.watch(nquads.subject_groups(union)):
        order.append(subject)
        begin, end = end, end + len(pairs)  # the subject's lines in the union
        known = reuse.get(subject)
        if known is not None:
            nodes[subject] = known[0]
            continue
        fresh.append(subject)
        fresh_lines.extend(union[begin:end])  # the same strings, not copies: a cold build lays out everything
        if jsonld_ok:
            try:
                nodes[subject] = compactor.node(subject, pairs)
            except Unsupported:
                jsonld_ok = False
    everything = union_bytes is not None and len(fresh_lines) == len(union)
    header, blocks = turtle_blocks(union_bytes if everything else fresh_lines)
    del fresh_lines
    if len(blocks) != len(fresh):
        raise RuntimeError(f"Turtle writer gave {len(blocks)} subject blocks for {len(fresh)} subjects")
    block_of = dict(zip(fresh, blocks, strict=True))
    turtle = [header, *(reuse[s][1] if s in reuse else block_of[s] for s in order)] if order else []
    parts = {s: (nodes[s], reuse[s][1] if s in reuse else block_of[s]) for s in order} if jsonld_ok else {}
    jsonld = document_pieces(list(nodes.values()), context) if jsonld_ok else None
    return Layout(turtle, jsonld, tally.counts(iris), parts)


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
