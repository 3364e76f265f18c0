"""The pages as a person sees them, in headless Chromium: they load, read well (screenshots under
test-artifacts/screenshots/), pass axe-core's accessibility rules, log no console errors, and the query page
runs a query from its form."""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.server]

PERSON = "https://w3id.org/cklod/id/person/zhang-xiao"


def accessibility_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def test_home_page(page, live, screenshot):
    response = page.goto(f"{live}/")
    assert response.status == 200
    assert page.locator("h1").inner_text().startswith("cklod")
    assert page.locator(".stats li").count() == 5
    assert page.locator("a[download]").count() >= 4
    screenshot(page, "home")
    page.fill("#home-q", "Tokayev")
    page.click(".big-search button")
    page.wait_for_url("**/search?q=Tokayev")
    assert page.locator("ul.results a").first.inner_text().startswith("Tokayev")
    screenshot(page, "search")
    assert accessibility_violations(page) == []
    assert page.console.errors == []


def test_entity_page(page, live, store, screenshot):
    page.goto(f"{live}/id/person/zhang-xiao")  # the IRI's local path: 303 to the page
    assert page.url == f"{live}/page/id/person/zhang-xiao"
    assert page.locator("h1").inner_text() == "Zhang Xiao"
    data = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert data["@id"] == PERSON and data["@type"] == ["Person"]
    evidence = page.locator("figure.evidence").first
    assert evidence.locator("mark").inner_text().startswith("Zhang Xiao, Ambassador")
    screenshot(page, "entity")
    assert accessibility_violations(page) == []
    # the evidence links to the passage in the source document
    evidence.locator("figcaption a").click()
    page.wait_for_load_state()
    assert "/page/doc/001_39992d9c90a8bcd7#ev-" in page.url
    anchor = page.url.rsplit("#", 1)[1]
    assert page.locator(f"#{anchor}").count() == 1
    assert page.console.errors == []


def test_document_page(page, live, screenshot):
    page.goto(f"{live}/doc/003_5ecd5af879b8308b")
    assert page.url.endswith("/page/doc/003_5ecd5af879b8308b")
    assert page.locator("ol.text mark").count() > 50
    assert page.locator("ol.text a.mention").count() >= 1
    screenshot(page, "document")
    first_fact = page.locator("ol.text a.fact").first
    target = first_fact.get_attribute("href")
    first_fact.click()
    assert page.url.endswith(target)
    assert page.locator(target).is_visible()
    page.locator(target).scroll_into_view_if_needed()
    screenshot(page, "document-fact")
    assert accessibility_violations(page) == []
    assert page.console.errors == []


def test_query_page_runs_a_query_from_the_form(page, live, store, screenshot):
    query = (
        "PREFIX schema: <http://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?country ?name WHERE { ?country a schema:Country ; rdfs:label ?name . "
        'FILTER(lang(?name) = "en") } ORDER BY ?name'
    )
    expected = [row["name"].value for row in store.query(query, use_default_graph_as_union=True)]
    page.goto(f"{live}/query")
    page.fill("#query", query)
    page.click("#query-form button[type=submit]")
    page.wait_for_selector("#results table tbody tr")
    rows = page.locator("#results table tbody tr")
    assert rows.count() == len(expected) > 3
    assert [
        rows.nth(i).locator("td").nth(1).locator(".value").inner_text() for i in range(rows.count())
    ] == expected
    assert "rows in" in page.locator("#status").inner_text()
    link = rows.first.locator("td a")
    assert link.inner_text().startswith("https://w3id.org/cklod/id/country/")
    assert link.get_attribute("href").startswith("/id/country/")  # opens on this server
    screenshot(page, "query")
    assert accessibility_violations(page) == []
    assert page.console.errors == []


def test_query_page_shows_the_parsers_message(page, live):
    page.goto(f"{live}/query")
    page.fill("#query", "SELECT * WHERE { ?s ?p }")
    page.click("#query-form button[type=submit]")
    page.wait_for_selector("#results .error-box")
    assert "Malformed query" in page.locator("#results .error-box").inner_text()
    assert page.locator("#status").inner_text() == "Error 400"
    # Chromium logs the 400 response itself; nothing else may go wrong
    assert [e for e in page.console.errors if "status of 400" not in e] == []


@pytest.mark.parametrize("path", ["timeline", "network", "ontology", "classes"])
def test_overview_pages(page, live, path, screenshot):
    page.goto(f"{live}/{path}")
    assert page.locator("h1").count() == 1
    if path == "network":
        assert page.locator("svg.network circle").count() > 10
        page.locator("svg.network").scroll_into_view_if_needed()
    screenshot(page, path)
    assert accessibility_violations(page) == []
    assert page.console.errors == []
