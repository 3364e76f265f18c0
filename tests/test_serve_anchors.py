"""Every in-page anchor a link of the static site points at exists on its target page, and document pages link
the names in their text and mark the evidence quietly (the targeted passage is highlighted by the page)."""

from __future__ import annotations

import posixpath
import re
from collections import Counter

import pytest

from cklod.serve.dataset import Published
from cklod.serve.site import site_files


@pytest.fixture(scope="module")
def site(output_dir) -> dict[str, bytes]:
    return site_files(Published(output_dir))


def test_every_fragment_a_link_points_at_exists(site):
    ids = {
        path: set(re.findall(r'id="([^"]+)"', body.decode()))
        for path, body in site.items()
        if path.endswith(".html")
    }
    missing, checked = Counter(), 0
    for path, body in site.items():
        if not path.endswith(".html"):
            continue
        for href in re.findall(r'href="([^"]+)"', body.decode()):
            target, sep, fragment = href.partition("#")
            if not sep or "://" in target:
                continue
            page = posixpath.normpath(posixpath.join(posixpath.dirname(path), target)) if target else path
            assert page in ids, f"{path} links to {href}, which is not a page of the site"
            checked += 1
            if fragment not in ids[page]:
                missing[(page, fragment)] += 1
    assert checked > 3000
    assert sum(missing.values()) == 0, missing.most_common(10)


def test_no_page_defines_an_id_twice(site):
    for path, body in site.items():
        if path.endswith(".html"):
            twice = [i for i, n in Counter(re.findall(r'id="([^"]+)"', body.decode())).items() if n > 1]
            assert twice == [], path


def test_document_text_links_names_and_keeps_evidence_quiet(site):
    page = site["page/doc/000_8bfd59a1c3f8cacf.html"].decode()
    text = page.split('<ol class="text">', 1)[1].split("</ol>", 1)[0]
    assert re.search(r"(\d+) facts, (\d+) names", page).groups() == ("71", "95")
    assert text.count('class="mention"') >= 95  # a name cut by an evidence boundary is two links
    assert (
        '<a class="mention" href="../../page/id/person/gulnar-shaimergenova.html">Gulnar Shaimergenova</a>'
        in text
    )
    assert "<mark" not in text  # highlighting is for the passage a link targets, not for all evidence
    assert text.count('class="ev"') > 50
