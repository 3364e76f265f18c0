"""The SPARQL 1.1 Protocol endpoint of ``cklod serve``, over real HTTP on a real uvicorn server.

Real clients (SPARQLWrapper, rdflib's SPARQLStore, httpx) must get exactly what the same query gives on the
embedded store (``cklod.sparql.store.open_store``); every refusal has its status code and a message.
"""

from __future__ import annotations

import socket
import threading
import time
import xml.dom.minidom

import httpx
import pyoxigraph as ox
import pytest
import rdflib

from browser.serving import served
from cklod.serve.examples import EXAMPLES, PREFIXES

pytestmark = pytest.mark.server

TIMEOUT = 2.0
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

QUERIES = [
    EXAMPLES[0].query,
    EXAMPLES[1].query,
    EXAMPLES[3].query,
    EXAMPLES[4].query,
    PREFIXES + "SELECT ?s ?name ?alt WHERE { ?s a schema:Person ; rdfs:label ?name . "
    "OPTIONAL { ?s schema:alternateName ?alt } }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
]


@pytest.fixture(scope="module")
def endpoint(output_dir):
    with served(output_dir, timeout=TIMEOUT, max_results=10_000, max_body=100_000) as base:
        yield base


@pytest.fixture(scope="module")
def sparql(endpoint):
    return f"{endpoint}/sparql"


# -- one comparable form for terms from every client ---------------------------------------------------------


def canon_ox(term):
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    if term.language:
        return ("literal", term.value, "@" + term.language)
    dt = term.datatype.value
    return ("literal", term.value, "" if dt == XSD_STRING else dt)


def canon_json(binding):
    if binding is None:
        return None
    if binding["type"] == "uri":
        return ("uri", binding["value"])
    if binding["type"] == "bnode":
        return ("bnode",)
    if "xml:lang" in binding:
        return ("literal", binding["value"], "@" + binding["xml:lang"])
    dt = binding.get("datatype", "")
    return ("literal", binding["value"], "" if dt == XSD_STRING else dt)


def canon_rdflib(term):
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ("uri", str(term))
    if isinstance(term, rdflib.BNode):
        return ("bnode",)
    if term.language:
        return ("literal", str(term), "@" + term.language)
    dt = str(term.datatype) if term.datatype else ""
    return ("literal", str(term), "" if dt == XSD_STRING else dt)


def canon_xml_binding(node):
    for child in node.childNodes:
        if child.nodeType != child.ELEMENT_NODE:
            continue
        text = "".join(t.data for t in child.childNodes if t.nodeType == t.TEXT_NODE)
        if child.tagName == "uri":
            return ("uri", text)
        if child.tagName == "bnode":
            return ("bnode",)
        if child.hasAttribute("xml:lang"):
            return ("literal", text, "@" + child.getAttribute("xml:lang"))
        dt = child.getAttribute("datatype")
        return ("literal", text, "" if dt == XSD_STRING else dt)
    raise AssertionError(f"empty binding {node.toxml()}")


def expected_rows(store, query):
    result = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return names, sorted((tuple(canon_ox(value) for value in row) for row in result), key=repr)


# -- real clients ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_sparqlwrapper_select_gets_what_the_store_gives(sparql, store, query, fmt):
    from SPARQLWrapper import JSON, XML, SPARQLWrapper

    names, expected = expected_rows(store, query)
    client = SPARQLWrapper(sparql)
    client.setQuery(query)
    client.setReturnFormat(JSON if fmt == "json" else XML)
    answer = client.queryAndConvert()
    if fmt == "json":
        assert answer["head"]["vars"] == names
        got = [tuple(canon_json(b.get(n)) for n in names) for b in answer["results"]["bindings"]]
    else:
        assert isinstance(answer, xml.dom.minidom.Document)
        got = []
        for result in answer.getElementsByTagName("result"):
            row = {
                b.getAttribute("name"): canon_xml_binding(b) for b in result.getElementsByTagName("binding")
            }
            got.append(tuple(row.get(n) for n in names))
    assert sorted(got, key=repr) == expected
    assert expected, "a comparison on an empty answer proves nothing"


def test_sparqlwrapper_ask_and_construct(sparql, store):
    from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

    client = SPARQLWrapper(sparql)
    client.setReturnFormat(JSON)
    client.setQuery(PREFIXES + "ASK { ?s a cklod:Role }")
    assert client.queryAndConvert()["boolean"] is True
    client.setQuery(PREFIXES + "ASK { ?s a cklod:NoSuchClass }")
    assert client.queryAndConvert()["boolean"] is False

    construct = (
        PREFIXES + "CONSTRUCT { ?r cklod:holder ?p ; schema:roleName ?t } WHERE { ?r cklod:holder ?p ; "
        "schema:roleName ?t }"
    )
    expected = rdflib.Graph()
    for t in store.query(construct, use_default_graph_as_union=True):
        expected.add(tuple(rdflib.util.from_n3(str(x)) for x in (t.subject, t.predicate, t.object)))
    assert len(expected) > 50
    client.setQuery(construct)
    client.setReturnFormat(XML)  # RDF/XML, parsed by SPARQLWrapper into an rdflib graph
    from_xml = client.queryAndConvert()
    client.setReturnFormat(TURTLE)
    from_turtle = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert set(from_xml) == set(expected)
    assert set(from_turtle) == set(expected)


