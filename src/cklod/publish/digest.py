"""A content digest of a graph that a SPARQL 1.1 store can compute itself, for --adopt: the sum over its
triples of the first 7 hex digits of SHA-256("S P O LANG DATATYPE"), with S, P, O as STR() gives them and no
datatype for a language-tagged literal (stores disagree on it: rdf:langString or none). A sum
does not depend on the order the store visits triples in, and the hex digits become a number with STRBEFORE
and STRLEN, which every SPARQL 1.1 engine has. Whether a store computes it as cklod does is probed on a
constant first (stores that normalize literals or hash differently are checked by triple counts only)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pyoxigraph as ox

from cklod.publish.client import StoreClient
from cklod.publish.errors import PublishError
from cklod.publish.manifest import graph_filter, paged

HEX = "0123456789abcdef"
DIGITS = 7  # 28 bits a triple: the sum over a billion triples still fits a 64-bit integer
# Quotes, non-ASCII text and length, as document texts have them (Virtuoso hashes such strings otherwise)
PROBE_TEXT = 'probe, \\"quoted\\", Shaimergenova’s “view” — Астана ' * 40
PROBE = ("<http://example.org/s>", "<http://example.org/p>", f'"{PROBE_TEXT}"@en')


def _str(term: str) -> str:
    """STR() of a term; a blank node's label is the store's own, so every blank node counts as "_"."""
    return f'IF(isBlank({term}), "_", STR({term}))'


def _name(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    return "_" if isinstance(term, ox.BlankNode) else term.value


def _expression(s: str, p: str, o: str) -> str:
    text = (
        f'CONCAT({_str(s)}, " ", STR({p}), " ", {_str(o)}, " ", IF(isLiteral({o}), LANG({o}), ""), " ", '
        f'IF(isLiteral({o}) && LANG({o}) = "", STR(DATATYPE({o})), ""))'
    )
    value = " + ".join(
        f'STRLEN(STRBEFORE("{HEX}", SUBSTR(?h, {k + 1}, 1))) * {16 ** (DIGITS - 1 - k)}'
        for k in range(DIGITS)
    )
    return f"BIND(SHA256({text}) AS ?h) BIND(({value}) AS ?x)"


def triple_digest(subject: str, predicate: str, value: str, language: str, datatype: str) -> int:
    text = f"{subject} {predicate} {value} {language} {datatype}"
    return int(hashlib.sha256(text.encode()).hexdigest()[:DIGITS], 16)


def local_digest(body: bytes) -> int:
    """The digest of an N-Triples body, as the store's query computes it."""
    total = 0
    for triple in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
        o = triple.object
        literal = isinstance(o, ox.Literal)
        total += triple_digest(
            _name(triple.subject),
            triple.predicate.value,
            _name(o),
            (o.language or "") if literal else "",
            o.datatype.value if literal and not o.language else "",
        )
    return total


def store_computes_it(client: StoreClient, endpoint: str) -> bool:
    """Whether the store's digest of a constant triple is cklod's (False also when it cannot run the query)."""
    s, p, o = PROBE
    try:
        answer = client.select(endpoint, f"SELECT ?x WHERE {{ {_expression(s, p, o)} }}")
        got = answer.integer(answer.rows[0], "x") if answer.rows else None
    except PublishError:  # a store that cannot run the query has no digest for us; counts still apply
        return False
    expected = triple_digest(
        "http://example.org/s", "http://example.org/p", PROBE_TEXT.replace('\\"', '"'), "en", ""
    )
    return got == expected


def store_digests(
    client: StoreClient, endpoint: str, namespace: str, also: Iterable[str] = ()
) -> dict[str, int]:
    """The digest of every graph under ``namespace`` (and in ``also``), computed by the store."""
    query = (
        f"SELECT ?g (SUM(?x) AS ?d) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({graph_filter(namespace, also)}) "
        f"{_expression('?s', '?p', '?o')} }} GROUP BY ?g ORDER BY ?g"
    )
    # a graph the store could not digest (an error inside SUM leaves it unbound) has no digest to compare
    return {
        row["g"]: answer.integer(row, "d") for answer, row in paged(client, endpoint, query) if "d" in row
    }
