"""Linked Data from ``cklod serve``: dereferencing every kind of dataset IRI with content negotiation, the
/page/ and /data/ documents, the ontology, VoID and dumps, over real HTTP."""

from __future__ import annotations

import html.parser
import json

import httpx
import pyoxigraph as ox
import pytest
import rdflib

from browser.serving import served
from cklod.serve.dataset import Published
from cklod.serve.describe import describe
from servers import free_port

pytestmark = pytest.mark.server

BASE = "https://w3id.org/cklod/"
SAMPLES = {
    "person": "id/person/zhang-xiao",
    "organization": "id/organization/chinese-embassy-kazakhstan",
    "country": "id/country/kazakhstan",
    "event": "id/event/sco-summit-tianjin",
    "initiative": "id/initiative/belt-and-road-initiative",
    "role": "id/role/000_8bfd59a1c3f8cacf-role-ashimov",
    "participation": "id/participation/000_8bfd59a1c3f8cacf-attendee-ashimov",
    "statistic": "id/statistic/000_8bfd59a1c3f8cacf-guests-at-ceremony",
    "quotation": "id/quotation/003_5ecd5af879b8308b-quote-suleymanov",
    "statement": "id/statement/000_8bfd59a1c3f8cacf-asia-pacific-department-parent-1",
    "evidence": "id/evidence/000_8bfd59a1c3f8cacf-role-ashimov",
    "document": "doc/001_39992d9c90a8bcd7",
}
RDF_TYPES = {
    "text/turtle": ("ttl", ox.RdfFormat.TURTLE),
    "application/ld+json": ("jsonld", ox.RdfFormat.JSON_LD),
    "application/n-triples": ("nt", ox.RdfFormat.N_TRIPLES),
    "application/rdf+xml": ("rdf", ox.RdfFormat.RDF_XML),
}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.fixture(scope="module")
def site(output_dir):
    with served(output_dir) as base:
        yield base


@pytest.fixture(scope="module")
def published(output_dir):
    return Published(output_dir)


def triples_of(body: bytes, fmt: ox.RdfFormat) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, fmt)}


class Links(html.parser.HTMLParser):
    """Every href/src of a page, and the JSON-LD it embeds."""

    def __init__(self):
        super().__init__()
        self.urls, self.loads, self.jsonld, self.ids, self._in_jsonld = [], [], [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.urls += [attrs[k] for k in ("href", "src") if attrs.get(k)]
        if attrs.get("src") or (tag == "link" and attrs.get("rel") in ("stylesheet", "icon")):
            self.loads.append(attrs.get("src") or attrs["href"])
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        self._in_jsonld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(data)

    def handle_endtag(self, tag):
        self._in_jsonld = False


def parse_page(text: str) -> Links:
    parser = Links()
    parser.feed(text)
    return parser


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_every_kind_of_iri_dereferences_with_303(site, published, kind):
    path = SAMPLES[kind]
    iri = BASE + path
    page = httpx.get(f"{site}/{path}", headers={"Accept": BROWSER})
    assert page.status_code == 303
    assert page.headers["location"] == f"/page/{path}"
    assert "accept" in page.headers["vary"].lower()
    html_page = httpx.get(f"{site}/{path}", headers={"Accept": BROWSER}, follow_redirects=True)
    assert html_page.status_code == 200 and html_page.headers["content-type"].startswith("text/html")
    assert iri in html_page.text  # the real IRI is shown…
    expected = set(describe(published.lookup, iri))
    for media, (ext, fmt) in RDF_TYPES.items():
        redirect = httpx.get(f"{site}/{path}", headers={"Accept": media})
        assert redirect.status_code == 303
        assert redirect.headers["location"] == f"/data/{path}.{ext}"
        data = httpx.get(f"{site}/{path}", headers={"Accept": media}, follow_redirects=True)
        assert data.status_code == 200 and data.headers["content-type"].startswith(media)
        got = triples_of(data.content, fmt)
        assert got == expected, media
        assert any(t.subject == ox.NamedNode(iri) for t in got)
        assert b"127.0.0.1" not in data.content  # …and the data keeps the real IRIs


def test_description_holds_the_facts_and_their_evidence(published):
    iri = BASE + "id/person/yerik-ashimov"
    got = describe(published.lookup, iri)
    subjects = {t.subject.value for t in got}
    role = BASE + "id/role/000_8bfd59a1c3f8cacf-role-ashimov"
    evidence = BASE + "id/evidence/000_8bfd59a1c3f8cacf-role-ashimov"
    assert {role, evidence, evidence + "#target", evidence + "#quote", evidence + "#position"} <= subjects
    exact = [
        t.object.value
        for t in got
        if t.subject.value == evidence + "#quote" and t.predicate.value.endswith("#exact")
    ]
    assert exact and "Yerik Ashimov" in exact[0]
    # every triple with the person as subject, in every graph
    store_out = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in published.store.quads_for_pattern(ox.NamedNode(iri), None, None)
    }
    assert store_out <= set(got)
    # a document's description lists its facts but does not repeat the whole named graph
    doc = describe(published.lookup, BASE + "doc/001_39992d9c90a8bcd7")
    graph = published.lookup.graph_triples(BASE + "graph/001_39992d9c90a8bcd7")
    assert 0 < len(doc) < len(graph) / 2