@pytest.mark.parametrize("query", QUERIES[:4])
def test_rdflib_sparqlstore_gets_what_the_store_gives(sparql, store, query):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    names, expected = expected_rows(store, query)
    graph = rdflib.Graph(store=SPARQLStore(sparql, returnFormat="xml"))
    got = [tuple(canon_rdflib(row[n]) for n in names) for row in graph.query(query)]
    assert sorted(got, key=repr) == expected


def test_rdflib_sparqlstore_triples_and_len(sparql, store):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(store=SPARQLStore(sparql, returnFormat="json"))
    zhang = "https://w3id.org/cklod/id/person/zhang-xiao"
    got = {
        (canon_rdflib(p), canon_rdflib(o)) for _, p, o in graph.triples((rdflib.URIRef(zhang), None, None))
    }
    expected = {
        (canon_ox(q.predicate), canon_ox(q.object))
        for q in store.quads_for_pattern(ox.NamedNode(zhang), None, None)
    }
    assert got == expected and len(got) > 5
    count = next(iter(store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", use_default_graph_as_union=True)))
    assert len(graph) == int(count["n"].value)


# -- formats, by content negotiation -------------------------------------------------------------------------

SELECT = PREFIXES + "SELECT ?c ?name WHERE { ?c a schema:Country ; rdfs:label ?name } ORDER BY ?c ?name"


@pytest.mark.parametrize(
    ("accept", "content_type", "fmt"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/csv", "text/csv", ox.QueryResultsFormat.CSV),
        ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
        (
            "text/csv;q=0.5, application/sparql-results+xml;q=0.9",
            "application/sparql-results+xml",
            ox.QueryResultsFormat.XML,
        ),
    ],
)
def test_select_in_each_results_format(sparql, store, accept, content_type, fmt):
    response = httpx.get(sparql, params={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(content_type)
    assert "accept" in response.headers["vary"].lower()
    expected = store.query(SELECT, use_default_graph_as_union=True).serialize(format=fmt)
    if fmt == ox.QueryResultsFormat.CSV:
        assert response.content.replace(b"\r\n", b"\n") == expected.replace(b"\r\n", b"\n")
    else:
        parsed = ox.parse_query_results(response.content, fmt)
        reference = ox.parse_query_results(expected, fmt)
        assert [list(map(canon_ox, r)) for r in parsed] == [list(map(canon_ox, r)) for r in reference]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_graph_results_in_each_rdf_format(sparql, store, accept, fmt, form):
    query = (
        PREFIXES + "CONSTRUCT WHERE { ?c a schema:Country ; rdfs:label ?name }"
        if form == "CONSTRUCT"
        else "DESCRIBE <https://w3id.org/cklod/id/country/kazakhstan>"
    )
    response = httpx.post(sparql, data={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(fmt.media_type)
    got = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(response.content, fmt)}
    expected = set(store.query(query, use_default_graph_as_union=True))
    assert got == expected and len(expected) > 5


def test_post_query_bodies_and_dataset_parameters(sparql, store):
    graph = "https://w3id.org/cklod/graph/registry"
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    direct = httpx.post(
        f"{sparql}?default-graph-uri={graph}",
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
    )
    form = httpx.post(
        sparql, data={"query": query, "default-graph-uri": graph}, headers={"Accept": "application/json"}
    )
    expected = store.query(query, default_graph=[ox.NamedNode(graph)])
    count = int(next(iter(expected))["n"].value)
    for response in (direct, form):
        assert response.status_code == 200, response.text
        assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == count
    union = httpx.get(sparql, params={"query": query}, headers={"Accept": "application/json"})
    assert int(union.json()["results"]["bindings"][0]["n"]["value"]) > count


# -- refusals ----------------------------------------------------------------------------------------------------


def test_malformed_query_is_400_with_the_parsers_message(sparql):
    response = httpx.get(sparql, params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert "Malformed query" in response.text and "1:" in response.text


@pytest.mark.parametrize("how", ["get-update", "form-update", "sparql-update", "update-as-query"])
def test_updates_are_refused(sparql, store, how):
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    if how == "get-update":
        response = httpx.get(sparql, params={"update": update})
    elif how == "form-update":
        response = httpx.post(sparql, data={"update": update})
    elif how == "sparql-update":
        response = httpx.post(sparql, content=update, headers={"Content-Type": "application/sparql-update"})
    else:
        response = httpx.post(sparql, data={"query": update})
    assert 400 <= response.status_code < 500
    assert response.status_code == (400 if how == "update-as-query" else 403)
    check = httpx.get(
        sparql,
        params={"query": "ASK { <http://example.org/a> ?p ?o }"},
        headers={"Accept": "application/json"},
    )
    assert check.json()["boolean"] is False


def test_federated_queries_are_refused(sparql):
    for query in (
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    ):
        response = httpx.post(sparql, data={"query": query})
        assert response.status_code == 403, response.text
    # the word in a string or a variable name is not the keyword
    ok = httpx.get(sparql, params={"query": 'SELECT ?service WHERE { BIND("SERVICE" AS ?service) }'})
    assert ok.status_code == 200


def test_huge_bodies_are_413(sparql):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000
    declared = httpx.post(sparql, content=big.encode(), headers={"Content-Type": "application/sparql-query"})
    assert declared.status_code == 413

    def chunks():  # no Content-Length: the server must count while it reads
        for _ in range(50):
            yield b"#" + b"y" * 9_999

    streamed = httpx.post(sparql, content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert streamed.status_code == 413


def test_other_refusals(sparql):
    assert httpx.post(sparql, content=b"ASK {}", headers={"Content-Type": "text/plain"}).status_code == 415
    assert httpx.get(sparql, params={"query": "ASK {}"}, headers={"Accept": "image/png"}).status_code == 406
    two = httpx.get(f"{sparql}?query=ASK%7B%7D&query=ASK%7B%7D")
    assert two.status_code == 400
    too_many = httpx.get(sparql, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert too_many.status_code == 422 and "LIMIT" in too_many.text
    bad_graph = httpx.get(sparql, params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert bad_graph.status_code == 400
    assert httpx.put(sparql, content=b"x").status_code == 405


def test_no_query_gives_service_description_or_the_query_page(sparql):
    described = httpx.get(sparql, headers={"Accept": "text/turtle"})
    assert described.status_code == 200
    graph = rdflib.Graph().parse(data=described.text, format="turtle", publicID=sparql)
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (rdflib.URIRef(sparql), rdflib.RDF.type, sd.Service) in graph
    browser = httpx.get(sparql, headers={"Accept": "text/html"})
    assert browser.status_code == 303 and browser.headers["location"].endswith("/query")


def test_cors(sparql):
    preflight = httpx.options(
        sparql,
        headers={
            "Origin": "http://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    simple = httpx.get(sparql, params={"query": "ASK {}"}, headers={"Origin": "http://example.org"})
    assert simple.headers["access-control-allow-origin"] == "*"


def test_explosive_query_times_out_and_the_server_keeps_answering(sparql):
    """The runaway query's worker is killed after the timeout; other queries are answered meanwhile and after."""
    outcome = {}

    def explode():
        started = time.monotonic()
        response = httpx.post(sparql, data={"query": EXPLOSIVE}, timeout=60)
        outcome["status"], outcome["seconds"] = response.status_code, time.monotonic() - started

    thread = threading.Thread(target=explode)
    thread.start()
    time.sleep(0.3)
    during = []
    while thread.is_alive():
        started = time.monotonic()
        response = httpx.get(
            sparql,
            params={"query": "ASK { ?s a <http://schema.org/Person> }"},
            headers={"Accept": "application/json"},
            timeout=10,
        )
        during.append((response.json()["boolean"], time.monotonic() - started))
        time.sleep(0.2)
    thread.join()
    assert outcome["status"] == 503
    assert TIMEOUT <= outcome["seconds"] < TIMEOUT + 5
    assert during and all(ok for ok, _ in during)
    assert max(seconds for _, seconds in during) < TIMEOUT, "answers during the runaway query were held up"
    for _ in range(6):  # after: the pool is whole again (the killed worker was replaced)
        after = httpx.get(
            sparql, params={"query": "ASK {}"}, headers={"Accept": "application/json"}, timeout=10
        )
        assert after.status_code == 200 and after.json()["boolean"] is True


# -- path traversal, sent raw so no client tidies the path first ----------------------------------------------


def raw_get(base: str, target: str) -> tuple[int, bytes]:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


@pytest.mark.parametrize(
    "target",
    [
        "/../../../../etc/passwd",
        "/dumps/../../../../etc/passwd",
        "/dumps/..%2F..%2F..%2Fetc%2Fpasswd",
        "/dumps/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/static/../app.py",
        "/page/../../../etc/passwd",
        "/data/..%2F..%2Fetc%2Fpasswd.ttl",
        "/id/../../etc/passwd",
        "/dumps//etc/passwd",
        "/dumps/%2Fetc%2Fpasswd",
        "/dumps/cklod.nq%00.txt",
    ],
)
def test_path_traversal_never_reaches_a_file_outside(endpoint, target):
    status, data = raw_get(endpoint, target)
    assert status in (400, 404)
    assert b"root:" not in data and b"import " not in data
