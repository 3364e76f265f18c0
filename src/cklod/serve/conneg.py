"""HTTP content negotiation (RFC 9110 §12.5.1): pick the offered media type the client prefers most.

Pure functions with no heavy imports, so the SPARQL worker process can use them too.
"""

from __future__ import annotations

from dataclasses import dataclass

from cklod.rdf.media import CSV, HTML, JSONLD, NTRIPLES, RDFXML, SPARQL_JSON, SPARQL_XML, TSV, TURTLE

# Names clients use for the same formats; each maps to the canonical type we answer with.
ALIASES = {
    "application/x-turtle": TURTLE,
    "application/turtle": TURTLE,
    "application/json": SPARQL_JSON,
    "application/xml": SPARQL_XML,
    "text/xml": SPARQL_XML,
    "application/xhtml+xml": HTML,
}

# Resource descriptions: the file extension of the /data/ document for each RDF media type.
RDF_EXTENSIONS = {TURTLE: "ttl", JSONLD: "jsonld", NTRIPLES: "nt", RDFXML: "rdf"}
EXTENSION_TYPES = {ext: media for media, ext in RDF_EXTENSIONS.items()}

# What a dataset IRI can be answered with; HTML first, so a client that accepts anything (*/*) gets a page.
RESOURCE_TYPES = (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML)
RDF_TYPES = (TURTLE, JSONLD, NTRIPLES, RDFXML)
SOLUTION_TYPES = (SPARQL_JSON, SPARQL_XML, CSV, TSV)
BOOLEAN_TYPES = (SPARQL_JSON, SPARQL_XML)


@dataclass(frozen=True)
class Range:
    """One entry of an Accept header: ``type/subtype`` (either may be ``*``) and its quality."""

    type: str
    subtype: str
    q: float
    order: int

    def matches(self, media: str) -> int:
        """How specifically this range matches ``media``: 3 exact, 2 ``type/*``, 1 ``*/*``, 0 no match."""
        kind, _, sub = media.partition("/")
        if self.type == "*":
            return 1
        if self.type != kind:
            return 0
        if self.subtype == "*":
            return 2
        return 3 if self.subtype == sub else 0


def parse_accept(header: str | None) -> list[Range]:
    """The ranges of an Accept header; malformed entries are skipped rather than failing the request."""
    ranges: list[Range] = []
    if not header:
        return ranges
    for order, item in enumerate(header[:4096].split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        media = ALIASES.get(media.lower(), media.lower())
        kind, sep, sub = media.partition("/")
        if not sep or not kind or not sub:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(Range(kind, sub, q, order))
    return ranges


def choose(header: str | None, offered: tuple[str, ...] | list[str]) -> str | None:
    """The offered type with the highest quality for the client; ties go to the server's order of ``offered``.

    No Accept header (or one with no readable entry) means anything is acceptable: the first offered type.
    ``None`` means nothing offered is acceptable: answer 406 Not Acceptable.
    """
    ranges = parse_accept(header)
    if not ranges:
        return offered[0] if offered else None
    best: tuple[float, int] | None = None
    chosen = None
    for index, media in enumerate(offered):
        # The most specific matching range decides the quality of this type (RFC 9110 §12.5.1).
        specific = max(ranges, key=lambda r: (r.matches(media), -r.order))
        if specific.matches(media) == 0 or specific.q <= 0:
            continue
        score = (specific.q, -index)
        if best is None or score > best:
            best, chosen = score, media
    return chosen


def wants_html(header: str | None) -> bool:
    """True when a browser asks: it names HTML itself (not just ``*/*``) and prefers it to RDF."""
    named = any(r.type == "text" and r.subtype == "html" and r.q > 0 for r in parse_accept(header))
    return named and choose(header, RESOURCE_TYPES) == HTML
