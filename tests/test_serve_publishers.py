"""What publishers and crawlers read: the home page's schema:Dataset markup with its downloads, the VoID
description as a page, and search that forgives spelling and transliteration."""

from __future__ import annotations

import re

import httpx
import pytest
import rdflib

from browser.serving import served

pytestmark = pytest.mark.server

SDO = rdflib.Namespace("http://schema.org/")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def base(output_dir):
    with served(output_dir) as url:
        yield url


def test_home_page_has_dataset_markup_with_every_download(base, output_dir):
    page = httpx.get(base + "/").text
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    graph = rdflib.Graph().parse(data=script, format="json-ld")
    dataset = rdflib.URIRef("https://w3id.org/cklod/dataset")
    assert (dataset, rdflib.RDF.type, SDO.Dataset) in graph
    assert str(graph.value(dataset, SDO.name)).startswith("cklod")
    assert str(graph.value(dataset, SDO.license)) == "https://creativecommons.org/licenses/by/4.0/"
    urls = {str(graph.value(d, SDO.contentUrl)) for d in graph.objects(dataset, SDO.distribution)}
    assert "https://w3id.org/cklod/dumps/cklod.nq" in urls and len(urls) >= 4
    for d in graph.objects(dataset, SDO.distribution):
        assert (d, rdflib.RDF.type, SDO.DataDownload) in graph and graph.value(d, SDO.encodingFormat)


def test_void_is_a_page_for_browsers_and_turtle_for_programs(base):
    page = httpx.get(base + "/void", headers={"Accept": BROWSER})
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>cklod: China–Kazakhstan Linked Open Data</h1>" in page.text
    assert httpx.get(base + "/void").headers["content-type"].startswith("text/turtle")
    assert (
        httpx.get(base + "/void", headers={"Accept": "*/*"}).headers["content-type"].startswith("text/turtle")
    )


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Tokaev", "/id/person/kassym-jomart-tokayev"),
        ("Shaymergenova", "/id/person/gulnar-shaimergenova"),
        ("Astna", "/id/place/astana"),
        ("Belt and Raod", "/id/initiative/belt-and-road-initiative"),
    ],
)
def test_search_forgives_spelling(base, typed, found):
    page = httpx.get(base + "/search", params={"q": typed}).text
    first = re.search(r'<ul class="results">\s*<li><a href="([^"]+)">', page)
    assert first is not None and first.group(1) == found


def test_search_does_not_invent_matches(base):
    assert 'class="results"' not in httpx.get(base + "/search", params={"q": "zzzz"}).text
