"""The publish manifest: a small named graph in the store saying, for each graph publish wrote, the SHA-256 of
its content and how many triples the store held right after it landed. Comparing hashes tells what changed
without downloading a graph; a COUNT query tells the graph is still all there.

Every read is paged (ORDER BY, LIMIT/OFFSET), so a store that cuts results at a row cap (Virtuoso's
ResultSetMaxRows, 10,000 by default) is read in full, and every list of graphs sent in a query is chunked, so
no query grows with the dataset."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cklod.publish.client import Answer, StoreClient
from cklod.rdf.iris import VOID, XSD

PUBLISH = "https://w3id.org/cklod/publish#"
SHA256 = PUBLISH + "sha256"
TRIPLES = VOID + "triples"
PAGE_ROWS = 10_000  # rows asked per read; a store that caps lower is followed at its cap
VALUES_CHUNK = 100  # graphs named in one query or update


@dataclass(frozen=True)
class Entry:
    sha256: str
    triples: int


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


def chunks(items: list[str], size: int = VALUES_CHUNK) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def paged(
    client: StoreClient, endpoint: str, query: str, page_rows: int = PAGE_ROWS
) -> Iterator[tuple[Answer, dict]]:
    """Every row of an ordered SELECT, a page at a time. A page the store says it cut (X-SPARQL-MaxRows) is
    not mistaken for the last one: reading goes on in pages of the store's cap, and the client notes the cap."""
    offset, page = 0, page_rows
    while True:
        answer = client.select(endpoint, f"{query}\nLIMIT {page} OFFSET {offset}")
        yield from ((answer, row) for row in answer.rows)
        cut = answer.capped_at is not None and 0 < answer.capped_at <= len(answer.rows)
        if cut:
            client.note_cap(endpoint, answer.capped_at)  # type: ignore[arg-type]
            page = answer.capped_at  # type: ignore[assignment]
        elif len(answer.rows) < page:
            return
        offset += len(answer.rows)


def read_manifest(client: StoreClient, endpoint: str, manifest: str) -> dict[str, Entry]:
    query = (
        f"SELECT ?graph ?sha256 ?triples WHERE {{ GRAPH <{manifest}> {{ "
        f"?graph <{SHA256}> ?sha256 ; <{TRIPLES}> ?triples }} }} ORDER BY ?graph ?sha256 ?triples"
    )
    entries: dict[str, Entry] = {}
    for _, row in paged(client, endpoint, query):
        try:
            entries[row["graph"]] = Entry(row["sha256"], int(row["triples"]))
        except (KeyError, ValueError):
            continue  # an entry someone damaged: treated as absent, so the graph is simply written again
    return entries


def graph_filter(namespace: str, also: Iterable[str] = ()) -> str:
    """A FILTER condition on ?g: the graphs under ``namespace`` and those in ``also``."""
    names = "".join(f" || ?g = <{iri}>" for iri in also)
    return f'STRSTARTS(STR(?g), "{namespace}"){names}'


def survey(client: StoreClient, endpoint: str, namespace: str, also: Iterable[str] = ()) -> dict[str, int]:
    """Triples per graph for every graph under ``namespace`` (and the graphs in ``also``) that the store
    holds: one grouped count filtered by the name prefix, so the query does not grow with the number of
    graphs (a VALUES block of every graph takes Virtuoso past its time limit at a few thousand graphs)."""
    # The name filter applies to the grouped rows, once a graph, not to every quad (3x faster in Oxigraph at a
    # million triples)
    query = (
        "SELECT ?g ?n WHERE { { SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g } "
        f"FILTER({graph_filter(namespace, also)}) }} ORDER BY ?g"
    )
    return {row["g"]: answer.integer(row, "n") for answer, row in paged(client, endpoint, query)}


def count_triples(client: StoreClient, endpoint: str, graphs: Iterable[str]) -> dict[str, int]:
    """Triples per graph in the store for the graphs named, in chunks; an absent or empty graph counts 0."""
    graphs = list(graphs)
    counts = dict.fromkeys(graphs, 0)
    for chunk in chunks(graphs):
        # The names in a subquery: Virtuoso 7.2 then plans the count 4x faster (0.2 s instead of 0.8 s for 100
        # graphs at a million triples, most of it planning, which grows with each name); Oxigraph alike.
        query = (
            f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ {{ SELECT ?g WHERE {{ VALUES ?g {{ {_values(chunk)} }} }} }} "
            f"GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g ORDER BY ?g"
        )
        for answer, row in paged(client, endpoint, query):
            if row.get("g") in counts:
                counts[row["g"]] = answer.integer(row, "n")
    return counts


def record(manifest: str, written: dict[str, Entry], removed: Iterable[str] = ()) -> str:
    """One update that forgets the old entries of these graphs and records the new ones (with no empty
    INSERT DATA when nothing is recorded: Virtuoso refuses one)."""
    forget = [*written, *removed]
    triples = _entry_lines(written)
    update = (
        f"DELETE {{ GRAPH <{manifest}> {{ ?g ?p ?o }} }} WHERE {{ VALUES ?g {{ {_values(forget)} }} "
        f"GRAPH <{manifest}> {{ ?g ?p ?o }} }}"
    )
    return update + (f" ;\nINSERT DATA {{ GRAPH <{manifest}> {{\n{triples}}} }}\n" if triples else "\n")


def _entry_lines(written: dict[str, Entry]) -> str:
    return "".join(
        f'<{iri}> <{SHA256}> "{entry.sha256}" .\n<{iri}> <{TRIPLES}> "{entry.triples}"^^<{XSD}integer> .\n'
        for iri, entry in written.items()
    )


def entry_quads(manifest: str, written: dict[str, Entry]) -> bytes:
    """The manifest's entries for ``written`` as N-Quads in the manifest graph, for a file a bulk loader loads."""
    return _entry_lines(written).replace(" .\n", f" <{manifest}> .\n").encode()
