"""Pieces of ``cklod serve`` that need no server: content negotiation, the SERVICE guard, URL mapping, the
document text segmentation and the network layout."""

from __future__ import annotations

import pytest

from cklod.serve import conneg
from cklod.serve.pages import ServerLinks, SiteLinks, human_date
from cklod.serve.space import UriSpace
from cklod.serve.sparql import uses_service

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.mark.parametrize(
    ("accept", "offered", "chosen"),
    [
        (None, conneg.RESOURCE_TYPES, conneg.HTML),
        ("", conneg.RESOURCE_TYPES, conneg.HTML),
        ("*/*", conneg.RESOURCE_TYPES, conneg.HTML),
        (BROWSER, conneg.RESOURCE_TYPES, conneg.HTML),
        ("text/turtle", conneg.RESOURCE_TYPES, conneg.TURTLE),
        ("application/x-turtle", conneg.RESOURCE_TYPES, conneg.TURTLE),
        ("application/ld+json;q=0.9, text/turtle;q=0.5", conneg.RESOURCE_TYPES, conneg.JSONLD),
        ("text/*;q=0.9, text/html;q=0.1", conneg.RESOURCE_TYPES, conneg.TURTLE),
        ("application/rdf+xml, */*;q=0.1", conneg.RESOURCE_TYPES, conneg.RDFXML),
        ("image/png", conneg.RESOURCE_TYPES, None),
        ("text/turtle;q=0", conneg.RDF_TYPES, None),
        ("application/json", conneg.SOLUTION_TYPES, conneg.SPARQL_JSON),
        ("application/sparql-results+xml,application/xml", conneg.SOLUTION_TYPES, conneg.SPARQL_XML),
        ("text/csv;q=0.2, text/tab-separated-values;q=0.3", conneg.SOLUTION_TYPES, conneg.TSV),
        ("garbage, ;;;", conneg.RDF_TYPES, conneg.TURTLE),
        ("text/turtle;q=abc, application/n-triples", conneg.RDF_TYPES, conneg.NTRIPLES),
    ],
)
def test_choose(accept, offered, chosen):
    assert conneg.choose(accept, offered) == chosen


def test_wants_html_only_when_html_is_named():
    assert conneg.wants_html(BROWSER)
    assert (
        not conneg.wants_html("*/*") and not conneg.wants_html(None) and not conneg.wants_html("text/turtle")
    )


@pytest.mark.parametrize(
    ("query", "federated"),
    [
        ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", True),
        ("select * { service<http://x/>{?s ?p ?o} }", True),
        ("SELECT * { SERVICE SILENT ?endpoint { ?s ?p ?o } }", True),
        ("SELECT * { \\u0053ERVICE <http://x/> { ?s ?p ?o } }", True),
        ("SELECT * { ?a ?b ?c FILTER(?a<?b)SERVICE<http://x/>{?s ?p ?o} }", True),
        ('SELECT ?service WHERE { ?service ?p "SERVICE" }', False),
        ("SELECT * WHERE { ?s ?p ?o # SERVICE <http://x/>\n}", False),
        ("SELECT * { <http://example.org/SERVICE> ?p ?o }", False),
        ("SELECT * { ?s ex:service ?o }", False),
        ('SELECT * { ?s ?p """a " SERVICE <http://x/> {}""" }', False),
        ("SELECT * { ?s ?p 'it\\'s a SERVICE' }", False),
    ],
)
def test_service_guard(query, federated):
    assert uses_service(query) is federated


def test_links_on_the_server_and_in_the_site():
    space = UriSpace("https://w3id.org/cklod/")
    person = "https://w3id.org/cklod/id/person/zhang-xiao"
    server = ServerLinks(space, "/cklod")
    assert server.resource(person) == "/cklod/id/person/zhang-xiao"
    assert server.resource("https://w3id.org/cklod/ontology#Role") == "/cklod/ontology#Role"
    assert server.resource("http://schema.org/Person") == "http://schema.org/Person"
    assert server.data(person, "ttl") == "/cklod/data/id/person/zhang-xiao.ttl"
    page = SiteLinks(space, "page/id/person/zhang-xiao.html")
    assert page.resource(person) == "../../../page/id/person/zhang-xiao.html"
    assert (
        page.resource("https://w3id.org/cklod/id/evidence/x#quote")
        == "../../../page/id/evidence/x.html#quote"
    )
    assert page.resource("https://w3id.org/cklod/ontology#Role") == "../../../ontology.html#Role"
    assert page.resource("https://w3id.org/cklod/graph/003_x") == "../../../page/doc/003_x.html"
    assert SiteLinks(space, "index.html").page("timeline") == "timeline.html"


def test_uri_space_kinds():
    space = UriSpace("https://example.org/kz/")
    assert space.kind("https://example.org/kz/id/role/003_x-role-y") == "role"
    assert space.is_fact("https://example.org/kz/id/evidence/003_x-y")
    assert space.kind("https://example.org/kz/doc/003_x") == "doc"
    assert space.path("https://example.org/kz/../etc/passwd") is None
    assert space.path("https://example.org/other") is None
    # the ontology never moves with the base
    assert space.path("https://w3id.org/cklod/ontology#Role") == "ontology#Role"


def test_human_dates_keep_their_precision():
    assert human_date("2025-06-17") == "17 June 2025"
    assert human_date("2024-07") == "July 2024"
    assert human_date("2009") == "2009"
    assert human_date("2024-13") == "2024-13"


def test_segments_cover_the_text_exactly_with_overlapping_spans():
    from cklod.serve.document import segment_lines
    from cklod.serve.terms import Evidence

    text = "Alpha beta gamma.\nDelta epsilon."

    def span(key, start, end, motivation="describing", body=""):
        return Evidence(key, "d", "D", key, text[start:end], "", "", start, end, 1, motivation, body)

    spans = [
        span("a", 0, 10),
        span("b", 6, 16),
        span("m", 6, 10, "identifying", "http://e/beta"),
        span("c", 18, 23),
    ]
    lines = segment_lines(text, spans, [(18, 23, "byline", "boilerplate-1")])
    assert ["".join(s.text for s in line.segments) for line in lines] == text.split("\n")
    beta = next(s for s in lines[0].segments if s.text == "beta")
    assert beta.mention == "http://e/beta" and set(beta.facts) == {"a", "b"}
    assert beta.facts[0] in ("a", "b")
    alpha = lines[0].segments[0]
    assert alpha.text == "Alpha " and alpha.anchors == ("ev-a",) and alpha.facts == ("a",)
    delta = lines[1].segments[0]
    assert (
        delta.text == "Delta" and delta.boilerplate == "byline" and delta.anchors == ("ev-c", "boilerplate-1")
    )


def test_network_layout_is_deterministic(built, output_dir):
    from cklod.serve.dataset import Published
    from cklod.serve.network import co_participation

    published = Published(output_dir)
    first = co_participation(published.lookup)
    second = co_participation(published.lookup)
    assert [(n.term.value, n.x, n.y) for n in first.nodes] == [(n.term.value, n.x, n.y) for n in second.nodes]
    assert all(0 <= n.x <= first.width and 0 <= n.y <= first.height for n in first.nodes)
    positions = {(n.x, n.y) for n in first.nodes}
    assert len(positions) == len(first.nodes), "two nodes drawn on the same spot"
    agents = {e.a.term.value for e in first.edges} | {e.b.term.value for e in first.edges}
    assert agents == {n.term.value for n in first.nodes}
