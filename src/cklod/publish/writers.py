"""The two ways a graph gets into a store. Each replaces a whole graph in ONE request, so a store that runs a
request as a transaction (Oxigraph, Fuseki/TDB2, GraphDB) holds the old graph or the new one, never part."""

from __future__ import annotations

from typing import Protocol

from cklod.publish.client import StoreClient
from cklod.publish.errors import NoGraphStore, PublishError
from cklod.publish.manifest import count_triples
from cklod.rdf import media

# What a server answers to a Graph Store request at a URL where it has no Graph Store: no such resource, method
# not allowed there, or not implemented.
NO_GRAPH_STORE = frozenset({404, 405, 501})


class GraphWriter(Protocol):
    protocol: str

    def replace(self, iri: str, body: bytes) -> None: ...

    def drop(self, iri: str) -> None: ...


class GraphStoreWriter:
    """SPARQL 1.1 Graph Store HTTP Protocol: PUT replaces a graph, DELETE removes it."""

    protocol = "graph-store"

    def __init__(self, client: StoreClient, endpoint: str):
        self.client, self.endpoint = client, endpoint

    def replace(self, iri: str, body: bytes) -> None:
        what = f"PUT <{iri}>"
        response = self.client.send(
            "PUT",
            self.endpoint,
            what,
            params={"graph": iri},
            content=body,
            headers={"Content-Type": media.NTRIPLES},
        )
        if response.status_code in NO_GRAPH_STORE:
            raise NoGraphStore(
                f"no SPARQL Graph Store at {self.endpoint} (PUT answered HTTP {response.status_code})",
                response.status_code,
            )
        if response.status_code >= 300:
            raise self.client.refused(response, what)

    def drop(self, iri: str) -> None:
        what = f"DELETE <{iri}>"
        response = self.client.send("DELETE", self.endpoint, what, params={"graph": iri})
        # 404 is the protocol's answer for a graph that is already gone: the state we want.
        if response.status_code >= 300 and response.status_code != 404:
            raise self.client.refused(response, what)


# Triples per INSERT DATA operation: Virtuoso compiles each operation to SQL and refuses one past about 10,000
# lines of it (SP031) or runs out of parser memory (SP030) at a few thousand triples.
INSERT_CHUNK = 1000


class UpdateWriter:
    """SPARQL 1.1 Update, for stores without a Graph Store: DROP SILENT GRAPH and INSERT DATA operations in one
    request. N-Triples lines are valid SPARQL triples, so the body goes in as it is, in chunks of
    ``INSERT_CHUNK`` triples (one request still: a store that runs a request as a transaction applies all)."""

    protocol = "sparql-update"

    def __init__(self, client: StoreClient, endpoint: str):
        self.client, self.endpoint = client, endpoint

    def replace(self, iri: str, body: bytes) -> None:
        lines = body.decode().splitlines(keepends=True)
        inserts = [
            f"INSERT DATA {{ GRAPH <{iri}> {{\n{''.join(lines[start : start + INSERT_CHUNK])}}} }}"
            for start in range(0, len(lines), INSERT_CHUNK)
        ]
        self.client.update(self.endpoint, " ;\n".join([f"DROP SILENT GRAPH <{iri}>", *inserts]) + "\n")

    def drop(self, iri: str) -> None:
        self.client.update(self.endpoint, f"DROP SILENT GRAPH <{iri}>")


# Asked of the store along with a dataset POST. Oxigraph's server then loads the body with its bulk loader, which
# writes every quad to files first and adds them all to the store in one step at the end of the request (in
# 0.5; so a request still lands whole or not at all), several times faster than a transaction at a million
# triples. A store that does not know the parameter ignores it, or refuses the probe and is probed without it.
BULK_PARAMS = {"no_transaction": ""}


class DatasetWriter:
    """Many new graphs in ONE request: an N-Quads body POSTed to the Graph Store's own URL (no ?graph=), which
    adds each quad to its graph. Used only for graphs the store does not hold (a POST adds; it never replaces),
    and only after a probe showed that this store puts such a body's quads in their own graphs."""

    protocol = "graph-store"

    def __init__(self, client: StoreClient, endpoint: str, params: dict[str, str]):
        self.client, self.endpoint, self.params = client, endpoint, params

    def add(self, quads: bytes, what: str) -> None:
        response = self.client.send(
            "POST",
            self.endpoint,
            what,
            params=self.params,
            content=quads,
            headers={"Content-Type": media.NQUADS},
        )
        if response.status_code >= 300:
            raise self.client.refused(response, what)


def probe_datasets(
    client: StoreClient, store: str, query: str, graph: str
) -> tuple[DatasetWriter | None, str]:
    """Whether the store takes a POST of N-Quads at ``store`` into the quads' own graphs: one quad is sent into
    ``graph`` (a name of the publisher's own), counted there through ``query``, and deleted. A 2xx answer is not
    enough: Virtuoso answers 200 with an HTML page and stores nothing. Returns the writer (or None) and why."""
    quad = f'<{graph}> <{graph}#probe> "probe" <{graph}> .\n'.encode()
    try:
        for params in (BULK_PARAMS, {}):
            response = client.send(
                "POST",
                store,
                "POST probe",
                params=params,
                content=quad,
                headers={"Content-Type": media.NQUADS},
            )
            if response.status_code < 300:
                landed = count_triples(client, query, [graph])[graph] == 1
                GraphStoreWriter(client, store).drop(graph)
                if landed:
                    return DatasetWriter(client, store, params), "the store took a probe quad into its graph"
                return None, "the store answered a probe quad but did not put it in its graph"
        return None, f"the store refused an N-Quads POST (HTTP {response.status_code})"
    except PublishError as exc:  # whatever the probe met, one graph per request still works
        return None, f"the probe failed: {exc}"
