"""The publish manifest: a small named graph in the store saying, for each graph publish wrote, the SHA-256 of
its content and how many triples the store held right after it landed. Comparing hashes tells what changed
without downloading a graph; a COUNT query tells the graph is still all there."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cklod.publish.client import StoreClient
from cklod.rdf.iris import VOID, XSD

PUBLISH = "https://w3id.org/cklod/publish#"
SHA256 = PUBLISH + "sha256"
TRIPLES = VOID + "triples"


@dataclass(frozen=True)
class Entry:
    sha256: str
    triples: int


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


def read_manifest(client: StoreClient, endpoint: str, manifest: str) -> dict[str, Entry]:
    rows = client.select(
        endpoint,
        f"SELECT ?graph ?sha256 ?triples WHERE {{ GRAPH <{manifest}> {{ "
        f"?graph <{SHA256}> ?sha256 ; <{TRIPLES}> ?triples }} }}",
    )
    entries: dict[str, Entry] = {}
    for row in rows:
        try:
            entries[row["graph"]] = Entry(row["sha256"], int(row["triples"]))
        except (KeyError, ValueError):
            continue  # an entry someone damaged: treated as absent, so the graph is simply written again
    return entries


def count_triples(client: StoreClient, endpoint: str, graphs: Iterable[str]) -> dict[str, int]:
    """Triples per graph in the store, one query for all; a graph that is absent or empty counts 0."""
    graphs = list(graphs)
    if not graphs:
        return {}
    rows = client.select(
        endpoint,
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {_values(graphs)} }} "
        f"GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g",
    )
    counts = dict.fromkeys(graphs, 0)
    counts.update({row["g"]: int(row["n"]) for row in rows})
    return counts


def record(manifest: str, written: dict[str, Entry], removed: Iterable[str] = ()) -> str:
    """One update that forgets the old entries of these graphs and records the new ones."""
    forget = [*written, *removed]
    triples = "".join(
        f'<{iri}> <{SHA256}> "{entry.sha256}" .\n<{iri}> <{TRIPLES}> "{entry.triples}"^^<{XSD}integer> .\n'
        for iri, entry in written.items()
    )
    return (
        f"DELETE {{ GRAPH <{manifest}> {{ ?g ?p ?o }} }} WHERE {{ VALUES ?g {{ {_values(forget)} }} "
        f"GRAPH <{manifest}> {{ ?g ?p ?o }} }} ;\nINSERT DATA {{ GRAPH <{manifest}> {{\n{triples}}} }}\n"
    )
