"""The pages as a person sees them, in headless Chromium: they load, read well (screenshots under
test-artifacts/screenshots/), pass axe-core's accessibility rules, log no console errors, and the query page
runs a query from its form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cklod.sparql.saved import load_all

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
    # the targeted passage stands out, and only it
    targeted = page.locator("ol.text .targeted")
    assert targeted.count() >= 1
    assert "".join(targeted.all_inner_texts()).startswith("Zhang Xiao, Ambassador Extraordinary")
    assert page.console.errors == []


def test_document_page(page, live, screenshot):
    page.goto(f"{live}/doc/003_5ecd5af879b8308b")
    assert page.url.endswith("/page/doc/003_5ecd5af879b8308b")
    assert page.locator("ol.text .ev").count() > 50
    assert page.locator("ol.text mark, ol.text .targeted").count() == 0  # nothing targeted, nothing loud
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
    page.locator(".cm-content").fill(query)  # the CodeMirror editor that replaces the textarea
    page.click("#query-form button[type=submit]")
    page.wait_for_selector("#results table tbody tr")
    rows = page.locator("#results table tbody tr")
    assert rows.count() == len(expected) > 3
    assert [
        rows.nth(i).locator("td").nth(1).locator(".value").inner_text() for i in range(rows.count())
    ] == expected
    assert "rows in" in page.locator("#status").inner_text()
    link = rows.first.locator("td a")
    assert link.get_attribute("href").startswith("/id/country/")  # opens on this server
    # the label is fetched after the rows and shown beside the IRI
    page.wait_for_selector("#results td .iri")
    assert (
        rows.first.locator("td")
        .first.locator(".iri")
        .inner_text()
        .startswith("https://w3id.org/cklod/id/country/")
    )
    assert link.inner_text() == expected[0]
    screenshot(page, "query")
    assert accessibility_violations(page) == []
    assert page.console.errors == []


def test_query_page_shows_the_parsers_message(page, live):
    page.goto(f"{live}/query")
    page.locator(".cm-content").fill("SELECT * WHERE { ?s ?p }")
    page.click("#query-form button[type=submit]")
    page.wait_for_selector("#results .error-box")
    assert "Malformed query" in page.locator("#results .error-box").inner_text()
    assert page.locator("#status").inner_text() == "Error 400: The query has a mistake"
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


# -- statements first ------------------------------------------------------------------------------------------


def summary(page) -> dict[str, list[str]]:
    """The key facts box as {label: [values as read]}."""
    lines = {}
    for row in page.locator(".statements-box dl > div").all():
        label = row.locator("dt").inner_text()
        lines[label] = [li.inner_text() for li in row.locator("dd li").all()]
    return lines


def test_event_page_leads_with_its_key_facts(page, live, screenshot):
    page.goto(f"{live}/page/id/event/inauguration-chinese-modernization-research-center-kazakhstan")
    box = page.locator(".statements-box")
    assert box.bounding_box()["y"] < 700  # at the top, not 11,000 px down
    facts = summary(page)
    assert facts["Date"] == ["6 November 2023 day[1]"]
    assert sorted(facts["Place"]) == ["Astana[1]", "Nazarbayev University[1]"]
    assert sorted(facts["Organizers"]) == [
        "CICG Center for Europe and Asia[1]",
        "China Studies Center in Kazakhstan[1]",
    ]
    assert facts["Outcomes"] == ["Chinese Modernization Research Center (Kazakhstan)[1]"]
    assert facts["Participants"] == ["8 reported"]
    # each value links to its quote, shown once on the page
    ref = box.locator("sup.ref a").first.get_attribute("href")
    assert ref == "#q-1" and page.locator("#q-1 mark").inner_text().startswith("On November 6, 2023")
    assert (
        page.locator("figure.evidence mark", has_text="On November 6, 2023, a significant milestone").count()
        == 1
    )
    assert page.locator("text=000_8bfd59a1c3f8cacf").count() == 0  # titles, not ids
    screenshot(page, "event")
    assert accessibility_violations(page) == []
    assert page.console.errors == []


def test_person_page_shows_one_card_per_post(page, live, screenshot):
    page.goto(f"{live}/page/id/person/gulnar-shaimergenova")
    facts = summary(page)
    assert facts["Current posts"] == [
        "Director of the China Studies Center in Kazakhstan (last reported 2025)[1]"
    ]
    posts = page.locator("article.post")
    assert posts.count() == 1  # four documents' spellings of one post
    assert posts.first.locator("ol.attestations > li").count() == 4
    spellings = posts.first.locator("dt:text('Spellings') + dd").inner_text()
    assert "“director”" in spellings and "“Director of China Studies Center in Kazakhstan”" in spellings
    screenshot(page, "person")
    assert accessibility_violations(page) == []
    assert page.console.errors == []


def test_organization_page_leads_with_its_key_facts(page, live):
    page.goto(f"{live}/page/id/organization/chinese-modernization-research-center-kazakhstan")
    facts = summary(page)
    assert facts["Founded"][0].startswith("6 November 2023")
    assert sorted(v.rstrip("[]0123456789") for v in facts["Founders"]) == [
        "CICG Center for Europe and Asia",
        "China Studies Center in Kazakhstan",
    ]
    assert facts["Location"][0].startswith("Astana")
    assert accessibility_violations(page) == []


# -- every page kind at phone width ------------------------------------------------------------------------------

PAGE_KINDS = [
    "/",
    "/search?q=Tokayev",
    "/query",
    "/classes",
    "/classes/schema/Person",
    "/timeline",
    "/network",
    "/ontology",
    "/page/id/person/gulnar-shaimergenova",
    "/page/id/event/xi-state-visit-kazakhstan-2024",
    "/page/id/organization/chinese-modernization-research-center-kazakhstan",
    "/page/id/country/kazakhstan",
    "/page/id/role/000_8bfd59a1c3f8cacf-role-shaimergenova",
    "/page/id/evidence/000_8bfd59a1c3f8cacf-ceremony",
    "/page/doc/000_8bfd59a1c3f8cacf",
]


@pytest.mark.parametrize("width", [360, 390])
def test_no_page_scrolls_sideways_on_a_phone(chromium, live, width):
    page = chromium.new_page()
    try:
        page.set_viewport_size({"width": width, "height": 800})
        wide = []
        for path in PAGE_KINDS:
            page.goto(live + path)
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            if scroll > inner:
                wide.append((path, scroll))
        assert wide == []
    finally:
        page.close()


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_every_page_kind_passes_axe(page, live, path):
    page.goto(live + path)
    assert accessibility_violations(page) == []


# -- the query page: saved queries, links, downloads ---------------------------------------------------------------


def test_a_link_runs_a_saved_query_and_the_answer_downloads_as_csv(
    page, live, store, screenshot, project_root
):
    page.goto(f"{live}/query?saved=posts-held&person=person:gulnar-shaimergenova")
    assert page.locator(".saved-list > li").count() == len(load_all(project_root)) > 0
    assert page.locator("#param-person").input_value() == "person:gulnar-shaimergenova"
    page.wait_for_selector("#results table tbody tr")
    assert page.locator("#status").inner_text().startswith("4 rows in ")
    page.wait_for_selector("#results td .iri")
    with page.expect_download() as download:
        page.click("#downloads button[data-format=csv]")
    assert download.value.suggested_filename == "posts-held.csv"
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "person,title,organization,country,attestedOn,former,document,line,evidence"
    assert len(lines) == 5 and all(
        line.startswith("https://w3id.org/cklod/id/person/gulnar-shaimergenova,") for line in lines[1:]
    )
    screenshot(page, "query-saved")
    assert page.console.errors == []


def test_the_static_sites_query_page_runs_sparql_in_the_browser(page, output_dir, tmp_path, screenshot):
    import functools
    import http.server
    import threading

    from cklod.serve.site import write_site

    site = tmp_path / "site"
    write_site(output_dir, site)
    assert "127.0.0.1" not in (site / "query.html").read_text()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/query.html?saved=posts-held&person=person:gulnar-shaimergenova"
        page.goto(url)
        page.wait_for_selector("#results table tbody tr", timeout=60_000)
        assert page.locator("#status").inner_text().startswith("4 rows in ")
        page.wait_for_selector("#results td .iri")
        link = page.locator("#results tbody tr").first.locator("td a").first
        assert link.inner_text() == "Gulnar Shaimergenova"
        assert link.get_attribute("href") == "page/id/person/gulnar-shaimergenova.html"
        screenshot(page, "site-query")
        assert page.console.errors == []
        # the static search forgives spelling as the server's does
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/search.html?q=Tokaev")
        first = page.locator("ul.results a").first
        assert first.get_attribute("href") == "page/id/person/kassym-jomart-tokayev.html"
    finally:
        server.shutdown()