def test_data_document_negotiates_with_vary_and_content_location(site):
    path = SAMPLES["person"]
    for media, (ext, fmt) in RDF_TYPES.items():
        response = httpx.get(f"{site}/data/{path}", headers={"Accept": media})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media)
        assert response.headers["content-location"] == f"/data/{path}.{ext}"
        assert "accept" in response.headers["vary"].lower()
        assert triples_of(response.content, fmt)


def test_graph_and_dataset_iris(site, published):
    graph = "graph/001_39992d9c90a8bcd7"
    assert (
        httpx.get(f"{site}/{graph}", headers={"Accept": BROWSER}).headers["location"]
        == "/page/doc/001_39992d9c90a8bcd7"
    )
    data = httpx.get(f"{site}/{graph}", headers={"Accept": "application/n-triples"}, follow_redirects=True)
    assert triples_of(data.content, ox.RdfFormat.N_TRIPLES) == set(
        published.lookup.graph_triples(BASE + graph)
    )
    # the shared graphs hold no document: the registry's page is the classes', the vocabulary's the ontology's
    for shared, page in (("registry", "/classes"), ("vocabulary", "/ontology")):
        redirect = httpx.get(f"{site}/graph/{shared}", headers={"Accept": BROWSER})
        assert redirect.status_code == 303 and redirect.headers["location"] == page
    vocabulary = httpx.get(
        f"{site}/graph/vocabulary", headers={"Accept": "text/turtle"}, follow_redirects=True
    )
    notations = {
        t.object.value
        for t in triples_of(vocabulary.content, ox.RdfFormat.TURTLE)
        if t.predicate.value.endswith("core#notation")
    }
    assert {"host", "attendee", "about"} <= notations
    dataset = httpx.get(f"{site}/dataset", headers={"Accept": "text/turtle"}, follow_redirects=True)
    assert dataset.status_code == 200
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    g = rdflib.Graph().parse(data=dataset.text, format="turtle")
    assert (rdflib.URIRef(BASE + "dataset"), rdflib.RDF.type, void.Dataset) in g


@pytest.mark.parametrize(
    "path",
    [
        "id/person/nobody",
        "doc/nope",
        "id/role/x",
        "graph/nope",
        "id/person/zhang-xiao/extra",
        "id",
        "nothing",
        "page/id/person/nobody",
        "data/id/person/nobody.ttl",
        "data/id/person/nobody",
        "classes/schema/Nothing",
        "classes/nope/Person",
        "dumps/secret.txt",
        "static/nope.css",
        "ontology.exe",
    ],
)
def test_unknown_iris_and_paths_are_404(site, path):
    for accept in (BROWSER, "text/turtle"):
        response = httpx.get(f"{site}/{path}", headers={"Accept": accept})
        assert response.status_code == 404, (path, accept)
    assert "<html" in httpx.get(f"{site}/{path}", headers={"Accept": BROWSER}).text
    assert "<html" not in httpx.get(f"{site}/{path}", headers={"Accept": "*/*"}).text


