"""SPARQL answered locally (the embedded Oxigraph store) or by any SPARQL 1.1 Protocol endpoint.

``run(target, query, params=…, graph=…)`` gives an :class:`Answer` whichever the target, so the formats
(``cklod.sparql.results``) and the tests treat both the same. Parameters are RDF terms bound to variables:
pyoxigraph's substitutions on the embedded store, a VALUES block of serialized terms for an endpoint.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from cklod.rdf import media
from cklod.rdf.iris import DEFAULT_BASE, PREFIXES, IriPolicy
from cklod.rdf.sparqltext import declared_prefixes, with_values
from cklod.sparql.store import open_store

Term = ox.NamedNode | ox.BlankNode | ox.Literal
T = TypeVar("T")


def short_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """Prefixes a query may use without declaring them, and the short forms results are shown with, for the
    dataset built with ``base``."""
    return {**PREFIXES, **IriPolicy(base).short_prefixes()}


SHORT_PREFIXES = short_prefixes()


class QueryError(Exception):
    """A query that cannot be answered; the message is one line naming the problem."""


class QueryTimeout(QueryError):
    """The query did not finish in time."""


@dataclass(frozen=True)
class Answer:
    """A query's answer: SPARQL JSON results for SELECT/ASK, triples for CONSTRUCT/DESCRIBE."""

    form: str  # "solutions", "boolean" or "graph"
    results: bytes = b""
    triples: tuple[ox.Triple, ...] = field(default=())

    def solutions(self) -> ox.QuerySolutions | ox.QueryBoolean:
        """A fresh iterator over the results (each call parses them again)."""
        return ox.parse_query_results(self.results, ox.QueryResultsFormat.JSON)

    @property
    def variables(self) -> list[str]:
        if self.form != "solutions":
            return []
        return [v.value for v in self.solutions().variables]

    def rows(self) -> list[dict[str, Term]]:
        """Each solution as {variable: term}; unbound variables are left out."""
        if self.form != "solutions":
            raise QueryError(f"a {self.form} answer has no rows")
        names = self.variables
        return [{n: s[n] for n in names if s[n] is not None} for s in self.solutions()]

    @property
    def empty(self) -> bool:
        """No rows, no triples, or false."""
        if self.form == "graph":
            return not self.triples
        if self.form == "boolean":
            return not self.boolean
        return not any(True for _ in self.solutions())

    @property
    def boolean(self) -> bool:
        if self.form != "boolean":
            raise QueryError(f"a {self.form} answer is not a boolean")
        return bool(self.solutions())


