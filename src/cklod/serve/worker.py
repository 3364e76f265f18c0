"""A SPARQL worker process: ``python -m cklod.serve.worker OUTPUT_DIR``.

pyoxigraph cannot interrupt a running query from Python, so each query runs in a process the server can kill
when the query's time is up. The worker loads the embedded store once, then answers requests on stdin, one JSON
line each, with frames on stdout: a JSON header line (status, content type, body length) and the body bytes.
"""

from __future__ import annotations

import ctypes
import io
import json
import os
import sys
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from cklod.rdf.media import CONTENT_TYPES
from cklod.serve import conneg

RESULT_FORMATS = {
    conneg.SPARQL_JSON: ox.QueryResultsFormat.JSON,
    conneg.SPARQL_XML: ox.QueryResultsFormat.XML,
    conneg.CSV: ox.QueryResultsFormat.CSV,
    conneg.TSV: ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    conneg.TURTLE: ox.RdfFormat.TURTLE,
    conneg.JSONLD: ox.RdfFormat.JSON_LD,
    conneg.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    conneg.RDFXML: ox.RdfFormat.RDF_XML,
}
CLONE_NEWNET = 0x40000000


def cut_network() -> bool:
    """Move this process into an empty network namespace, where it can reach nothing, not even loopback.

    A second line of defence behind the endpoint's refusal of SERVICE: Oxigraph would otherwise fetch any URL a
    federated query names. Needs CAP_SYS_ADMIN (root or a user namespace); False where the kernel refuses.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(CLONE_NEWNET) == 0
    except (OSError, AttributeError):
        return False


def error(status: int, message: str) -> tuple[dict, bytes]:
    body = message[:4000].encode("utf-8", "replace")
    return {"status": status, "type": "text/plain; charset=utf-8"}, body


def term_json(term: object) -> dict:
    """One RDF term in the SPARQL 1.1 JSON results format (with the RDF-star ``triple`` extension)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def solutions_body(variables: list[ox.Variable], rows: list[ox.QuerySolution], media: str) -> bytes:
    """Serialize SELECT solutions already collected (to count them) in ``media``.

    pyoxigraph serializes only a live result iterator; the rows were consumed to enforce the size limit, so they
    are written as SPARQL JSON and, for the other formats, read back by pyoxigraph and written in the format
    asked for, keeping its conformant XML, CSV and TSV writers.
    """
    names = [v.value for v in variables]
    bindings = [
        {n: term_json(value) for n, value in zip(names, row, strict=True) if value is not None}
        for row in rows
    ]
    body = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False)
    data = body.encode("utf-8")
    if media == conneg.SPARQL_JSON:
        return data
    return ox.parse_query_results(data, ox.QueryResultsFormat.JSON).serialize(format=RESULT_FORMATS[media])


def answer(store: ox.Store, request: dict) -> tuple[dict, bytes]:
    """Run one query request; never raises for a bad query, answers with an HTTP status instead."""
    query, accept, limit = request["query"], request.get("accept"), int(request["max_results"])
    options: dict[str, object] = {}
    try:
        if request.get("default_graphs") or request.get("named_graphs"):
            options["default_graph"] = [ox.NamedNode(g) for g in request.get("default_graphs", [])]
            options["named_graphs"] = [ox.NamedNode(g) for g in request.get("named_graphs", [])]
        else:
            options["use_default_graph_as_union"] = True
        result = store.query(query, **options)
    except SyntaxError as exc:
        return error(400, f"Malformed query: {exc}")
    except ValueError as exc:
        return error(400, f"Bad request: {exc}")
    try:
        if isinstance(result, ox.QueryBoolean):
            media = conneg.choose(accept, conneg.BOOLEAN_TYPES)
            if media is None:
                return error(406, "ASK results are available as " + ", ".join(conneg.BOOLEAN_TYPES))
            body = result.serialize(format=RESULT_FORMATS[media])
        elif isinstance(result, ox.QuerySolutions):
            media = conneg.choose(accept, conneg.SOLUTION_TYPES)
            if media is None:
                return error(406, "SELECT results are available as " + ", ".join(conneg.SOLUTION_TYPES))
            variables = result.variables
            rows = list(islice(result, limit + 1))
            if len(rows) > limit:
                return error(
                    422,
                    f"The result has more than {limit} rows, the limit of this endpoint. "
                    "Add LIMIT and OFFSET to page through it.",
                )
            body = solutions_body(variables, rows, media)
        else:
            media = conneg.choose(accept, conneg.RDF_TYPES)
            if media is None:
                return error(
                    406, "CONSTRUCT and DESCRIBE results are available as " + ", ".join(conneg.RDF_TYPES)
                )
            triples = list(islice(result, limit + 1))
            if len(triples) > limit:
                return error(
                    422,
                    f"The result has more than {limit} triples, the limit of this endpoint. "
                    "Add LIMIT and OFFSET to page through it.",
                )
            out = io.BytesIO()
            ox.serialize(triples, out, GRAPH_FORMATS[media])
            body = out.getvalue()
    except (OSError, ValueError, RuntimeError) as exc:
        return error(500, f"The query failed while running: {exc}")
    return {"status": 200, "type": CONTENT_TYPES[media]}, body


def send(out: BinaryIO, header: dict, body: bytes) -> None:
    header = {**header, "length": len(body)}
    out.write(json.dumps(header).encode() + b"\n")
    out.write(body)
    out.flush()


def main(argv: list[str]) -> int:
    isolated = cut_network()
    out = sys.stdout.buffer
    # Anything else printing to stdout would corrupt the frames.
    sys.stdout = sys.stderr
    from cklod.sparql.store import open_store

    store = open_store(Path(argv[0]))
    send(out, {"status": 0, "ready": True, "pid": os.getpid(), "isolated": isolated}, b"")
    for line in sys.stdin.buffer:
        try:
            request = json.loads(line)
        except ValueError as exc:
            send(out, *error(400, f"Bad request to the worker: {exc}"))
            continue
        send(out, *answer(store, request))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
