"""Completeness of the mappings: every capitalized word and every number of each article's text is accounted
for — part of the name of an entity the document's facts use, a value or date of one of its facts, or listed in
the mapping's `ignore` with a reason (cklod.load.mapping.coverage, what `cklod check --coverage` lists)."""

from __future__ import annotations

import pytest

from cklod.load.mapping.coverage import Uncovered, uncovered
from cklod.load.sources import load_sources

DOCS = [
    "000_8bfd59a1c3f8cacf",
    "001_39992d9c90a8bcd7",
    "002_6fb63ed73c7fcc78",
    "003_5ecd5af879b8308b",
    "004_ebc1b76246187781",
]


@pytest.fixture(scope="module")
def sources(project_root):
    return load_sources(project_root)


@pytest.mark.parametrize("doc_id", DOCS)
def test_every_capitalized_word_and_number_is_accounted_for(sources, doc_id):
    mapping = sources.mappings[doc_id]
    missing = [u.text for u in uncovered(mapping, sources.registry)]
    assert missing == [], f"{mapping.file}: not mapped and not in 'ignore': {missing}"


def test_an_unmapped_name_and_numbers_are_reported_where_they_first_occur(project_root):
    sources = load_sources(project_root)  # its own copy: the mappings are cut down below
    summit = sources.mappings["004_ebc1b76246187781"]
    summit.mentions = [m for m in summit.mentions if m.mention.entity != "africa"]
    assert uncovered(summit, sources.registry) == [Uncovered("Africa", 3, 38, 1)]
    trade = sources.mappings["003_5ecd5af879b8308b"]
    trade.facts = [f for f in trade.facts if f.fact.id != "stat-trade-volume-2023"]
    assert uncovered(trade, sources.registry) == [Uncovered("41", 31, 1149, 1), Uncovered("32", 31, 1164, 1)]
