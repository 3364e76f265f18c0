"""N-Quads and N-Triples text: graphs as sorted lines, merged and cut without parsing; Turtle of sorted triples.

The text is what the dumps, the validation and the server share, byte for byte the same for the same input."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from itertools import pairwise
from pathlib import Path

import pyoxigraph as ox
from pyoxigraph import DefaultGraph, Quad, Triple

from cklod.rdf.iris import PREFIXES
from cklod.rdf.runs import external_sort

# Prefixes written in the Turtle dump; narrower than PREFIXES so the header lists only what is used.
TURTLE_PREFIXES = {
    k: PREFIXES[k]
    for k in ("cklod", "schema", "rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "oa", "prov", "org")
}


_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape_match(m: re.Match) -> str:
    code = m.group(1) or m.group(2)
    return chr(int(code, 16)) if code else _SIMPLE.get(m.group(3), m.group(0))


def unescape(text: str) -> str:
    """The characters an N-Triples string or IRI stands for."""
    return _ESCAPE.sub(_unescape_match, text) if "\\" in text else text


def escape(text: str) -> str:
    """A lexical form as oxigraph's canonical N-Triples writes it (only \\, ", newline, CR escaped)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def split_literal(term: str) -> tuple[str, str | None, str | None]:
    """(lexical form, language, datatype IRI) of a literal term; xsd:string literals have neither."""
    end = term.rindex('"')
    lexical = unescape(term[1:end])
    tail = term[end + 1 :]
    if not tail:
        return lexical, None, None
    if tail[0] == "@":
        return lexical, tail[1:], None
    return lexical, None, tail[3:-1]


def sort_key(q: Quad | Triple) -> tuple[str, ...]:
    graph = (
        "" if isinstance(getattr(q, "graph_name", None), DefaultGraph) else str(getattr(q, "graph_name", ""))
    )
    return (graph, str(q.subject), str(q.predicate), str(q.object))


def union_triples(quads: Iterable[Quad]) -> list[Triple]:
    """The default graph of the dumps: the set union of every named graph, sorted."""
    return parse_triples("".join(union_lines(by_graph(quads).values())).encode())


# Sorting N-Quads lines is sorting by sort_key: str() of a term is its N-Triples form, the graph is constant
# within a graph's lines, and where one term is a prefix of another the shorter one is followed by ' ', which
# sorts before any character that can follow inside a term. Sorting text in bulk is ~4x faster than sort_key.


def by_graph(quads: Iterable[Quad]) -> dict[str, list[Quad]]:
    """Quads grouped by graph, keyed by the graph's sort_key ('' for the default graph)."""
    groups: dict[str, list[Quad]] = {}
    for q in quads:
        g = q.graph_name
        groups.setdefault("" if isinstance(g, DefaultGraph) else str(g), []).append(q)
    return groups


def graph_lines(quads: list[Quad]) -> list[str]:
    """The N-Quads lines of one graph's quads, deduplicated, in sort_key order."""
    return sorted(set(_serialize(quads, ox.RdfFormat.N_QUADS).decode().splitlines(keepends=True)))


def union_lines(graphs: Iterable[list[Quad]]) -> list[str]:
    """The N-Triples lines of the union of ``graphs`` (each a list of one graph's quads), deduplicated, in
    sort_key order."""
    return union_of_graph_texts(
        (
            None if isinstance(quads[0].graph_name, DefaultGraph) else quads[0].graph_name.value,
            graph_text(quads),
        )
        for quads in graphs
        if quads
    )


def graph_text(quads: list[Quad]) -> str:
    """One graph's N-Quads text, deduplicated and sorted: the form the build caches and the dumps are cut from."""
    return "".join(graph_lines(quads))


def union_of_graph_texts(texts: Iterable[tuple[str | None, str]]) -> list[str]:
    """The sorted, distinct N-Triples lines of the union of (graph IRI, or None for the default graph,
    graph_text) pairs.

    Cutting the constant " <graph> ." ending off a graph's sorted lines keeps them sorted (see above), so this
    is text work only: no term is parsed, and sorting the graphs' sorted runs is a merge.
    """
    lines: list[str] = []
    for graph, text in texts:
        cut = len(f" <{graph}> .\n") if graph is not None else len(" .\n")
        lines.extend([line[:-cut] + " .\n" for line in text.splitlines(keepends=True)])
    lines.sort()
    return [line for line, after in pairwise(lines) if line != after] + lines[-1:]


def merged_union(
    graphs: Iterable[tuple[str | None, Iterable[str]]], folder: Path
) -> Iterator[tuple[str, list[int]]]:
    """union_of_graph_texts for graphs of any size: the sorted, distinct N-Triples lines of the union of (graph
    IRI, or None for the default graph, the lines of its graph_text) pairs, each with the positions of the
    graphs holding it; sorted in runs on disk under ``folder`` (cklod.rdf.runs), so memory stays bounded.

    A run's record is the line without its newline, a tab and the graph's position: no line is a prefix of
    another (each ends where its object does), so the records sort as the lines do, whatever follows them."""

    def records() -> Iterator[str]:
        for n, (graph, lines) in enumerate(graphs):
            cut = len(f" <{graph}> .\n") if graph is not None else len(" .\n")
            tag = f" .\t{n}\n"
            for line in lines:
                yield line[:-cut] + tag

    current, holders = None, []
    for record in external_sort(records(), folder):
        line, _, n = record.rpartition("\t")
        if line != current:
            if current is not None:
                yield current + "\n", holders
            current, holders = line, []
        holders.append(int(n))
    if current is not None:
        yield current + "\n", holders


def subject_groups(lines: Iterable[str]) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Each subject of sorted N-Triples ``lines`` with its (predicate, object) pairs, terms in N-Triples form."""
    subject, pairs = None, []
    for line in lines:
        s, p, o = line[:-3].split(" ", 2)  # "<s> <p> object .\n": IRIs and blank nodes hold no space
        if s != subject:
            if pairs:
                yield subject, pairs
            subject, pairs = s, []
        pairs.append((p, o))
    if pairs:
        yield subject, pairs


def parse_triples(n_triples_data: bytes) -> list[Triple]:
    return [
        Triple(q.subject, q.predicate, q.object) for q in ox.parse(n_triples_data, ox.RdfFormat.N_TRIPLES)
    ]


def _serialize(items: list, fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> bytes:
    out = io.BytesIO()
    ox.serialize(items, out, fmt, prefixes=prefixes) if prefixes else ox.serialize(items, out, fmt)
    return out.getvalue()


def n_triples(triples: list[Triple]) -> bytes:
    return _serialize(triples, ox.RdfFormat.N_TRIPLES)


def turtle(triples: list[Triple], prefixes: dict[str, str]) -> bytes:
    """Turtle grouped by subject (the input is sorted, so each subject's block is contiguous)."""
    return _serialize(triples, ox.RdfFormat.TURTLE, prefixes)
