"""Where a store takes graphs, queries and updates; the query and update URLs of the stores whose layout we know
are filled in from the Graph Store URL, so one --store is enough for them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from cklod.publish.client import checked_url
from cklod.publish.errors import BadOptions

# Graph Store path → (query path, update path), by the conventions of each server.
_LAYOUTS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"^(?P<root>.*)/store$"), r"\g<root>/query", r"\g<root>/update"),  # Oxigraph
    (re.compile(r"^(?P<root>.*)/data$"), r"\g<root>/query", r"\g<root>/update"),  # Apache Jena Fuseki
    # Virtuoso: anonymous /sparql-graph-crud beside /sparql, digest-auth /sparql-graph-crud-auth beside /sparql-auth
    (
        re.compile(r"^(?P<root>.*)/sparql-graph-crud(?P<auth>-auth)?$"),
        r"\g<root>/sparql\g<auth>",
        r"\g<root>/sparql\g<auth>",
    ),
    # GraphDB and other RDF4J servers
    (
        re.compile(r"^(?P<root>.*/repositories/[^/]+)/rdf-graphs/service$"),
        r"\g<root>",
        r"\g<root>/statements",
    ),
]


@dataclass(frozen=True)
class Endpoints:
    store: str | None  # SPARQL 1.1 Graph Store HTTP Protocol (indirect graph identification: ?graph=IRI)
    query: str  # reads the manifest, counts triples
    update: str  # writes the manifest; writes graphs when there is no Graph Store


def _sibling(url: str, which: int) -> str | None:
    parts = urlsplit(url)
    for layout in _LAYOUTS:
        if layout[0].match(parts.path):
            path = layout[0].sub(layout[which], parts.path)
            return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return None


def resolve(store: str | None, query: str | None, update: str | None) -> Endpoints:
    """The endpoints to use; --query and --update default to the store's known siblings."""
    if store is None and update is None:
        raise BadOptions("give --store (Graph Store Protocol) or --update (SPARQL Update), or both")
    if store is not None:
        checked_url(store, "--store")
        query = query or _sibling(store, 1)
        update = update or _sibling(store, 2)
    if query is None:
        raise BadOptions(
            "give --query: publish compares through a SPARQL query endpoint, and none is known "
            f"for {store or update}"
        )
    if update is None:
        raise BadOptions(
            f"give --update: the manifest is kept with SPARQL Update, and no update endpoint is known "
            f"for {store}"
        )
    return Endpoints(store, checked_url(query, "--query"), checked_url(update, "--update"))
