"""The SPARQL 1.1 Protocol endpoint (query operation only): request parsing, refusals, and the answer from
the worker pool.

- ``GET /sparql?query=…`` and ``POST`` with ``application/x-www-form-urlencoded`` or
  ``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri`` select the dataset, otherwise
  the default graph is the union of all named graphs (as in ``cklod query``);
- updates (``update=``, ``application/sparql-update``) are refused with 403: the endpoint is read-only;
- federated queries (``SERVICE``) are refused with 403: the server must not fetch URLs on a client's behalf;
- a query nested deeper than MAX_DEPTH groups, or longer than MAX_QUERY characters, gets 400 before it reaches
  a worker (a parser's recursion over thousands of nested groups can crash the worker process);
- a malformed query gets 400 with the parser's message, a body over the limit 413, an unknown content type 415,
  no acceptable result format 406, a result over the size limit 422, a query over the time limit 503.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from cklod.rdf.sparqltext import has_keyword, tokens
from cklod.serve import conneg

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
MAX_FIELDS = 100
MAX_DEPTH = 64  # nested { } and ( ): hand-written and generated queries stay far below
MAX_QUERY = 100_000  # characters of query text


def uses_service(query: str) -> bool:
    """Whether ``query`` contains the SERVICE keyword (outside strings, IRIs and comments; ``\\u0053ERVICE``
    counts too)."""
    return has_keyword(query, "service")


def nesting_depth(query: str) -> int:
    """The deepest nesting of ``{ }``, ``( )`` and ``[ ]`` in ``query``, outside strings, IRIs and comments."""
    depth = deepest = 0
    for _, text, _ in tokens(query):
        if text in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif text in "})]":
            depth = max(depth - 1, 0)
    return deepest


def check_size(query: str) -> None:
    """Refuse (400) a query too long or too deeply nested to hand to a worker."""
    if len(query) > MAX_QUERY:
        raise Refused(
            400, f"The query is {len(query):,} characters long; this endpoint takes at most {MAX_QUERY:,}."
        )
    depth = nesting_depth(query)
    if depth > MAX_DEPTH:
        raise Refused(
            400, f"The query nests groups {depth} deep; this endpoint takes at most {MAX_DEPTH} levels."
        )


class Refused(Exception):
    """A request answered with an HTTP error status before any query runs."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) one longer than ``limit`` without reading all of it."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise Refused(413, f"The request body is larger than {limit} bytes.")
        except ValueError:
            raise Refused(400, "Bad Content-Length header.") from None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Refused(413, f"The request body is larger than {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise Refused(400, f"Exactly one '{name}' parameter is allowed, got {len(values)}.")
    return values[0] if values else None


def _form(body: bytes) -> dict[str, list[str]]:
    try:
        text = body.decode("utf-8")
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, max_num_fields=MAX_FIELDS)
    except UnicodeDecodeError:
        raise Refused(400, "The request body is not UTF-8.") from None
    except ValueError as exc:
        raise Refused(400, f"Bad form body: {exc}") from None


async def parse_request(request: Request, max_body: int) -> dict | None:
    """The query operation asked for: query text and dataset. None for a GET with no query at all."""
    url_params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        url_params.setdefault(key, []).append(value)
    if "update" in url_params:
        raise Refused(403, "This endpoint is read-only: SPARQL Update is not accepted.")
    if request.method == "GET":
        params = url_params
    else:
        media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media == SPARQL_UPDATE:
            raise Refused(403, "This endpoint is read-only: SPARQL Update is not accepted.")
        body = await read_body(request, max_body)
        if media == FORM:
            params = _form(body)
            if "update" in params:
                raise Refused(403, "This endpoint is read-only: SPARQL Update is not accepted.")
            for key in ("default-graph-uri", "named-graph-uri"):
                params.setdefault(key, []).extend(url_params.get(key, []))
        elif media == SPARQL_QUERY:
            try:
                query = body.decode("utf-8")
            except UnicodeDecodeError:
                raise Refused(400, "The query is not UTF-8.") from None
            if "query" in url_params:
                raise Refused(400, "A query sent as application/sparql-query must not also be in the URL.")
            params = {**url_params, "query": [query]}
        else:
            raise Refused(
                415, f"POST a query as {FORM} or {SPARQL_QUERY}, not '{media or 'no content type'}'."
            )
    query = _one(params, "query")
    if query is None:
        if request.method == "GET":
            return None
        raise Refused(400, "Missing the 'query' parameter.")
    check_size(query)
    if uses_service(query):
        raise Refused(403, "Federated queries (SERVICE) are not allowed on this endpoint.")
    return {
        "query": query,
        "default_graphs": params.get("default-graph-uri", []),
        "named_graphs": params.get("named-graph-uri", []),
    }


SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>,
        <http://www.w3.org/ns/formats/SPARQL_Results_XML>, <http://www.w3.org/ns/formats/SPARQL_Results_CSV>,
        <http://www.w3.org/ns/formats/SPARQL_Results_TSV>, <http://www.w3.org/ns/formats/Turtle>,
        <http://www.w3.org/ns/formats/JSON-LD>, <http://www.w3.org/ns/formats/N-Triples>,
        <http://www.w3.org/ns/formats/RDF_XML> ;
    sd:defaultDataset [ a sd:Dataset ; void:inDataset <{dataset}> ] .
"""


async def endpoint(request: Request) -> Response:
    from starlette.responses import PlainTextResponse, RedirectResponse, Response

    state = request.app.state
    config = state.config
    try:
        operation = await parse_request(request, config.max_body)
    except Refused as refusal:
        return PlainTextResponse(refusal.message + "\n", status_code=refusal.status)
    accept = request.headers.get("accept")
    if operation is None:
        # No query: a person gets the query page, a program the service description.
        root = request.scope.get("root_path", "")
        if conneg.wants_html(accept):
            return RedirectResponse(f"{root}/query", status_code=303)
        # A relative IRI: it resolves against the address the client used, whatever the Host header says.
        description = SERVICE_DESCRIPTION.format(
            endpoint=f"{root}/sparql", dataset=state.published.space.base + "dataset"
        )
        return Response(description, media_type="text/turtle; charset=utf-8")
    operation["accept"] = accept
    operation["max_results"] = config.max_results
    answer = await state.pool.run(operation, config.timeout)
    return Response(
        answer.body, status_code=answer.status, media_type=answer.content_type, headers={"Vary": "Accept"}
    )