def _from_results(results: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Answer:
    if isinstance(results, ox.QueryBoolean):
        return Answer("boolean", results.serialize(format=ox.QueryResultsFormat.JSON))
    if isinstance(results, ox.QuerySolutions):
        return Answer("solutions", results.serialize(format=ox.QueryResultsFormat.JSON))
    return Answer("graph", triples=tuple(results))


def _boolean_row(results: ox.QuerySolutions, url: str) -> bytes:
    """An ASK answered as one row holding 1 or 0 (Virtuoso does so), as the boolean it stands for."""
    rows = [[term.value for term in row] for row in results]
    if len(rows) == 1 and len(rows[0]) == 1 and rows[0][0] in ("1", "0", "true", "false"):
        return b'{"head":{},"boolean":%s}' % (b"true" if rows[0][0] in ("1", "true") else b"false")
    raise QueryError(f"endpoint {url} answered an ASK query with rows, not a boolean")


# -- errors --------------------------------------------------------------------------------------------------

_CHAR_CLASS = re.compile(r"\[[^\[\]]*\\u\{[^\[\]]*\]")


def syntax_message(exc: SyntaxError, source: str = "query") -> str:
    """The parser's message on one line: 'query:3:9: expected …', character-class noise folded."""
    text = " ".join(str(exc).split())
    text = _CHAR_CLASS.sub("a name character", text)
    parts = text.split(", ")
    text = ", ".join(p for i, p in enumerate(parts) if p not in parts[:i])
    m = re.match(r"error at (\d+):(\d+): (.*)", text)
    if m:
        return f"{source}:{m.group(1)}:{m.group(2)}: {m.group(3)}"
    return f"{source}: {text}"


# -- parameters ----------------------------------------------------------------------------------------------

_PNAME = re.compile(r"^([A-Za-z][\w.\-]*)?:(\S*)$")


def parse_term(value: str, prefixes: dict[str, str] = SHORT_PREFIXES) -> Term:
    """An RDF term from a --param value; ``prefixes`` are those of the dataset's base (:func:`short_prefixes`).

    ``<iri>``, ``http(s)://…`` and known prefixed names (``person:xi-jinping``, ``schema:Person``) are IRIs;
    ``"text"@en``, ``"2024"^^xsd:gYear`` are literals in SPARQL syntax; anything else is a plain string.
    """
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        return ox.NamedNode(v[1:-1])
    if re.match(r"^https?://\S+$", v):
        return ox.NamedNode(v)
    m = _PNAME.match(v)
    if m and (m.group(1) or "") in prefixes:
        return ox.NamedNode(prefixes[m.group(1) or ""] + m.group(2))
    if v[:1] in "\"'":
        try:
            q = f"SELECT ?v WHERE {{ BIND({v} AS ?v) }}"
            (row,) = ox.Store().query(q, prefixes=prefixes)
            return row["v"]
        except (SyntaxError, ValueError) as exc:
            raise QueryError(
                f"cannot read {value!r} as an RDF literal: {syntax_message(exc, 'value')}"
            ) from None
    return ox.Literal(value)


def parse_params(
    pairs: list[str] | tuple[str, ...], prefixes: dict[str, str] = SHORT_PREFIXES
) -> dict[str, Term]:
    """``name=value`` strings (from --param) as {name: term}, prefixed names read with ``prefixes``."""
    out: dict[str, Term] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
            raise QueryError(f"--param {pair!r}: write name=value, e.g. --param person=person:xi-jinping")
        if name in out:
            raise QueryError(f"--param {name} is given twice")
        out[name] = parse_term(value, prefixes)
    return out


# -- targets ---------------------------------------------------------------------------------------------------


class LocalTarget:
    """The embedded store: every named graph, queried as one union unless a graph is chosen; graph names and
    prefixed names are those of the dataset built with ``base``."""

    def __init__(self, store: ox.Store, base: str = DEFAULT_BASE):
        self.store = store
        self.prefixes = short_prefixes(base)
        self.graph_base = IriPolicy(base).graph("")

    @classmethod
    def open(cls, output_dir: Path, base: str = DEFAULT_BASE) -> LocalTarget:

        try:
            return cls(open_store(output_dir), base)
        except FileNotFoundError as exc:
            raise QueryError(str(exc)) from None

    def graphs(self) -> list[str]:
        return sorted(
            g.value[len(self.graph_base) :]
            for g in self.store.named_graphs()
            if isinstance(g, ox.NamedNode) and g.value.startswith(self.graph_base)
        )

    def dataset(self, graph: str | None) -> dict[str, object]:
        if graph is None:
            return {"use_default_graph_as_union": True}
        names = self.graphs()
        if graph not in names:
            import difflib

            close = difflib.get_close_matches(graph, names, n=3, cutoff=0.3)
            hint = f"did you mean: {', '.join(close)}?" if close else f"the graphs are: {', '.join(names)}"
            raise QueryError(f"no graph '{graph}' in the store; {hint}")
        return {"default_graph": ox.NamedNode(self.graph_base + graph)}

    def run(self, query: str, params: dict[str, Term], graph: str | None, source: str) -> Answer:
        subs = {ox.Variable(k): v for k, v in params.items()}
        try:
            results = self.store.query(
                query, prefixes=self.prefixes, substitutions=subs or None, **self.dataset(graph)
            )
            return _from_results(results)
        except SyntaxError as exc:
            raise QueryError(syntax_message(exc, source)) from None
        except (RuntimeError, ValueError, OSError) as exc:
            raise QueryError(" ".join(str(exc).split())) from None

    def labels(self, iris: list[str]) -> dict[str, str]:
        return _labels(self, iris)


class EndpointTarget:
    """Any SPARQL 1.1 Protocol endpoint, over plain HTTP (urllib), holding a dataset built with ``base``."""

    def __init__(self, url: str, timeout: float | None = 30.0, base: str = DEFAULT_BASE):
        self.url, self.timeout = url, timeout
        self.prefixes = short_prefixes(base)
        self.graph_base = IriPolicy(base).graph("")

    def _post(self, fields: dict[str, str | list[str]], accept: str) -> bytes:
        import urllib.error
        import urllib.parse
        import urllib.request

        body = urllib.parse.urlencode(fields, doseq=True).encode("utf-8")
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read(300).decode("utf-8", "replace").split())
            raise QueryError(
                f"endpoint {self.url} answered {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
            ) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise QueryError(f"cannot reach endpoint {self.url}: {reason}") from None

    def run(self, query: str, params: dict[str, Term], graph: str | None, source: str) -> Answer:

        # Parse here first: a malformed query gets the same line:column message as the embedded store, and
        # the query form (SELECT/ASK or CONSTRUCT/DESCRIBE) tells which result format to ask for.
        graph_form = query_form(query, params, source, self.prefixes) == "graph"
        declared = declared_prefixes(query)
        missing = "".join(
            f"PREFIX {p}: <{iri}> "
            for p, iri in self.prefixes.items()
            if p not in declared and re.search(rf"(?<![\w:<]){re.escape(p)}:", query)
        )
        try:
            text = (
                missing
                + ("\n" if missing else "")
                + with_values(query, {k: str(v) for k, v in params.items()})
            )
        except ValueError as exc:
            raise QueryError(str(exc)) from None
        fields: dict[str, str | list[str]] = {"query": text}
        if graph is not None:
            fields["default-graph-uri"] = self.graph_base + graph
        if graph_form:
            data = self._post(fields, media.NTRIPLES)
            try:
                quads = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
                return Answer(
                    "graph", triples=tuple(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
                )
            except SyntaxError as exc:
                raise QueryError(f"endpoint {self.url} sent unreadable N-Triples: {exc}") from None
        data = self._post(fields, media.SPARQL_JSON)
        try:
            results = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
        except SyntaxError as exc:
            raise QueryError(f"endpoint {self.url} sent unreadable SPARQL JSON results: {exc}") from None
        if isinstance(results, ox.QuerySolutions) and query_form(query, params, source) == "boolean":
            return Answer("boolean", _boolean_row(results, self.url))
        return _from_results(results)

    def default_graph_hint(self) -> str | None:
        """Why an empty answer may be misleading: the endpoint's default graph is empty while it holds named
        graphs (a plain ``oxigraph serve`` keeps each graph apart), and what to do about it."""
        default, named = (
            self.run(probe, {}, None, "probe").boolean
            for probe in ("ASK { ?s ?p ?o }", "ASK { GRAPH ?g { ?s ?p ?o } }")
        )
        if default or not named:
            return None
        return (
            f"endpoint {self.url} has an empty default graph but holds named graphs, so queries without GRAPH "
            "see nothing: serve the union of the graphs as the default graph (oxigraph serve "
            "--union-default-graph; Fuseki: tdb2:unionDefaultGraph true) or give --graph NAME"
        )

    def labels(self, iris: list[str]) -> dict[str, str]:
        return _labels(self, iris)


Target = LocalTarget | EndpointTarget


def query_form(
    query: str,
    params: dict[str, Term] | None = None,
    source: str = "query",
    prefixes: dict[str, str] = SHORT_PREFIXES,
) -> str:
    """The query form, "solutions", "boolean" or "graph", from parsing ``query`` (without evaluating it)."""
    subs = {ox.Variable(k): v for k, v in (params or {}).items()}
    try:
        results = ox.Store().query(query, prefixes=prefixes, substitutions=subs or None)
    except SyntaxError as exc:
        raise QueryError(syntax_message(exc, source)) from None
    except (RuntimeError, ValueError) as exc:
        raise QueryError(" ".join(str(exc).split())) from None
    if isinstance(results, ox.QueryBoolean):
        return "boolean"
    return "solutions" if isinstance(results, ox.QuerySolutions) else "graph"


_LABELS = """SELECT ?s (MIN(STR(?label)) AS ?l) WHERE {
  { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }
  UNION { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } }
  FILTER(LANG(?label) = "" || LANGMATCHES(LANG(?label), "en"))
} GROUP BY ?s"""


def _labels(target: Target, iris: list[str]) -> dict[str, str]:
    """English (or untagged) rdfs:label of each IRI that has one, looked up in one query."""
    if not iris:
        return {}
    values = "VALUES ?s { " + " ".join(f"<{i}>" for i in sorted(set(iris))) + " }\n"
    query = _LABELS.replace("WHERE {", "WHERE {\n  " + values, 1)
    answer = target.run(query, {}, None, "labels")
    return {row["s"].value: row["l"].value for row in answer.rows() if "l" in row}


def run(
    target: Target,
    query: str,
    params: dict[str, Term] | None = None,
    graph: str | None = None,
    source: str = "query",
) -> Answer:
    """Answer ``query`` on ``target`` with ``params`` bound, over the union of graphs or one ``graph``.

    ``source`` names the query in error messages (``queries/timeline.rq:3:9: …``).
    """
    return target.run(query, params or {}, graph, source)


def with_deadline(work: Callable[[], T], timeout: float | None) -> T:
    """``work()`` in a daemon thread, given up on after ``timeout`` seconds.

    pyoxigraph cannot cancel a running query, but it releases the GIL while it evaluates, so the caller keeps
    control: on QueryTimeout the command line exits, which ends the abandoned thread with the process.
    """
    if timeout is None or timeout <= 0:
        return work()
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the caller's thread, which re-raises it
            box["error"] = exc

    thread = threading.Thread(target=target, name="cklod-query", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise QueryTimeout(
            f"the query did not finish within {timeout:g} s and was stopped "
            "(give --timeout more seconds, or narrow the query)"
        )
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]
