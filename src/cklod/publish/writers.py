"""The two ways a graph gets into a store. Each replaces a whole graph in ONE request, so a store that runs a
request as a transaction (Oxigraph, Fuseki/TDB2, GraphDB) holds the old graph or the new one, never part."""

from __future__ import annotations

from typing import Protocol

from cklod.publish.client import StoreClient
from cklod.publish.endpoints import Endpoints
from cklod.publish.errors import NoGraphStore, PublishError
from cklod.publish.feed import Feed
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


class DatasetAdder(Protocol):
    """Adds many new graphs' quads, each to its own graph, in one request."""

    protocol: str
    max_bytes: int | None  # the largest body it may send; None: no limit of its own

    def add(self, quads: bytes, what: str) -> None: ...


class DatasetWriter:
    """Many new graphs in ONE request: an N-Quads body POSTed to the Graph Store's own URL (no ?graph=), which
    adds each quad to its graph. Used only for graphs the store does not hold (a POST adds; it never replaces),
    and only after a probe showed that this store puts such a body's quads in their own graphs."""

    protocol = "graph-store"
    max_bytes = None

    def __init__(self, client: StoreClient, endpoint: str, params: dict[str, str]):
        self.client, self.endpoint, self.params = client, endpoint, params

    def add(self, quads: bytes, what: str) -> None:
        response = self.client.send(
            "POST",
            self.endpoint,
            f"POST of {what}",
            params=self.params,
            content=quads,
            headers={"Content-Type": media.NQUADS},
        )
        if response.status_code >= 300:
            raise self.client.refused(response, f"POST of {what}")


# Virtuoso refuses to LOAD a body over 20 MiB ("Content length … is over the limit 20971520"), so a LOAD batch
# stays under this, whatever --batch-mib says; a graph larger than this alone goes in a request of its own.
LOAD_MAX_BYTES = 16 * 1024 * 1024
# Seconds the probe waits for its LOAD: a store that cannot reach cklod's feed (a firewall dropping its
# connection) must not hold up the publish for the client's full timeout, and the probe is one quad.
LOAD_PROBE_TIMEOUT = 10.0


class LoadWriter:
    """Many new graphs in ONE request, fetched by the store itself: the N-Quads body is offered by cklod's feed
    and the store is sent the SPARQL 1.1 Update ``LOAD <url>`` (no INTO GRAPH), which puts each quad in its own
    graph (Virtuoso; Oxigraph refuses quads in a LOAD). Like DatasetWriter, used only for graphs the store does
    not hold, and only after a probe showed that the store fetches such a body and keeps its graphs."""

    protocol = "sparql-update LOAD"
    max_bytes = LOAD_MAX_BYTES

    def __init__(self, client: StoreClient, endpoint: str, feed: Feed):
        self.client, self.endpoint, self.feed = client, endpoint, feed

    def add(self, quads: bytes, what: str) -> None:
        with self.feed.offering(quads) as url:
            self.client.update(self.endpoint, f"LOAD <{url}>", f"LOAD of {what}")


def _probe_quad(graph: str) -> bytes:
    return f'<{graph}> <{graph}#probe> "probe" <{graph}> .\n'.encode()


def probe_datasets(
    client: StoreClient, store: str, query: str, graph: str
) -> tuple[DatasetWriter | None, str]:
    """Whether the store takes a POST of N-Quads at ``store`` into the quads' own graphs: one quad is sent into
    ``graph`` (a name of the publisher's own), counted there through ``query``, and deleted. A 2xx answer is not
    enough: Virtuoso answers 200 with an HTML page and stores nothing. Returns the writer (or None) and why."""
    quad = _probe_quad(graph)
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


def probe_load(
    client: StoreClient, update: str, query: str, graph: str, feed: Feed
) -> tuple[LoadWriter | None, str]:
    """Whether the store fetches an N-Quads body from ``feed`` with ``LOAD <url>`` and keeps each quad in its own
    graph: one quad of ``graph`` is offered, loaded (no retry, a short timeout), counted there, and the graph
    dropped. Returns the writer (or None) and why."""
    landed, why = False, ""
    try:
        with feed.offering(_probe_quad(graph)) as url:
            client.update(update, f"LOAD <{url}>", "LOAD probe", retries=0, timeout=LOAD_PROBE_TIMEOUT)
        landed = count_triples(client, query, [graph])[graph] == 1
        why = (
            ""
            if landed
            else f"the store LOADed a probe quad from {feed.root} but did not put it in its graph"
        )
    except PublishError as exc:  # cannot reach the feed, no right to LOAD, no such operation: fall back
        why = f"the LOAD probe from {feed.root} failed: {exc}"
    # whatever part of the probe landed, now or later (a LOAD that timed out here may still finish there)
    UpdateWriter(client, update).drop(graph)
    if landed:
        return LoadWriter(
            client, update, feed
        ), f"the store LOADed a probe quad from {feed.root} into its graph"
    return None, why


def new_graph_adder(
    client: StoreClient, endpoints: Endpoints, graph: str, *, graph_store: bool, feed: Feed | None
) -> tuple[DatasetAdder | None, str]:
    """How new graphs go many to a request, by probing: an N-Quads POST to the Graph Store (the store takes the
    body from cklod; tried first, it costs no fetch), else SPARQL LOAD from cklod's ``feed``; None when neither
    works. Also says how, and why, for the report."""
    reasons = []
    if graph_store and endpoints.store is not None:
        posts, why = probe_datasets(client, endpoints.store, endpoints.query, graph)
        if posts is not None:
            return posts, f"in N-Quads POSTs of many graphs: {why}"
        reasons.append(why)
    if feed is None:
        reasons.append(
            "SPARQL LOAD was not tried: the store is not on this machine, so give --listen with an address of "
            "this machine that it can reach"
        )
    else:
        loads, why = probe_load(client, endpoints.update, endpoints.query, graph, feed)
        if loads is not None:
            return loads, f"by SPARQL LOAD of many graphs a request: {why}"
        reasons.append(why)
    return None, "one graph per request: " + "; ".join(reasons)
