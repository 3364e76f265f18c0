"""Media types: the one table of what cklod writes, serves and sends to stores."""

from __future__ import annotations

from pathlib import PurePosixPath

HTML = "text/html"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
NQUADS = "application/n-quads"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"

# The Content-Type header for each: text formats that are not UTF-8 by definition say their charset.
CONTENT_TYPES = {
    SPARQL_JSON: SPARQL_JSON,
    SPARQL_XML: SPARQL_XML,
    CSV: f"{CSV}; charset=utf-8",
    TSV: f"{TSV}; charset=utf-8",
    TURTLE: f"{TURTLE}; charset=utf-8",
    JSONLD: JSONLD,
    NTRIPLES: NTRIPLES,
    NQUADS: NQUADS,
    RDFXML: RDFXML,
}

# The published files (dumps, context, ontology, shapes) by their extension.
BY_EXTENSION = {".ttl": TURTLE, ".nt": NTRIPLES, ".nq": NQUADS, ".jsonld": JSONLD, ".rdf": RDFXML}


def of_file(name: str, default: str = "application/octet-stream") -> str:
    """The media type of a published file, by its name: ``of_file("shapes/facts.ttl") == "text/turtle"``."""
    return BY_EXTENSION.get(PurePosixPath(name).suffix, default)
