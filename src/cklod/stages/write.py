"""The write stage: the published dumps, byte for byte the same for the same input."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from itertools import pairwise

import pyoxigraph as ox
from pyoxigraph import DefaultGraph, Quad, Triple

from cklod.iris import PREFIXES, SCHEMA

# Prefixes written in the Turtle dump; narrower than PREFIXES so the header lists only what is used.
TURTLE_PREFIXES = {
    k: PREFIXES[k]
    for k in ("cklod", "schema", "rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "oa", "prov", "org")
}


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


def serialize_quads(quads: list[Quad]) -> bytes:
    """N-Quads of ``quads`` as they are (order and repeats kept), for the build cache."""
    return _serialize(quads, ox.RdfFormat.N_QUADS)


def n_quads(quads: list[Quad]) -> bytes:
    groups = by_graph(quads)
    return "".join(line for g in sorted(groups) for line in graph_lines(groups[g])).encode()


def n_triples(triples: list[Triple]) -> bytes:
    return _serialize(triples, ox.RdfFormat.N_TRIPLES)


def trig(quads: list[Quad], prefixes: dict[str, str]) -> bytes:
    return _serialize(sorted(set(quads), key=sort_key), ox.RdfFormat.TRIG, prefixes)


def turtle(triples: list[Triple], prefixes: dict[str, str]) -> bytes:
    """Turtle grouped by subject (the input is sorted, so each subject's block is contiguous)."""
    return _serialize(triples, ox.RdfFormat.TURTLE, prefixes)


def jsonld_context(base: str) -> dict:
    """The published @context: schema.org terms bare (as a schema.org consumer reads them), others prefixed."""
    context: dict[str, object] = {"@vocab": SCHEMA}
    for prefix, ns in sorted(PREFIXES.items()):
        if prefix != "schema":
            context[prefix] = ns
    context["id"] = f"{base}id/"
    return {"@context": context}


def _canonical(value: object) -> object:
    """Sort the unordered arrays of a JSON-LD document so its bytes do not depend on hash order."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld(triples: list[Triple], context: dict) -> bytes:
    """Compacted JSON-LD of ``triples``, context inline so it parses offline; deterministic ordering."""
    return jsonld_of_lines(sorted(set(n_triples(triples).decode().splitlines(keepends=True))), context)


def jsonld_of_lines(lines: list[str], context: dict) -> bytes:
    """Compacted JSON-LD of sorted, distinct N-Triples ``lines`` (the union's, in the write stage).

    Written by cklod.stages.jsonld where it reproduces rdflib's bytes exactly (every term cklod emits), else by
    rdflib (jsonld_rdflib).
    """
    from cklod.stages.jsonld import compact_jsonld

    fast = compact_jsonld(subject_groups(lines), context)
    return fast if fast is not None else jsonld_rdflib(parse_triples("".join(lines).encode()), context)


def jsonld_rdflib(triples: list[Triple], context: dict) -> bytes:
    """Compacted JSON-LD by rdflib's serializer, reloaded and sorted so its bytes do not depend on hash order."""
    import rdflib  # only the JSON-LD writer needs rdflib's object model

    graph = rdflib.Graph()
    graph.parse(data=n_triples(triples).decode("utf-8"), format="nt")
    compact = json.loads(graph.serialize(format="json-ld", context=context["@context"], auto_compact=True))
    compact.pop("@context", None)
    nodes = compact.pop("@graph", None)
    if nodes is None:
        nodes = [compact] if compact else []
    doc = {"@context": context["@context"], "@graph": _canonical(nodes)}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")