def test_not_acceptable_is_406(site):
    response = httpx.get(f"{site}/{SAMPLES['person']}", headers={"Accept": "image/png"})
    assert response.status_code == 406 and "text/turtle" in response.text
    assert httpx.get(f"{site}/data/{SAMPLES['person']}", headers={"Accept": "text/html"}).status_code == 406


def test_pages_link_to_the_local_server_and_embed_schema_org_jsonld(site, published):
    path = SAMPLES["person"]
    page = httpx.get(f"{site}/page/{path}")
    links = parse_page(page.text)
    assert "/id/role/001_39992d9c90a8bcd7-role-zhang-xiao-ambassador" in links.urls
    assert not [u for u in links.urls if u.startswith(BASE)], "links must be rewritten to the local server"
    assert links.loads and all(u.startswith(("/", "data:")) for u in links.loads), "no external resources"
    assert len(links.jsonld) == 1
    doc = json.loads(links.jsonld[0])
    assert doc["@id"] == BASE + path and "Person" in doc["@type"]
    graph = rdflib.Graph().parse(data=links.jsonld[0], format="json-ld")
    store = {
        (str(q.predicate.value), str(q.object.value))
        for q in published.store.quads_for_pattern(ox.NamedNode(BASE + path), None, None)
        if q.predicate.value.startswith("http://schema.org/")
    }
    own = {(str(p), str(o)) for s, p, o in graph if str(s) == BASE + path and p != rdflib.RDF.type}
    # the page adds what a publisher's reader needs: its url and description (from rdfs:comment)
    added = {p for p, _ in own - store}
    assert added <= {"http://schema.org/url", "http://schema.org/description"}
    assert own - {t for t in own if t[0] in added} == store
    # every node it refers to in the dataset is typed and named
    for _, p, o in graph.triples((rdflib.URIRef(BASE + path), None, None)):
        if isinstance(o, rdflib.URIRef) and str(o).startswith(BASE) and str(p) != "http://schema.org/url":
            assert graph.value(o, rdflib.URIRef("http://schema.org/name")) is not None, o
    for url in links.urls:  # every local link on the page answers
        if url.startswith("/") and not url.startswith("//"):
            target = httpx.get(
                f"{site}{url.split('#')[0]}", headers={"Accept": BROWSER}, follow_redirects=True
            )
            assert target.status_code == 200, url


def test_document_page_shows_every_evidence_span(site, published):
    doc_id = "001_39992d9c90a8bcd7"
    page = httpx.get(f"{site}/page/doc/{doc_id}")
    assert page.status_code == 200
    ids = set(parse_page(page.text).ids)
    text = published.lookup.text(BASE + f"doc/{doc_id}", "http://schema.org/text")
    annotations = [
        q.subject.value
        for q in published.store.quads_for_pattern(
            None,
            ox.NamedNode("http://www.w3.org/ns/oa#hasTarget"),
            None,
            ox.NamedNode(BASE + f"graph/{doc_id}"),
        )
    ]
    assert len(annotations) > 20
    prefix = f"{BASE}id/evidence/{doc_id}-"
    for annotation in annotations:
        assert "ev-" + annotation.removeprefix(prefix) in ids
    from cklod.serve.document import document_view

    view = document_view(published.lookup, published.vocab, BASE + f"doc/{doc_id}")
    assert "\n".join("".join(s.text for s in line.segments) for line in view.lines) == text
    for item in view.supported:
        assert text[item.evidence.start : item.evidence.end] == item.evidence.exact
        assert f"f-{item.evidence.key}" in ids


