"""The sources the saved queries' expected answers are worked out from, read with yaml and plain Python.

The tests in test_query_saved_*.py compare each saved query's answer on the bundled corpus with an answer
worked out here from the mapping YAML, the registry and the corpus text (quotes located in the text, offsets
and lines counted in Python) — not copied from the engine's output.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from cklod.rdf.iris import ENTITY_TYPES
from cklod.reason.closure import transitive  # the same graph walk the reason stage uses
from cklod.sparql.engine import LocalTarget, parse_params, run
from cklod.sparql.results import short
from cklod.sparql.saved import find

ROLE_ACTS = (
    ("signed_by", "signed"),
    ("adopted_by", "adopted"),
    ("proposed_by", "proposed"),
    ("launched_by", "launched"),
)
FACT_FIELDS = {
    "role": ("holder", "organization", "country"),
    "event": ("event", "location", "organizers", "part_of", "outcomes", "about"),
    "participation": ("event", "participant"),
    "statistic": ("about",),
    "quotation": ("speaker", "event", "about"),
    "speech": ("speaker", "event", "about"),
    "initiative": (
        "initiative",
        "proposed_by",
        "launched_by",
        "signed_by",
        "adopted_by",
        "location",
        "event",
        "aligned_with",
    ),
    "relation": ("subject",),
    "status": ("of", "by", "event"),
}


def entity_objects(relation: dict) -> list[str]:
    """The registry ids a relation fact links its subject to: its object, or each of a list of them."""
    obj = relation["object"]
    return [o for o in (obj if isinstance(obj, list) else [obj]) if isinstance(o, str)]


class Sources:
    """The corpus, registry and mappings, read with yaml and plain Python."""

    def __init__(self, root: Path):
        self.registry: dict[str, dict] = {}
        for path in sorted((root / "mappings" / "registry").glob("*.yaml")):
            for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
                self.registry[entry["id"]] = entry
        self.docs: dict[str, dict] = {}
        for path in sorted((root / "mappings").glob("*.yaml")):
            mapping = yaml.safe_load(path.read_text(encoding="utf-8"))
            doc_id = mapping["document"]
            raw = (root / "corpus" / f"{doc_id}.txt").read_bytes()
            meta = yaml.safe_load((root / "corpus" / f"{doc_id}.meta.yaml").read_text(encoding="utf-8"))
            text = raw.decode("utf-8")
            facts = [dict(f, doc=doc_id) for f in mapping.get("facts") or []]
            for f in facts:
                if "quote" in f and not f.get("external"):
                    f["at"], f["until"], f["line"] = locate(text, f["quote"], f.get("within"), f.get("nth"))
            mentions = [dict(m, doc=doc_id) for m in mapping.get("mentions") or []]
            for m in mentions:
                m["at"], m["until"], m["line"] = locate(text, m["quote"], m.get("within"), m.get("nth"))
            self.docs[doc_id] = {"text": text, "raw": raw, "meta": meta, "facts": facts, "mentions": mentions}

    def iri(self, entity_id: str) -> str:
        return f"{ENTITY_TYPES[self.registry[entity_id]['type']][0]}:{entity_id}"

    def kind(self, entity_id: str) -> str:
        return ENTITY_TYPES[self.registry[entity_id]["type"]][0]

    def name(self, entity_id: str) -> str:
        return self.registry[entity_id]["name"]

    def facts(self, *kinds: str) -> list[dict]:
        return [f for d in self.docs.values() for f in d["facts"] if not kinds or f["kind"] in kinds]

    def published(self, doc_id: str) -> str:
        return str(self.docs[doc_id]["meta"]["date_published"])

    def mentioned(self, doc_id: str) -> set[str]:
        doc = self.docs[doc_id]
        ids = {m["entity"] for m in doc["mentions"]}
        for f in doc["facts"]:
            for name in FACT_FIELDS[f["kind"]]:
                value = f.get(name)
                ids.update(value if isinstance(value, list) else [value] if value else [])
            if f["kind"] == "relation":
                ids.update(entity_objects(f))
        return ids

    def parents(self, predicate: str) -> dict[str, set[str]]:
        edges: dict[str, set[str]] = defaultdict(set)
        for f in self.facts("relation"):
            if f["predicate"] == predicate:
                edges[f["subject"]].update(entity_objects(f))
        return edges


def all_statistics(src: Sources) -> list[dict]:
    """The statistic facts, and the attendance figures of event facts (which become statistics too)."""
    stats = list(src.facts("statistic"))
    for f in src.facts("event"):
        if f.get("attendance") is not None:
            stats.append(
                {
                    **f,
                    "measure": "attendees",
                    "value": f["attendance"],
                    "unit": "people",
                    "about": [f["event"]],
                    "date": f.get("date") or f.get("start"),
                }
            )
    return stats


def locate(text: str, quote: str, within: str | None, nth: int | None) -> tuple[int, int, int]:
    if within is not None:
        assert text.count(within) == 1 and within.count(quote) == 1
        start = text.index(within) + within.index(quote)
    else:
        hits = [m.start() for m in re.finditer(re.escape(quote), text)]
        start = hits[(nth or 1) - 1]
        assert nth is not None or len(hits) == 1, quote
    return start, start + len(quote), text.count("\n", 0, start) + 1


def closure(edges: dict[str, set[str]], start: str) -> set[str]:
    """``start`` and everything reachable from it."""
    return {start} | transitive(edges, start)


def value(term) -> str | None:
    if term is None:
        return None
    return short(term.value) if isinstance(term, ox.NamedNode) else term.value


@pytest.fixture(scope="module", name="src")
def src_fixture(project_root) -> Sources:
    return Sources(project_root)


@pytest.fixture(scope="module", name="ask")
def ask_fixture(project_root, store):
    target = LocalTarget(store)

    def answer(name: str, **params: str):
        saved = find(project_root, name)
        return run(target, saved.text, parse_params([f"{k}={v}" for k, v in params.items()]))

    return answer


def rows(answer, *names: str) -> list[tuple]:
    names = names or tuple(answer.variables)
    return [tuple(value(r.get(n)) for n in names) for r in answer.rows()]


def same(got: list[tuple], expected: list[tuple]) -> None:
    """The same rows (as a multiset), and none missing or extra."""
    assert sorted(got, key=repr) == sorted(expected, key=repr)
    assert got, "an empty answer proves nothing"


def doc(doc_id: str) -> str:
    return f"doc:{doc_id}"


def test_every_located_quote_is_the_text_at_its_offsets(src):
    located = [f for f in src.facts() if "at" in f] + [m for d in src.docs.values() for m in d["mentions"]]
    assert len(located) > 300
    for f in located:
        text = src.docs[f["doc"]]["text"]
        assert text[f["at"] : f["until"]] == f["quote"]
