"""``cklod site``: the static site is complete (every relative link lands on a file), valid HTML, free of
external resources, and byte-identical for the same build."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest

LINK = re.compile(r'(?:href|src)="([^"]*)"')
# One page of each kind, checked with a strict HTML5 parser.
SAMPLE_PAGES = [
    "index.html",
    "search.html",
    "query.html",
    "classes.html",
    "classes/schema/Person.html",
    "timeline.html",
    "network.html",
    "ontology.html",
    "page/id/person/zhang-xiao.html",
    "page/id/event/sco-summit-tianjin.html",
    "page/id/country/china.html",
    "page/id/role/000_8bfd59a1c3f8cacf-role-ashimov.html",
    "page/id/evidence/000_8bfd59a1c3f8cacf-role-ashimov.html",
    "page/id/statement/000_8bfd59a1c3f8cacf-asia-pacific-department-parent-1.html",
    "page/doc/000_8bfd59a1c3f8cacf.html",
    "page/doc/003_5ecd5af879b8308b.html",
]

ENDPOINT = "https://example.org/kg/sparql"


def run_site(output_dir: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONHASHSEED": "random"}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cklod",
            "site",
            str(out),
            "--out",
            str(output_dir),
            "--sparql-endpoint",
            ENDPOINT,
        ],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def two_sites(output_dir, tmp_path_factory):
    """The site written twice by two separate processes (different hash seeds), at the same time."""
    root = tmp_path_factory.mktemp("sites")
    outs = [root / "a", root / "b"]
    runs = [run_site(output_dir, out) for out in outs]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    return outs


def test_same_build_same_bytes(two_sites):
    first, second = (digest(site) for site in two_sites)
    assert len(first) > 1000
    assert first == second


def test_every_relative_link_lands_on_a_file(two_sites):
    site = two_sites[0]
    broken = []
    for page in sorted(site.rglob("*.html")):
        for url in set(LINK.findall(page.read_text(encoding="utf-8"))):
            if url.startswith(("http://", "https://", "mailto:", "data:", "#")):
                continue
            assert not url.startswith("/"), f"{page}: root-relative link {url} breaks outside a web root"
            target = (page.parent / url.split("#", 1)[0].split("?", 1)[0]).resolve()
            if not target.is_file():
                broken.append((page.relative_to(site).as_posix(), url))
    assert not broken, broken[:10]


def test_pages_exist_for_every_dataset_resource(two_sites, store):
    site = two_sites[0]
    subjects = {q.subject.value.split("#")[0] for q in store.quads_for_pattern(None, None, None, None)}
    resources = {
        s for s in subjects if s.startswith(("https://w3id.org/cklod/id/", "https://w3id.org/cklod/doc/"))
    }
    assert len(resources) > 500
    for iri in resources:
        path = iri.removeprefix("https://w3id.org/cklod/")
        assert (site / "page" / f"{path}.html").is_file(), iri
        assert (site / "data" / f"{path}.ttl").is_file(), iri


@pytest.mark.parametrize("name", SAMPLE_PAGES)
def test_pages_are_valid_html_without_external_resources(two_sites, name):
    text = (two_sites[0] / name).read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)
    ids = re.findall(r'\sid="([^"]*)"', text)
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert re.search(r'<html lang="en">', text) and "<title>" in text
    for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", text):
        for url in re.findall(r'(?:src|href)="([^"]*)"', tag):
            if 'rel="alternate"' in tag:
                continue
            assert not url.startswith(("http:", "https:", "//")), f"external resource {url}"


def test_search_index_is_inline_and_the_query_page_runs_in_the_browser(two_sites, output_dir):
    site = two_sites[0]
    search = (site / "search.html").read_text(encoding="utf-8")
    assert '<script type="application/json" id="search-index">' in search and "Tokayev" in search
    query = (site / "query.html").read_text(encoding="utf-8")
    assert f'data-endpoint="{ENDPOINT}"' in query and 'data-mode="endpoint"' in query  # the configured one
    assert (site / "dumps" / "cklod.nq").read_bytes() == (output_dir / "cklod.nq").read_bytes()


def test_without_an_endpoint_queries_run_in_the_browser(output_dir):
    from cklod.serve.dataset import Published
    from cklod.serve.site import site_files

    files = site_files(Published(output_dir))
    query = files["query.html"].decode()
    # Oxigraph in the reader's browser over the site's own dump, never the build machine's address
    assert 'data-mode="browser"' in query and "127.0.0.1" not in query
    assert 'data-dump="dumps/cklod.nq"' in query and 'data-wasm="static/oxigraph_bg.wasm"' in query
    assert files["static/oxigraph_bg.wasm"][:4] == b"\0asm"
