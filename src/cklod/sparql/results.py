"""Answers written out: an aligned table for people, the W3C formats for programs.

SELECT and ASK answers: ``table`` or the SPARQL 1.1 results formats ``json``, ``xml``, ``csv``, ``tsv``
(pyoxigraph's writers). CONSTRUCT and DESCRIBE answers: ``turtle``, ``nt``, ``jsonld`` (pyoxigraph's writers,
JSON-LD in expanded form) or ``table`` (one row per triple). Graph output is sorted, so it is the same
whichever engine answered.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pyoxigraph as ox

from cklod.rdf.iris import Shortener
from cklod.sparql.engine import SHORT_PREFIXES, Answer, QueryError, Term

RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
FORMATS = ("table", *RESULTS_FORMATS, *GRAPH_FORMATS)
DEFAULT_WIDTH = 100
_SHORTEN = Shortener(SHORT_PREFIXES)

Labels = Callable[[list[str]], dict[str, str]]


def short(iri: str, shorten: Shortener = _SHORTEN) -> str:
    """``person:xi-jinping`` for a namespace ``shorten`` knows (the default base's), else ``<iri>``."""
    return shorten(iri) or f"<{iri}>"


def cell(term: Term | None, labels: dict[str, str], shorten: Shortener = _SHORTEN) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        label = labels.get(term.value)
        return f"{short(term.value, shorten)} ({label})" if label else short(term.value, shorten)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return (
            f"<< {cell(term.subject, labels, shorten)} {cell(term.predicate, labels, shorten)} "
            f"{cell(term.object, labels, shorten)} >>"
        )
    return " ".join(term.value.split())


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _clip(text: str, limit: int) -> str:
    if limit <= 0 or _width(text) <= limit:
        return text
    out, used = [], 0
    for c in text:
        w = _width(c)
        if used + w > limit - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def table(header: list[str], rows: list[list[str]], max_width: int = DEFAULT_WIDTH) -> str:
    """Columns aligned with two spaces, a rule under the header, a row count at the end."""
    rows = [[_clip(c, max_width) for c in row] for row in rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(header), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _iris(terms: list[Term | None]) -> list[str]:
    return sorted({t.value for t in terms if isinstance(t, ox.NamedNode)})


def sorted_triples(triples: tuple[ox.Triple, ...]) -> list[ox.Triple]:
    return sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def _used_prefixes(triples: list[ox.Triple], prefixes: dict[str, str]) -> dict[str, str]:
    terms = [t for tr in triples for t in (tr.subject, tr.predicate, tr.object)]
    names = {t.value for t in terms if isinstance(t, ox.NamedNode)}
    names |= {t.datatype.value for t in terms if isinstance(t, ox.Literal)}
    return {p: ns for p, ns in prefixes.items() if any(n.startswith(ns) for n in names)}


def render(
    answer: Answer,
    fmt: str | None = None,
    *,
    labels: Labels | None = None,
    max_width: int = DEFAULT_WIDTH,
    prefixes: dict[str, str] = SHORT_PREFIXES,
) -> bytes:
    """``answer`` written in ``fmt`` (None: a table, or Turtle for a graph); ``labels`` looks up labels of
    IRIs for tables (None: no labels); IRIs are shortened with ``prefixes`` (those of the dataset's base)."""
    if answer.form == "graph":
        return _render_graph(answer, fmt or "turtle", labels, max_width, prefixes)
    fmt = fmt or "table"
    if fmt in GRAPH_FORMATS:
        raise QueryError(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE; a SELECT or ASK answer is written as "
            "table, json, xml, csv or tsv"
        )
    if fmt in RESULTS_FORMATS:
        return answer.solutions().serialize(format=RESULTS_FORMATS[fmt])
    if fmt != "table":
        raise QueryError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    if answer.form == "boolean":
        return b"true\n" if answer.boolean else b"false\n"
    names = answer.variables
    solutions = list(answer.solutions())
    found = labels(_iris([s[n] for s in solutions for n in names])) if labels else {}
    shorten = Shortener(prefixes)
    rows = [[cell(s[n], found, shorten) for n in names] for s in solutions]
    return table(names, rows, max_width).encode("utf-8")


def _render_graph(
    answer: Answer, fmt: str, labels: Labels | None, max_width: int, prefixes: dict[str, str]
) -> bytes:
    triples = sorted_triples(answer.triples)
    if fmt in RESULTS_FORMATS:
        raise QueryError(
            f"--format {fmt} is for SELECT and ASK; a CONSTRUCT or DESCRIBE answer is written as "
            "turtle, nt, jsonld or table"
        )
    if fmt == "table":
        found = labels(_iris([t for tr in triples for t in (tr.subject, tr.object)])) if labels else {}
        ns = Shortener(prefixes)
        rows = [
            [cell(t.subject, found, ns), cell(t.predicate, {}, ns), cell(t.object, found, ns)]
            for t in triples
        ]
        return table(["subject", "predicate", "object"], rows, max_width).encode("utf-8")
    if fmt not in GRAPH_FORMATS:
        raise QueryError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    if fmt == "turtle":
        return (
            ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_used_prefixes(triples, prefixes))
            or b""
        )
    return ox.serialize(triples, format=GRAPH_FORMATS[fmt]) or b""