def test_ontology_by_conneg(site):
    turtle = httpx.get(f"{site}/ontology", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    assert (
        turtle.headers["content-location"] == "/ontology.ttl" and "accept" in turtle.headers["vary"].lower()
    )
    owl = rdflib.Namespace("http://www.w3.org/2002/07/owl#")
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    classes = {str(c) for c in graph.subjects(rdflib.RDF.type, owl.Class)}
    assert "https://w3id.org/cklod/ontology#Role" in classes
    page = httpx.get(f"{site}/ontology", headers={"Accept": BROWSER})
    assert page.headers["content-location"] == "/ontology.html"
    ids = set(parse_page(page.text).ids)
    assert {c.rsplit("#", 1)[1] for c in classes if c.startswith("https://w3id.org/cklod/ontology#")} <= ids
    term = httpx.get(f"{site}/ontology", params={}, headers={"Accept": "application/n-triples"})
    assert len(triples_of(term.content, ox.RdfFormat.N_TRIPLES)) == len(graph)


def test_void_and_dumps_at_stable_paths(site, output_dir):
    for path in ("/void", "/.well-known/void"):
        response = httpx.get(f"{site}{path}", headers={"Accept": "text/turtle"})
        assert response.status_code == 200
        assert response.content == (output_dir / "void.ttl").read_bytes()
    for name in ("cklod.nq", "cklod.ttl", "ontology/cklod.ttl", "void.ttl"):
        dump = httpx.get(f"{site}/dumps/{name}")
        assert dump.status_code == 200 and dump.content == (output_dir / name).read_bytes()
    assert httpx.get(f"{site}/dumps/cklod.nq").headers["content-type"].startswith("application/n-quads")


def test_search_and_hostile_input(site):
    found = httpx.get(f"{site}/search", params={"q": "tokayev"})
    assert found.status_code == 200 and "/id/person/" in found.text
    hostile = "<script>alert(1)</script>\"'&" + "x" * 5000
    page = httpx.get(f"{site}/search", params={"q": hostile})
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;" in page.text
    query_page = httpx.get(f"{site}/query", params={"query": "</textarea><script>alert(1)</script>"})
    assert "<script>alert(1)" not in query_page.text


def test_overview_pages(site, published):
    for path in ("/", "/classes", "/classes/schema/Person", "/timeline", "/network", "/query", "/search"):
        response = httpx.get(f"{site}{path}")
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
    svg = httpx.get(f"{site}/network.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    rdflib.Graph()  # the SVG is XML: it must parse
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg.content)
    circles = root.findall(".//{http://www.w3.org/2000/svg}circle")
    assert len(circles) == len(published.network.nodes) > 10
    timeline = httpx.get(f"{site}/timeline").text
    assert 'datetime="2025-06-17"' in timeline and ">day<" in timeline and ">month<" in timeline


def test_running_at_the_base_iri_the_data_iris_are_the_local_urls(tmp_path, project_root):
    """Built with base http://127.0.0.1:PORT/, served at that address: IRIs from the data dereference as is
    and page links are the IRIs themselves."""
    from cklod.pipeline import build

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    out = tmp_path / "output"
    build(project_root, out, base=base, validate=False)
    with served(out, port=port) as local:
        assert local + "/" == base
        graph = ox.Store()
        graph.bulk_load(path=str(out / "cklod.nq"), format=ox.RdfFormat.N_QUADS)
        person = next(
            q.subject.value
            for q in graph.quads_for_pattern(
                None,
                ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode("http://schema.org/Person"),
                None,
            )
        )
        assert person.startswith(base)
        data = httpx.get(person, headers={"Accept": "text/turtle"}, follow_redirects=True)
        assert data.status_code == 200
        assert ox.NamedNode(person) in {t.subject for t in triples_of(data.content, ox.RdfFormat.TURTLE)}
        page = httpx.get(person, headers={"Accept": BROWSER}, follow_redirects=True)
        links = parse_page(page.text)
        resolved = {str(httpx.URL(str(page.url)).join(u)) for u in links.urls}
        assert any(u.startswith(base + "id/") for u in resolved)
